"""`robot-guide transcribe FILE...`: speech files to text with the node's engine, settings and guards."""

from __future__ import annotations

import argparse
import json
import sys

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
        "--prompt", default="", help="domain words to bias recognition, e.g. 'AiMOGA robot, Chery.'"
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
    failed = 0
    for path in args.files:
        try:
            audio = load_audio(path)
        except AudioFileError as exc:
            print(f"robot-guide: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        raw = transcriber.transcribe(audio, args.prompt or None)
        result = raw if args.no_guards else apply_guards(raw, rms_dbfs(audio), guards)
        if args.json:
            record: dict[str, object] = {
                "file": path,
                "text": result.text,
                "language": result.language,
                "confidence": round(result.confidence, 4),
                "seconds": round(result.seconds, 3),
                "decode_seconds": round(result.decode_seconds, 3),
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
