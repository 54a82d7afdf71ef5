"""The languages a knowledge folder declares: read from its files, checked, turned into LanguageSettings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, LanguageSettings, SourceRef
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.yaml_file import JsonPath, ParsedFile

LANGUAGE_KEYS = ("languages", "greeting_language", "greeting_languages", "tests_must_pass")


@cache
def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 code ("es" -> "Spanish"), None for a code no locale data knows."""
    from babel import Locale, UnknownLocaleError

    try:
        name: str | None = Locale.parse(code).get_display_name(DEFAULT_LANGUAGE)
    except (UnknownLocaleError, ValueError):
        return None
    return name


@cache
def native_name(code: str) -> str:
    """The language's own name for itself ("es" -> "español"), the code when unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).display_name or code
    except (UnknownLocaleError, ValueError):
        return code


@dataclass
class LanguageCollector:
    """Gathers the language keys across files; each key may be written in one file only."""

    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, tuple[ParsedFile, SourceRef]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add_file(self, parsed: ParsedFile, usable: Any) -> None:
        data = parsed.data
        if not isinstance(data, dict):
            return
        for key in LANGUAGE_KEYS:
            if key not in data or not usable((key,)):
                continue
            if key in self.where:
                self.problems.append(
                    parsed.problem(
                        (key,), f"'{key}' is set twice (first at {self.where[key][1]})", at_key=True
                    )
                )
                continue
            line, column = parsed.key_mark((key,))
            self.where[key] = (parsed, SourceRef(parsed.name, line, column))
            self.values[key] = data[key]

    def _problem(self, key: str, path: JsonPath, message: str) -> None:
        parsed, _ = self.where[key]
        self.problems.append(parsed.problem(path, message))

    def _known(self, key: str, codes: list[str]) -> list[str]:
        """`codes` minus those no locale data knows (each reported where it is written)."""
        known = []
        for index, code in enumerate(codes):
            if language_name(code) is None:
                path: JsonPath = (key, index) if isinstance(self.values[key], list) else (key,)
                self._problem(
                    key, path, f"'{code}' is not a known language code (ISO 639-1, e.g. en, zh, es)"
                )
            else:
                known.append(code)
        return known

    def settings(self) -> LanguageSettings:
        """The checked settings; problems found are in `self.problems` (defaults stand in for bad values)."""
        served = (
            self._known("languages", list(self.values["languages"])) if "languages" in self.values else []
        )
        if served and DEFAULT_LANGUAGE not in served:
            self._problem(
                "languages",
                ("languages",),
                f"languages must include '{DEFAULT_LANGUAGE}' (every text has it)",
            )
        served_codes = tuple(dict.fromkeys([DEFAULT_LANGUAGE, *served]))
        greeting = DEFAULT_LANGUAGE
        if "greeting_language" in self.values:
            known = self._known("greeting_language", [self.values["greeting_language"]])
            wanted = self._served("greeting_language", known, served_codes)
            greeting = wanted[0] if wanted else DEFAULT_LANGUAGE
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("greeting_languages", "tests_must_pass"):
            codes = self._known(key, list(self.values[key])) if key in self.values else []
            lists[key] = tuple(self._served(key, codes, served_codes))
        source = self.where["languages"][1] if "languages" in self.where else None
        return LanguageSettings(
            served=served_codes,
            greeting_language=greeting,
            greeting_languages=lists["greeting_languages"],
            tests_must_pass=lists["tests_must_pass"],
            source=source,
        )

    def _served(self, key: str, codes: list[str], served: tuple[str, ...]) -> list[str]:
        """`codes` that the knowledge serves; the others reported (they would have no text to say)."""
        kept: list[str] = []
        value = self.values.get(key)
        for code in codes:
            if code in served:
                kept.append(code)
                continue
            index = value.index(code) if isinstance(value, list) else None
            path: JsonPath = (key,) if index is None else (key, index)
            self._problem(
                key, path, f"{key}: '{code}' is not in languages ({', '.join(served)}); add it there first"
            )
        return kept
