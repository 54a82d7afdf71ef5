"""`robot-guide transcribe FILE...`: speech files to text with the node's engine, settings and guards."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable

from robot_guide.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("transcribe", help="transcribe audio files with the robot's recogniser")
    parser.add_argument("files", nargs="+", metavar="FILE", help="audio files (WAV, FLAC, MP3, OGG...)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per file")
    parser.add_argument(
        "--backend", default="faster-whisper", help="faster-whisper (default) or openai-whisper"
    )
    parser.add_argument("--model", default="", help="model folder/checkpoint (default: bundled tiny.en)")
    parser.add_argument(
        "--prompt",
        default=None,
        help="domain words to bias recognition (default: the bundled knowledge's prompt, as asr_node uses; "
        "'' for none)",
    )
    parser.add_argument(
        "--full-window",
        action="store_true",
        help="encode Whisper's full 30 s window (slower; for comparison)",
    )
    parser.add_argument(
        "--no-guards", action="store_true", help="print the raw text even if a guard rejects it"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from robot_guide.speech.audio import AudioFileError, load_audio, rms_dbfs
    from robot_guide.speech.errors import SpeechEngineError
    from robot_guide.speech.listen.config import ListenerConfig
    from robot_guide.speech.listen.engines.factory import make_transcriber
    from robot_guide.speech.listen.guards import apply_guards

    options: dict[str, object] = {"model": args.model}
    if args.backend.strip().lower().replace("_", "-") == "faster-whisper":
        options["fast_window"] = not args.full_window
    try:
        transcriber = make_transcriber(args.backend, **options)
    except SpeechEngineError as exc:
        raise CliError(str(exc)) from None
    guards = ListenerConfig().guards  # the node's defaults
    knowledge_prompt, correct_terms = knowledge_speech()
    prompt = knowledge_prompt if args.prompt is None else args.prompt.strip()
    failed = 0
    for path in args.files:
        try:
            audio = load_audio(path)
        except AudioFileError as exc:
            print(f"robot-guide: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        raw = transcriber.transcribe(audio, prompt or None)
        result = raw if args.no_guards else apply_guards(raw, rms_dbfs(audio), guards, prompt)
        result = dataclasses.replace(result, text=correct_terms(result.text))
        if args.json:
            record: dict[str, object] = {
                "file": path,
                "text": result.text,
                "language": result.language,
                "confidence": round(result.confidence, 4),
                "seconds": round(result.seconds, 3),
                "decode_seconds": round(result.decode_seconds, 3),
                "prompt": prompt,
            }
            if result.rejected:
                record["rejected"] = result.rejected
                record["heard"] = raw.text
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif result.rejected:
            print(f"{path}\t(rejected: {result.rejected})", flush=True)
        else:
            print(f"{path}\t{result.text}", flush=True)
    return 1 if failed else 0


def knowledge_speech() -> tuple[str, Callable[[str], str]]:
    """What asr_node gets from the dialogue for the bundled knowledge: the prompt, and the corrector that
    writes the knowledge's names its way ("I-MOGA" -> "AiMOGA")."""
    from robot_guide.knowledge.loader import KnowledgeError, load_knowledge
    from robot_guide.knowledge.vocabulary import asr_prompt, transcript_terms_catalog
    from robot_guide.paths import default_knowledge_dir
    from robot_guide.speech.listen.transcript_terms import TermCorrector

    try:
        kb = load_knowledge(default_knowledge_dir())
    except KnowledgeError as exc:
        raise CliError(f"the bundled knowledge does not load ({exc}); run 'robot-guide kb check'") from None
    return asr_prompt(kb), TermCorrector.from_catalog(transcript_terms_catalog(kb))
