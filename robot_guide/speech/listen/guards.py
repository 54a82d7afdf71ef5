"""Hallucination guards: drop what Whisper invents from silence, noise or a blip, keeping the reason."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.settings import check_bounds, setting

# What Whisper writes for silence or noise (learned from subtitled videos), compared after normalising.
PHANTOM_PHRASES = frozenset(
    {
        "thank you",
        "thank you very much",
        "thanks",
        "thanks for watching",
        "thank you for watching",
        "thank you so much for watching",
        "please subscribe",
        "subscribe",
        "you",
        "bye",
        "bye bye",
        "music",
        "applause",
        "silence",
        "",
    }
)

_NON_WORD = re.compile(r"[^\w' ]+")
_SENTENCE_END = re.compile(r"(?<=[.?!。？！])\s*")
# Whisper on a short question sometimes writes it twice ("Where can I get food? Where can I get food?"),
# filling the silent rest of its window; the loop guard would then drop the question. One copy is what was
# said. Six letters at least (characters in Chinese), so the loop guard still judges "KOC. KOC. KOC."
MIN_REPEATED_SENTENCE_LETTERS = 6
LOW_CONFIDENCE = "low confidence"  # the reason that marks words heard but not understood
NO_SPEECH = "no speech"
LOOP = "repeated-term loop"
PROMPT_ECHO = "echo of the recogniser's prompt"
REPETITIVE = "repetitive"
# The recogniser's own doubts about what it read (as opposed to too short, too quiet, no words, a phantom
# phrase): when the microphone says a guest clearly spoke, each of them means words not understood.
UNSURE_READINGS = (LOW_CONFIDENCE, NO_SPEECH, LOOP, PROMPT_ECHO, REPETITIVE)
PROMPT_OPENING_WORDS = 4  # a transcript that opens with this many of the prompt's first words recites it


def normalise_words(text: str) -> str:
    """Lower case, punctuation and bracket tags ("[music]", "…") removed, single spaces."""
    cleaned = _NON_WORD.sub(" ", text.lower().replace("…", " "))
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class GuardConfig:
    no_speech_prob: float = setting(
        0.6,
        "Whisper no-speech probability (0-1) above which, with a low avg_logprob, the text is dropped",
        parameter="no_speech_prob",
        low=0.0,
        high=1.0,
    )
    no_speech_logprob: float = setting(
        -0.5,
        "avg_logprob below which a high no-speech probability drops the text (Whisper's silence rule)",
        parameter="no_speech_logprob",
    )
    min_avg_logprob: float = setting(
        -1.0,
        "Whisper avg_logprob below which the words are guesses and the text is dropped",
        parameter="min_avg_logprob",
    )
    # Base writes other languages from a synthetic voice at -0.6 to -1.7 and the right words are often in
    # it ("Геомин пункт", "洗手间在那里"): English's -1.0 would drop most of them unheard.
    other_language_min_avg_logprob: float = setting(
        -1.5,
        "avg_logprob below which a transcript in a language other than English is dropped as guesses",
        parameter="other_language_min_avg_logprob",
    )
    max_compression_ratio: float = setting(
        2.4,
        "text compression ratio above which the transcript repeats itself and is dropped",
        parameter="max_compression_ratio",
        low=0.0,
    )
    min_speech_s: float = setting(
        0.25,
        "seconds of audio below which a transcript is dropped as too short",
        parameter="min_speech_s",
        low=0.0,
    )
    min_speech_dbfs: float = setting(
        -50.0,
        "loudness in dBFS (<= 0) below which an utterance carries no words worth acting on",
        parameter="min_speech_dbfs",
        high=0.0,
    )
    short_audio_s: float = setting(
        1.0, "seconds below which a phantom phrase inside the text (not only alone) drops it", low=0.0
    )
    # Whisper falls into loops ("KOC, KOC, KOC, KOC") on speech it cannot read, e.g. another language.
    max_repeats: int = setting(
        4,
        "repeats of one word or phrase (1-3 words) that, filling loop_share of the text, make it a loop",
        parameter="max_repeats",
        low=2,
    )
    # A mumbled question came back as "Please, I have been a great leader, and I have been a great leader,
    # and I have been a great leader, and": a longer phrase loops in fewer repeats.
    phrase_loop_repeats: int = setting(
        3,
        "repeats of a longer phrase (4-8 words) that, filling loop_share of the text, make it a loop",
        parameter="phrase_loop_repeats",
        low=2,
    )
    loop_share: float = setting(
        0.5,
        "share (0-1) of the transcript's words a repeated word or phrase must make up to be a loop",
        parameter="loop_share",
        low=0.0,
        high=1.0,
    )
    prompt_echo_share: float = setting(
        0.6,
        "share (0-1) of the prompt's words repeated in order above which the transcript echoes the prompt",
        parameter="prompt_echo_share",
        low=0.0,
        high=1.0,
    )
    drop_phantom_utterances: bool = setting(
        True,
        "drop Whisper's favourite inventions said alone ('thank you', 'bye') as not really heard",
        parameter="drop_phantom_utterances",
    )

    def __post_init__(self) -> None:
        check_bounds(self, "guard")


def repeated_loop(words: list[str], max_repeats: int, share: float, phrase_repeats: int | None = None) -> str:
    """The word or phrase the transcript loops on, or "" when it does not loop: 1-3 words repeated
    max_repeats times, or 4-8 words repeated phrase_repeats times (default: max_repeats), filling share."""
    for size in range(1, 9):
        grams = [" ".join(words[i : i + size]) for i in range(0, len(words) - size + 1)]
        if not grams:
            break
        gram = max(set(grams), key=grams.count)
        count = grams.count(gram)
        needed = max_repeats if size <= 3 or phrase_repeats is None else phrase_repeats
        if count >= needed and count * size >= share * len(words):
            return gram
    return ""


def echoes_prompt(words: list[str], prompt: str, share: float) -> bool:
    """Does the transcript recite the prompt: its opening words, or most of it in order?"""
    prompt_words = normalise_words(prompt).split()
    if not prompt_words or not words:
        return False
    opening = min(PROMPT_OPENING_WORDS, len(prompt_words))
    if len(prompt_words) > opening and words[:opening] == prompt_words[:opening]:
        return True
    longest = _longest_common_run(words, prompt_words)
    return longest >= 3 and longest >= share * len(prompt_words)


def _longest_common_run(first: list[str], second: list[str]) -> int:
    best = 0
    previous = [0] * (len(second) + 1)
    for word in first:
        current = [0] * (len(second) + 1)
        for index, other in enumerate(second):
            if word == other:
                current[index + 1] = previous[index] + 1
                best = max(best, current[index + 1])
        previous = current
    return best


def check_transcript(
    transcript: Transcript, audio_dbfs: float, config: GuardConfig | None = None, prompt: str = ""
) -> str:
    """The reason to reject this transcript, or "" to keep it. audio_dbfs = loudness of the utterance,
    prompt = the initial prompt the recogniser was given (Whisper sometimes writes it back)."""
    cfg = config or GuardConfig()
    words = normalise_words(transcript.text)
    if transcript.rejected:
        return transcript.rejected
    if transcript.seconds < cfg.min_speech_s:
        return f"too short ({transcript.seconds:.2f} s < {cfg.min_speech_s:.2f} s)"
    if not re.search(r"\w", words):
        return "no words"
    if audio_dbfs < cfg.min_speech_dbfs:
        return f"too quiet ({audio_dbfs:.0f} dBFS < {cfg.min_speech_dbfs:.0f} dBFS)"
    if transcript.no_speech_prob > cfg.no_speech_prob and transcript.avg_logprob < cfg.no_speech_logprob:
        return f"{NO_SPEECH} (no_speech_prob {transcript.no_speech_prob:.2f})"
    word_list = words.split()
    loop = repeated_loop(word_list, cfg.max_repeats, cfg.loop_share, cfg.phrase_loop_repeats)
    if loop:
        return f"{LOOP} '{loop}'"
    if prompt and echoes_prompt(word_list, prompt, cfg.prompt_echo_share):
        return PROMPT_ECHO
    min_avg_logprob = (
        cfg.min_avg_logprob if transcript.language == "en" else cfg.other_language_min_avg_logprob
    )
    if transcript.avg_logprob < min_avg_logprob:
        return f"{LOW_CONFIDENCE} (avg_logprob {transcript.avg_logprob:.2f})"
    if transcript.compression_ratio > cfg.max_compression_ratio:
        return f"{REPETITIVE} (compression ratio {transcript.compression_ratio:.1f})"
    if words in PHANTOM_PHRASES and cfg.drop_phantom_utterances:
        return f"phantom phrase '{words}'"
    short_or_quiet = transcript.seconds < cfg.short_audio_s or audio_dbfs < cfg.min_speech_dbfs + 10.0
    if short_or_quiet and any(len(phrase) > 3 and phrase in words for phrase in PHANTOM_PHRASES):
        return f"phantom phrase in short or quiet audio '{words}'"
    return ""


def unsure_reading(reason: str) -> bool:
    """Does this rejection say the recogniser could not read the words, rather than that none were said?"""
    return reason.startswith(UNSURE_READINGS)


def one_copy(text: str) -> str:
    """The sentence once, when the text is one sentence of at least MIN_REPEATED_SENTENCE_LETTERS letters
    written two or more times over; otherwise the text unchanged."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part]
    if len(sentences) < 2:
        return text
    first = normalise_words(sentences[0])
    if len(first.replace(" ", "")) < MIN_REPEATED_SENTENCE_LETTERS:
        return text
    return sentences[0] if all(normalise_words(s) == first for s in sentences[1:]) else text


def apply_guards(
    transcript: Transcript, audio_dbfs: float, config: GuardConfig | None = None, prompt: str = ""
) -> Transcript:
    """The transcript (a sentence written twice kept once), or with `rejected` set to the reason and its text
    emptied."""
    single = one_copy(transcript.text)
    if single != transcript.text:
        transcript = dataclasses.replace(transcript, text=single)
    reason = check_transcript(transcript, audio_dbfs, config, prompt)
    if not reason:
        return transcript
    return dataclasses.replace(transcript, text="", rejected=reason)
