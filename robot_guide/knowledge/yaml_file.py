"""One knowledge file read safely into plain data, with the line and column of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from robot_guide.knowledge.folder_files import NotAPlainFile, TooLarge, read_plain_file
from robot_guide.knowledge.model import SourceRef
from robot_guide.knowledge.problems import Problem
from robot_guide.knowledge.yaml_limits import LimitExceeded, mark_of, measure

MAX_FILE_BYTES = 1024 * 1024  # a hand-written knowledge file is a few KiB; 1 MiB means a mistake
MAX_NUMBER_CHARS = 40  # longer "numbers" are text a writer forgot to quote (and int() of 5,000 digits fails)
# Only plain data: anything else (e.g. !!python/object/apply) is reported and never constructed.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_NUMBER_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float"))
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

# libyaml's parser is about 10x faster than pure Python and gives the same node marks; safe either way,
# because only composing is done here (no object construction from tags).
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column


@dataclass
class ParsedFile:
    """One YAML file as plain data plus the position of every key and value (by JSON path)."""

    name: str
    raw: bytes
    data: Any = None
    value_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    key_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    scalar_text: dict[JsonPath, str] = field(default_factory=dict)
    values: int = 0  # values in the file with aliases expanded (lists, mappings, keys and scalars)

    def mark(self, path: JsonPath) -> Mark:
        """Position of the value at `path`, else of its nearest ancestor (never fails)."""
        for end in range(len(path), -1, -1):
            found = self.value_marks.get(path[:end])
            if found:
                return found
        return (1, 1)

    def key_mark(self, path: JsonPath) -> Mark:
        return self.key_marks.get(path) or self.mark(path)

    def problem(self, path: JsonPath, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.key_mark(path) if at_key else self.mark(path)
        return Problem(self.name, line, column, message)

    def problem_at(self, mark: Mark, message: str) -> Problem:
        return Problem(self.name, mark[0], mark[1], message)

    def source(self, path: JsonPath) -> SourceRef:
        line, column = self.mark(path)
        return SourceRef(self.name, line, column)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _TreeBuilder:
    """Turns a composed YAML node tree into plain data, recording marks; never constructs objects."""

    def __init__(self, parsed: ParsedFile, loader: Any) -> None:
        self.parsed = parsed
        self.loader = loader
        self.problems: list[Problem] = []
        self.at: Mark = (1, 1)  # the node being built, for a problem no check foresaw

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        """Plain data for `node`; the caller has bounded the depth and size (yaml_limits.measure)."""
        self.at = mark_of(node)
        self.parsed.value_marks[path] = self.at
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            self.parsed.scalar_text[path] = node.value
            return self._scalar(node)
        line, column = mark_of(node)
        self.problems.append(
            Problem(
                self.parsed.name,
                line,
                column,
                f"YAML tag '{_short_tag(node.tag)}' is not allowed (knowledge files hold plain text, lists"
                " and mappings; remove the tag)",
            )
        )
        return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """The scalar's value, or None after a problem: a tag may name a type the text is not."""
        tag = _short_tag(node.tag)
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            self.problems.append(
                self.parsed.problem_at(
                    mark_of(node),
                    f"a number {len(node.value)} characters long; put it in quotes if it is text",
                )
            )
            return node.value
        try:
            return self.loader.construct_object(node)
        except (
            Exception
        ) as exc:  # PyYAML raises ValueError, KeyError, AttributeError... for a bad tagged value
            self.problems.append(
                self.parsed.problem_at(
                    mark_of(node),
                    f"'{node.value[:40]}' is not a valid {tag} ({type(exc).__name__}: {str(exc)[:80]}); "
                    "remove the tag or fix the value",
                )
            )
            return node.value  # the text as written: reported once here, not again as a wrong type

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, column = mark_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.parsed.name, line, column, "a key must be plain text"))
                continue
            # Keys are taken as written: YAML 1.1 would turn a language code `no:` into False.
            key = key_node.value
            if key in result:
                first_line, _ = self.parsed.key_marks[(*path, key)]
                self.problems.append(
                    Problem(
                        self.parsed.name,
                        line,
                        column,
                        f"duplicate key '{key}' (first at line {first_line}); YAML keeps only one, "
                        "so merge them or rename one",
                    )
                )
                continue
            self.parsed.key_marks[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key))
        return result


def read_knowledge_file(path: Path, display_name: str | None = None) -> tuple[ParsedFile, list[Problem]]:
    """Reads one file safely: size cap, strict UTF-8, single YAML document, plain tags, no duplicate keys."""
    name = display_name or str(path)
    parsed = ParsedFile(name=name, raw=b"")
    try:
        raw = read_plain_file(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        return parsed, [
            Problem(
                name,
                1,
                1,
                f"file is {exc.size / 1024 / 1024:.1f} MiB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MiB"
                " per knowledge file (split it into several files)",
            )
        ]
    except NotAPlainFile:
        return parsed, [Problem(name, 0, 0, "is not a plain file (a pipe, socket or device); not read")]
    except OSError as exc:
        return parsed, [Problem(name, 0, 0, f"cannot read file: {exc.strerror or exc}")]
    parsed.raw = raw
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return parsed, [
            Problem(
                name,
                line,
                column,
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8 in your editor",
            )
        ]
    loader = _YamlLoader(text)
    try:
        # Measured on the event stream first: composing an alias bomb is cheap, but a 1 MiB file of
        # small values takes seconds to compose and would be refused anyway.
        parsed.values = measure(_YamlLoader(text)).values
        root = loader.get_single_node()
    except LimitExceeded as exc:
        return parsed, [parsed.problem_at(exc.mark, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        context = exc.context_mark
        if context is not None and mark is not None and context.line != mark.line:
            # An unclosed bracket or quote is found lines later; the author needs the line it opened on too.
            detail += f" (the construct opened at line {context.line + 1})"
        return parsed, [Problem(name, line, column, f"invalid YAML: {detail}")]
    except yaml.YAMLError as exc:
        return parsed, [Problem(name, 1, 1, f"invalid YAML: {exc}")]
    except Exception as exc:  # the parser's own limits (recursion, memory) are the file's problem too
        return parsed, [Problem(name, 1, 1, f"YAML cannot be read: {type(exc).__name__}: {str(exc)[:120]}")]
    finally:
        loader.dispose()
    if root is None:
        return parsed, [Problem(name, 1, 1, "file is empty (add entries, or delete the file)")]
    builder = _TreeBuilder(parsed, loader)
    try:
        parsed.data = builder.build(root, ())
    except Exception as exc:  # the construction boundary: whatever a value does, it is a problem, not a crash
        parsed.data = None
        problem = f"cannot read this value ({type(exc).__name__}: {str(exc)[:120]}); simplify it"
        return parsed, [*builder.problems, parsed.problem_at(builder.at, problem)]
    return parsed, builder.problems
