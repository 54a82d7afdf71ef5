"""Size limits on a YAML document, measured from the parser's events as if every alias were expanded, before
anything is composed: an alias bomb, a deep nest or a huge file is refused early, with its position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# A knowledge file nests at most 6 levels (entries, item, questions, language, list, text); the bundled
# folder holds under 3,000 values in all and its largest file under 800.
MAX_YAML_DEPTH = 20
MAX_FILE_VALUES = 20_000  # per file, aliases expanded: about 4,000 entries, far more than a venue needs
MAX_FOLDER_VALUES = 60_000  # the whole folder; loading that much takes a few seconds
MAX_EXPANDED_CHARS = 2 * 1024 * 1024  # text per file with aliases expanded: twice the file size cap

Mark = tuple[int, int]  # 1-based line, column


@dataclass(frozen=True)
class GraphSize:
    """What the file would hold with every alias expanded."""

    values: int  # scalars, lists and mappings (keys included)
    chars: int  # characters of text in all scalars
    depth: int  # levels of nesting, 1 for a lone scalar


class LimitExceeded(Exception):
    """The document is over a limit; `mark` is where it went over."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def mark_of(node: yaml.Node | yaml.Event) -> Mark:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


@dataclass
class _Open:
    """A list or mapping being parsed: the running totals at its start, and its deepest child so far."""

    anchor: str | None
    values_before: int
    chars_before: int
    child_depth: int = 0


def measure(
    loader: Any,
    *,
    max_depth: int = MAX_YAML_DEPTH,
    max_values: int = MAX_FILE_VALUES,
    max_chars: int = MAX_EXPANDED_CHARS,
) -> GraphSize:
    """The expanded size of the stream `loader` parses (a fresh PyYAML loader; its events are consumed).

    An alias counts as the whole size of what its anchor holds, so totals grow as the expanded document
    would, and the walk stops at the first event over a limit: ten levels of ten aliases cost a hundred
    steps, not ten billion. Raises LimitExceeded there, or yaml.YAMLError for invalid YAML."""
    anchors: dict[str, GraphSize] = {}
    stack: list[_Open] = []
    values = chars = deepest = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.CollectionStartEvent):
            values += 1
            stack.append(_Open(event.anchor, values - 1, chars))
            level = len(stack)
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = stack.pop()
            size = GraphSize(values - frame.values_before, chars - frame.chars_before, frame.child_depth + 1)
            if frame.anchor:
                anchors[frame.anchor] = size
            level = _child_done(stack, size)
        elif isinstance(event, yaml.ScalarEvent):
            size = GraphSize(1, len(event.value), 1)
            if event.anchor:
                anchors[event.anchor] = size
            values, chars = values + 1, chars + size.chars
            level = _child_done(stack, size)
        elif isinstance(event, yaml.AliasEvent):
            if any(frame.anchor == event.anchor for frame in stack):
                raise LimitExceeded(
                    mark_of(event),
                    "a YAML alias refers to the list or mapping that holds it (remove the alias)",
                )
            found = anchors.get(event.anchor or "")
            if found is None:
                continue  # an undefined alias: the composer reports it with its position
            values, chars = values + found.values, chars + found.chars
            level = _child_done(stack, found)
        else:
            continue
        deepest = max(deepest, level)
        _check(mark_of(event), level, values, chars, max_depth, max_values, max_chars)
    return GraphSize(values, chars, deepest)


def _child_done(stack: list[_Open], size: GraphSize) -> int:
    """Records a finished value in its parent; the nesting level its deepest part reaches."""
    if stack:
        stack[-1].child_depth = max(stack[-1].child_depth, size.depth)
    return len(stack) + size.depth


def _check(
    mark: Mark, depth: int, values: int, chars: int, max_depth: int, max_values: int, max_chars: int
) -> None:
    if depth > max_depth:
        raise LimitExceeded(
            mark,
            f"nested deeper than {max_depth} levels (a knowledge file needs about 6); "
            "check for unclosed or repeated brackets",
        )
    if values > max_values:
        raise LimitExceeded(
            mark,
            f"more than {max_values} values in one file (YAML aliases expanding, or far too much content); "
            "split the file or remove the aliases",
        )
    if chars > max_chars:
        raise LimitExceeded(
            mark,
            f"more than {max_chars // 1024 // 1024} MiB of text once YAML aliases are expanded; "
            "write the text out instead of repeating it with aliases",
        )
