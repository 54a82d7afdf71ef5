"""Which language a guest names ("Spanish", "español", "по-русски", "العربية"), from the locale data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from robot_guide.guide.text import simplify

# Words that may stand before a language's name: "in Spanish", "en español", "em português", "на русском".
_LEADING = ("in ", "en ", "em ", "na ", "no ", "на ", "по ")


@cache
def _written_names(served: tuple[str, ...], guest_language: str) -> Mapping[str, str]:
    """Each served language's name in each served language, and every language's name in the guest's
    (so "French" is known to be a language the robot does not serve), simplified -> code."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    for locale_code in (guest_language, *served):
        try:
            locale = Locale.parse(locale_code)
        except (UnknownLocaleError, ValueError):
            continue
        codes: Iterable[str] = [str(c) for c in locale.languages] if locale_code == guest_language else served
        for code in codes:
            name = locale.languages.get(code)
            if name and "_" not in code:
                names.setdefault(simplify(name), code)
    for code in served:  # the served languages' own names win over any look-alike
        try:
            names[simplify(Locale.parse(code).languages.get(code, code))] = code
        except (UnknownLocaleError, ValueError):
            continue
    return names


def named_language(
    name: str, served: Iterable[str], guest_language: str, aliases: Mapping[str, str]
) -> str | None:
    """The code of the language `name` calls, served or not; None when it is not a language's name."""
    said = simplify(name)
    names = _written_names(tuple(dict.fromkeys(("en", *served))), guest_language)
    candidates = [said, *(said[len(lead) :] for lead in _LEADING if said.startswith(lead))]
    if said.startswith("بال"):  # "بالعربية": "in Arabic"
        candidates.append("ال" + said[3:])
    for candidate in candidates:
        code = aliases.get(candidate.strip()) or names.get(candidate.strip())
        if code is not None:
            return code
    return None
