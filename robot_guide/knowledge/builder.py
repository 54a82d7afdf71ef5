"""Merges the valid files of a folder into the knowledge base model, checking ids and references."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar

from robot_guide.knowledge.languages import LanguageCollector
from robot_guide.knowledge.map_section import MapSection
from robot_guide.knowledge.model import (
    DEFAULT_LANGUAGE,
    FALLBACK_EXPECTATION,
    PERSONA_KINDS,
    Entry,
    KbTest,
    KnowledgeBase,
    LanguageSettings,
    Persona,
    ScheduleItem,
    SourceRef,
    Venue,
)
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.schema_errors import json_view
from robot_guide.knowledge.yaml_file import JsonPath, ParsedFile

DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
V = TypeVar("V")


def _frozen(items: Mapping[str, V]) -> Mapping[str, V]:
    return MappingProxyType(dict(items))


def _as_tuple(value: Any) -> tuple[str, ...]:
    """Lists of text may be written as one text; the schema guarantees the item types."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        for fmt in DATETIME_FORMATS:
            try:
                return datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
    return None


@dataclass
class _Defined:
    """Where each id was first defined, per kind, across all files (for duplicates and references)."""

    where: dict[str, dict[str, SourceRef]] = field(
        default_factory=lambda: {
            "entry": {},
            "venue": {},
            "schedule item": {},
            "post": {},
            "persona line": {},
        }
    )


