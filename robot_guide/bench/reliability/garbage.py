"""Seeded generators of nonsense a guest, a microphone or a typo could produce: none should be answered."""

from __future__ import annotations

import random
import string
from collections.abc import Callable

# Words that carry no topic of their own: salad made of them is not a question.
_FUNCTION_TEXT = """
is it and ok you where what who how when the a of in on to that this so um uh er well yes no
can could would do does my your me we they there here which why just like
"""
# Everyday words a guide robot's knowledge does not cover; shuffled, they make fluent-looking nonsense.
_FOREIGN_TEXT = """
banana helicopter purple violin galaxy pillow tortoise lemonade saxophone volcano umbrella dinosaur pancake
submarine cactus marble walrus trombone glacier meadow pirate spaghetti lantern hamster origami carousel
igloo kayak mosaic nebula oyster pretzel quartz
"""
FUNCTION_WORDS = tuple(_FUNCTION_TEXT.split())
FOREIGN_WORDS = tuple(_FOREIGN_TEXT.split())
FRAGMENTS = (
    "uh where", "what what what", "who um in", "is it and ok you where", "key: ", "&c]", "5", "um",
    "uh uh", "the the", "and then", "so um", "where is", "what is", "how do", "is it", "can you",
    "ok so", "hmm", "er what", "which one is", "the", "a", "?", "...", "and", "you you you",
)  # fmt: skip
PUNCTUATION = string.punctuation + "“”‘’«»¿¡…–—·•"


def word_salad(rng: random.Random) -> str:
    return " ".join(rng.choice(FUNCTION_WORDS) for _ in range(rng.randint(1, 8)))


def fragment(rng: random.Random) -> str:
    text = rng.choice(FRAGMENTS)
    return text + rng.choice(("", "?", "...", " ", ":"))


def punctuation_soup(rng: random.Random) -> str:
    return "".join(rng.choice(PUNCTUATION + " ") for _ in range(rng.randint(1, 24)))


def numbers(rng: random.Random) -> str:
    parts = [str(rng.randint(0, 10 ** rng.randint(1, 6))) for _ in range(rng.randint(1, 4))]
    return rng.choice((" ", ", ", "-", "")).join(parts)


def letters(rng: random.Random) -> str:
    """Random letter strings, as a recogniser hears noise or a cat walks on a keyboard."""
    words = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 9)))
        for _ in range(rng.randint(1, 5))
    ]
    return " ".join(words)


def symbols_and_letters(rng: random.Random) -> str:
    """A letter or two in markup: "&c]", "{x}", "k=v"."""
    letter = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 2)))
    opening, closing = rng.choice((("&", "]"), ("{", "}"), ("[", "]"), ("<", ">"), ("", ":"), ("", "=")))
    return f"{opening}{letter}{closing}"


def foreign_words(rng: random.Random) -> str:
    words = [rng.choice((*FOREIGN_WORDS, *FUNCTION_WORDS)) for _ in range(rng.randint(1, 6))]
    return " ".join(words)


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "word salad": word_salad,
    "fragments": fragment,
    "punctuation soup": punctuation_soup,
    "numbers": numbers,
    "random letters": letters,
    "symbols around letters": symbols_and_letters,
    "unknown words": foreign_words,
}


def nonsense(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` (kind, text) pairs, the kinds in turn."""
    kinds = list(GENERATORS)
    return [(kinds[i % len(kinds)], GENERATORS[kinds[i % len(kinds)]](rng)) for i in range(count)]
