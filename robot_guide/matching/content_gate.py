"""Whether a question has real content before it is answered: known content words, speech-like characters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.lexical import STOP_WORDS, light_stem
from robot_guide.matching.normalize import MAX_INPUT_CHARS, Normalizer

_NON_WORD = re.compile(r"[^\w]+|_+")
# Languages written without spaces: content is counted in characters, not words.
CHARACTER_LANGUAGES = frozenset({"zh", "ja"})
# Characters that speech never produces and a typed question rarely needs: markup, code and key-value
# fragments ("key: ", "&c]", "{x}"). With them, a question needs more than one known content word.
MARKUP = frozenset("[]{}<>=&|\\^~`$#*_:;@")
MIN_KNOWN_WITH_MARKUP = 2
# A question without any known content word is still real when it is (nearly) one of the entry's own
# paraphrases: "what can you do", "who are you" are made of function words only.
PARAPHRASE_SIMILARITY = 90.0
MIN_PARAPHRASE_WORDS = 2
# An unknown word this close to a known one is a spelling or recognition slip of it ("wify", "toilett").
SPELLING_SIMILARITY = 84.0
SPELLING_MIN_LENGTH = 4
MIN_KNOWN_CHARACTERS = 2  # zh/ja: two characters of the knowledge base's own questions
# zh/ja: one word of two or more characters said three times or more ("峰会峰会峰会") asks nothing; it is
# also how a looping recogniser fails. Doubled words ("谢谢", "拜拜", "谢谢谢谢") are ordinary speech.
_LOOPED_WORD = re.compile(r"(\w{2,}?)\1{2,}")
# Word languages written in a script other than Latin: their questions are read word by word, as Latin ones.
WORD_SCRIPTS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "ar": "ARABIC", "fa": "ARABIC", "el": "GREEK"}
# Never content: the lexical stop words, hesitations and backchannels. Narrower than coverage's function
# words on purpose: "thanks", "hello", "day", "things" are the whole topic of small talk.
_HESITATION_TEXT = "uh uhm um umm er erm ah ahh eh hmm mm mhm huh oh ooh"
_BACKCHANNEL_TEXT = "ok okay yes yeah yep yup nope sure right alright well just also too very"
# Third-person pronouns name nobody on their own ("they"); "who are they" still passes as a paraphrase.
_PRONOUN_TEXT = "they them their theirs he him his she her hers one ones"
HESITATIONS = frozenset(_HESITATION_TEXT.split())
BACKCHANNELS = frozenset(_BACKCHANNEL_TEXT.split())
NOT_CONTENT = STOP_WORDS | HESITATIONS | BACKCHANNELS | frozenset(_PRONOUN_TEXT.split())


@dataclass(frozen=True)
class GateVerdict:
    allowed: bool
    reason: str = ""  # why a question was refused (for the turn log and tests)


class ContentGate:
    """Refuses fragments, word salad and symbols the matcher would otherwise stretch into an answer."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._normalizer = Normalizer(kb.synonyms)
        texts: list[str] = []
        characters: dict[str, set[str]] = {}
        self._paraphrases: dict[str, dict[str, tuple[str, ...]]] = {}
        for entry in kb.entries:
            texts += entry.keywords
            per_language: dict[str, tuple[str, ...]] = {}
            for language, questions in entry.questions.items():
                if language in CHARACTER_LANGUAGES:
                    characters.setdefault(language, set()).update(
                        ch for question in questions for ch in question if ch.isalpha()
                    )
                else:
                    texts += questions
                per_language[language] = tuple(_plain(q) for q in questions)
            self._paraphrases[entry.id] = per_language
        for canonical, variants in kb.synonyms.items():
            texts += [canonical, *variants]
        texts += [name for venue in kb.venues.values() for names in venue.names.values() for name in names]
        texts += [title for item in kb.schedule for title in item.titles.values()]
        texts += kb.vocabulary
        self._known = frozenset(
            light_stem(token)
            for text in texts
            for token in self._normalizer.tokens(text)
            if _is_content(token)
        )
        self._known_list = sorted(self._known)
        self._characters = {language: frozenset(chars) for language, chars in characters.items()}
        self._slips: dict[str, bool] = {}

    def check(self, text: str, language: str = "en", entry_id: str | None = None) -> GateVerdict:
        """Allowed when `text` has content the knowledge base knows, or is one of `entry_id`'s questions."""
        text = text[:MAX_INPUT_CHARS]  # what the matcher reads too; bounds the work for any input
        language = _language_code(language)
        if not any(ch.isalpha() for ch in text):
            return GateVerdict(False, "no words, only digits or symbols")
        if entry_id is not None and self._is_paraphrase(_plain(text), language, entry_id):
            return GateVerdict(True)
        normalized = self._normalizer(text)
        if not (_mostly_in(text, "LATIN") or _mostly_in(text, WORD_SCRIPTS.get(language, "LATIN"))):
            if language not in CHARACTER_LANGUAGES:
                return GateVerdict(False, "mostly letters of a script this language does not use")
            if _LOOPED_WORD.fullmatch("".join(ch for ch in text if ch.isalpha())):
                return GateVerdict(False, "one word said over and over")
            known_chars = self._characters.get(language, frozenset()) & set(text)
            if len(known_chars) < MIN_KNOWN_CHARACTERS:
                return GateVerdict(False, "fewer than two characters the knowledge base uses")
            return GateVerdict(True)
        known = sum(1 for token in normalized.split() if _is_content(token) and self._knows(token))
        if known == 0:
            return GateVerdict(False, "no content word the knowledge base knows")
        if known < MIN_KNOWN_WITH_MARKUP and any(ch in MARKUP for ch in text):
            return GateVerdict(False, "a fragment with markup symbols and one known word")
        return GateVerdict(True)

    def _is_paraphrase(self, plain: str, language: str, entry_id: str) -> bool:
        """Compared as typed (fillers kept: "hey there" is not "there"); one word is never enough."""
        if language not in CHARACTER_LANGUAGES and len(plain.split()) < MIN_PARAPHRASE_WORDS:
            return False
        paraphrases = self._paraphrases.get(entry_id, {}).get(language, ())
        return any(fuzz.ratio(plain, p) >= PARAPHRASE_SIMILARITY for p in paraphrases)

    def _knows(self, token: str) -> bool:
        stem = light_stem(token)
        if stem in self._known:
            return True
        if len(token) < SPELLING_MIN_LENGTH:
            return False
        slip = self._slips.get(stem)
        if slip is None:
            found = process.extractOne(
                stem, self._known_list, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY
            )
            slip = found is not None
            if len(self._slips) < 10_000:  # guests repeat their slips; the memo stays bounded
                self._slips[stem] = slip
        return slip


def _is_content(token: str) -> bool:
    """A word that can carry a topic: not a function word, a hesitation, a lone letter or a bare number."""
    return (
        len(token) >= 2
        and not token.isdigit()
        and token not in NOT_CONTENT
        and not re.fullmatch(r"(.)\1+", token)  # "aaaa", "mmmm"
    )


def _language_code(language: str) -> str:
    """ "zh-CN" -> "zh", as the matcher reads it; nothing usable -> "en"."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] or "en"


def _plain(text: str) -> str:
    """Lower case, words only: the question as said, without the matcher's filler and synonym rewriting."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).split())


def _mostly_in(text: str, script: str) -> bool:
    """True when at least half the letters are of `script` (a Unicode name prefix such as "LATIN"): English
    typed to a zh robot is matched as words, and so is Russian to a ru one."""
    letters = [ch for ch in text if ch.isalpha()]
    in_script = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(script))
    return in_script * 2 >= len(letters)