class FolderBuilder:
    """Merges valid files into one knowledge base and checks references between them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.defined = _Defined()
        self.entries: list[Entry] = []
        self.venues: dict[str, Venue] = {}
        self.schedule: list[ScheduleItem] = []
        self.persona: dict[str, Mapping[str, tuple[str, ...]]] = {}
        self.persona_checked = True
        self.persona_broken: set[str] = set()
        self.posts: dict[str, str] = {}
        self.synonyms: dict[str, tuple[str, ...]] = {}
        self.vocabulary: list[str] = []
        self.tests: list[KbTest] = []
        self.map = MapSection()
        self.languages = LanguageCollector()
        self.language_settings = LanguageSettings()
        # References are checked after every file is read: (file, path, kind, id, what refers).
        self.references: list[tuple[ParsedFile, JsonPath, str, str, str]] = []

    def define(
        self, parsed: ParsedFile, path: JsonPath, kind: str, item_id: Any, *, at_key: bool = False
    ) -> bool:
        """Records an id; reports a duplicate (naming both places). False when it is a duplicate."""
        if not isinstance(item_id, str):
            return False
        known = self.defined.where[kind]
        if item_id in known:
            self.problems.append(
                parsed.problem(
                    path,
                    f"duplicate {kind} id '{item_id}' (first defined at {known[item_id]})",
                    at_key=at_key,
                )
            )
            return False
        line, column = parsed.key_mark(path) if at_key else parsed.mark(path)
        known[item_id] = SourceRef(parsed.name, line, column)
        return True

    def add_file(self, parsed: ParsedFile, bad_paths: set[JsonPath]) -> None:
        data = parsed.data
        if not isinstance(data, dict):
            return

        def usable(prefix: JsonPath) -> bool:
            return not any(bad[: len(prefix)] == prefix or prefix[: len(bad)] == bad for bad in bad_paths)

        def clean(prefix: JsonPath) -> bool:
            return not any(bad[: len(prefix)] == prefix for bad in bad_paths)

        def section_items(name: str) -> Iterable[tuple[JsonPath, Any]]:
            value = data.get(name)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield (name, index), item

        for section in ("entries", "venues", "schedule", "tests"):
            for path, item in section_items(section):
                if isinstance(item, dict):
                    self._collect_references(parsed, path, item, section)
        for path, item in section_items("schedule"):
            # Times are checked even when another key of the item is wrong (e.g. a missing title).
            if isinstance(item, dict) and clean((*path, "start")) and clean((*path, "end")):
                self._check_times(parsed, path, item)
        for path, item in section_items("entries"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "entry", item.get("id"))
                if fresh and usable(path):
                    self._add_entry(parsed, path, item)
        for path, item in section_items("venues"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "venue", item.get("id"))
                if fresh and usable(path):
                    self._add_venue(parsed, path, item)
        for path, item in section_items("schedule"):
            if isinstance(item, dict):
                fresh = self.define(parsed, (*path, "id"), "schedule item", item.get("id"))
                if fresh and usable(path):
                    self._add_schedule_item(parsed, path, item)
        for path, item in section_items("tests"):
            if isinstance(item, dict) and usable(path):
                self.tests.append(
                    KbTest(
                        ask=item["ask"],
                        expect=item["expect"],
                        language=item.get("language", DEFAULT_LANGUAGE),
                        source=parsed.source(path),
                    )
                )
        self._add_mappings(parsed, data, usable)
        self.problems.extend(self.map.add_file(parsed, data, usable))
        for ref_path, kind, target, what in self.map.references(parsed, data):
            self.references.append((parsed, ref_path, kind, target, what))
        self.languages.add_file(parsed, usable)
        if isinstance(data.get("vocabulary"), list) and usable(("vocabulary",)):
            self.vocabulary.extend(data["vocabulary"])

    def _add_mappings(
        self, parsed: ParsedFile, data: dict[str, Any], usable: Callable[[JsonPath], bool]
    ) -> None:
        persona = data.get("persona")
        if isinstance(persona, dict):
            for kind, by_language in persona.items():
                path: JsonPath = ("persona", kind)
                if not self.define(parsed, path, "persona line", kind, at_key=True):
                    continue
                if usable(path):
                    self.persona[kind] = _frozen(
                        {lang: _as_tuple(lines) for lang, lines in by_language.items()}
                    )
                else:
                    self.persona_broken.add(kind)  # already reported; not "missing" as well
        elif "persona" in data:
            self.persona_checked = False  # not even a mapping: which kinds are missing is unknowable
        posts = data.get("posts")
        if isinstance(posts, dict):
            for post, description in posts.items():
                path = ("posts", post)
                if self.define(parsed, path, "post", post, at_key=True) and usable(path):
                    self.posts[post] = description
        synonyms = data.get("synonyms")
        if isinstance(synonyms, dict) and usable(("synonyms",)):
            for word, variants in synonyms.items():
                if word in self.synonyms:
                    self.problems.append(
                        parsed.problem(
                            ("synonyms", word), f"synonyms for '{word}' are listed twice", at_key=True
                        )
                    )
                    continue
                self.synonyms[word] = _as_tuple(variants)

    def _collect_references(
        self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any], section: str
    ) -> None:
        """Every id an item refers to, checked once all files are read (broken items included)."""
        name = item.get("id") if isinstance(item.get("id"), str) else f"#{path[-1]}"
        refs: list[tuple[JsonPath, str, Any, str]] = []
        if section == "entries":
            refs.append(((*path, "venue"), "venue", item.get("venue"), f"entry '{name}' venue:"))
            schedule = item.get("schedule")
            for index, schedule_id in enumerate(schedule if isinstance(schedule, list) else []):
                refs.append(
                    ((*path, "schedule", index), "schedule item", schedule_id, f"entry '{name}' schedule:")
                )
        elif section == "venues":
            routes = item.get("routes")
            for post in routes if isinstance(routes, dict) else []:
                if post != "default":
                    refs.append(((*path, "routes", post), "post", post, f"venue '{name}' route from"))
        elif section == "schedule":
            refs.append(((*path, "venue"), "venue", item.get("venue"), f"schedule item '{name}' venue:"))
            refs.append(((*path, "entry"), "entry", item.get("entry"), f"schedule item '{name}' entry:"))
        elif section == "tests" and item.get("expect") != FALLBACK_EXPECTATION:
            refs.append(((*path, "expect"), "entry", item.get("expect"), "test expects"))
        for ref_path, kind, target, what in refs:
            if isinstance(target, str):
                self.references.append((parsed, ref_path, kind, target, what))

    def _check_times(
        self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]
    ) -> tuple[datetime, datetime] | None:
        """Start and end as datetimes, or None after reporting why not (bad format, end before start)."""
        name = item.get("id") if isinstance(item.get("id"), str) else f"#{path[-1]}"
        if "start" not in item or "end" not in item:
            return None
        start, end = parse_datetime(item["start"]), parse_datetime(item["end"])
        for key, value in (("start", start), ("end", end)):
            if value is None:
                self.problems.append(
                    parsed.problem(
                        (*path, key),
                        f"schedule item '{name}' {key} '{json_view(item[key])}' is not a date and time "
                        "(write YYYY-MM-DD HH:MM, e.g. 2025-10-18 10:00)",
                    )
                )
        if start is None or end is None:
            return None
        if end <= start:
            self.problems.append(
                parsed.problem(
                    (*path, "end"),
                    f"schedule item '{name}' ends ({end:%Y-%m-%d %H:%M}) before it starts "
                    f"({start:%Y-%m-%d %H:%M})",
                )
            )
            return None
        return start, end

    def _add_entry(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        entry_id: str = item["id"]
        entry = Entry(
            id=entry_id,
            questions=_frozen({lang: _as_tuple(texts) for lang, texts in item["questions"].items()}),
            answers=_frozen(dict(item["answer"])),
            keywords=_as_tuple(item.get("keywords")),
            tags=_as_tuple(item.get("tags")),
            venue=item.get("venue"),
            schedule=_as_tuple(item.get("schedule")),
            sample_data=bool(item.get("sample_data", False)),
            source=parsed.source((*path, "id")),
        )
        self.entries.append(entry)
        for index, test in enumerate(item.get("tests") or []):
            ask, language = (
                (test, DEFAULT_LANGUAGE)
                if isinstance(test, str)
                else (test["ask"], test.get("language", DEFAULT_LANGUAGE))
            )
            self.tests.append(KbTest(ask, entry_id, language, parsed.source((*path, "tests", index))))

    def _add_venue(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        venue_id: str = item["id"]
        routes = item.get("routes") or {}
        self.venues[venue_id] = Venue(
            id=venue_id,
            names=_frozen({lang: _as_tuple(names) for lang, names in item["names"].items()}),
            routes=_frozen({post: _frozen(dict(texts)) for post, texts in routes.items()}),
            sample_data=bool(item.get("sample_data", False)),
            source=parsed.source((*path, "id")),
        )

    def _add_schedule_item(self, parsed: ParsedFile, path: JsonPath, item: dict[str, Any]) -> None:
        item_id: str = item["id"]
        start, end = parse_datetime(item["start"]), parse_datetime(item["end"])
        if start is None or end is None or end <= start:
            return  # already reported by _check_times
        self.schedule.append(
            ScheduleItem(
                id=item_id,
                titles=_frozen(dict(item["title"])),
                venue=item["venue"],
                start=start,
                end=end,
                entry=item.get("entry"),
                sample_data=bool(item.get("sample_data", False)),
                source=parsed.source((*path, "id")),
            )
        )

    def check_references(self) -> None:
        for parsed, path, kind, target, what in self.references:
            known = self.defined.where[kind]
            if target in known:
                continue
            close = difflib.get_close_matches(target, list(known), n=1)
            suggestion = f"did you mean '{close[0]}'?" if close else f"known: {_short_list(sorted(known))}"
            at_key = kind == "post" or ref_path_is_key(path)
            self.problems.append(
                parsed.problem(path, f"{what} unknown {kind} '{target}' ({suggestion})", at_key=at_key)
            )

    def check_persona(self, folder: str) -> None:
        if not self.persona_checked:
            return
        missing = [
            kind
            for kind in PERSONA_KINDS
            if DEFAULT_LANGUAGE not in self.persona.get(kind, {}) and kind not in self.persona_broken
        ]
        if not missing:
            return
        place = self.defined.where["persona line"]
        first = next(iter(place.values()), None)
        file, line, column = (first.file, first.line, first.column) if first else (folder, 0, 0)
        self.problems.append(
            Problem(
                file,
                line,
                column,
                f"persona is missing required line kind(s) in '{DEFAULT_LANGUAGE}': {', '.join(missing)}",
            )
        )

    def check_languages(self) -> None:
        self.language_settings = self.languages.settings()
        self.problems.extend(self.languages.problems)

    def knowledge_base(self, root: str, version: str) -> KnowledgeBase:
        """The merged, frozen knowledge base; only meaningful when no problem was found."""
        persona_sources = {kind: self.defined.where["persona line"][kind] for kind in self.persona}
        return KnowledgeBase(
            entries=tuple(self.entries),
            venues=_frozen(self.venues),
            schedule=tuple(sorted(self.schedule, key=lambda item: (item.start, item.id))),
            persona=Persona(lines=_frozen(self.persona), sources=_frozen(persona_sources)),
            posts=_frozen(self.posts),
            synonyms=_frozen(self.synonyms),
            vocabulary=self.vocabulary_terms(),
            tests=tuple(self.tests),
            language_settings=self.language_settings,
            root=root,
            version=version,
            map=self.map.venue_map(),
        )

    def vocabulary_terms(self) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        names = [name for venue in self.venues.values() for texts in venue.names.values() for name in texts]
        for term in [*self.vocabulary, *names]:
            seen.setdefault(term.strip().casefold(), term.strip())
        return tuple(term for term in seen.values() if term)


def ref_path_is_key(path: JsonPath) -> bool:
    """References the map makes are mapping keys (`crash_arena: {x: ...}`): shown at the key."""
    return bool(path) and path[0] == "map"


def _short_list(names: list[str], limit: int = 8) -> str:
    if not names:
        return "none"
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more
