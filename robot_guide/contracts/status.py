"""State payloads late joiners receive at once: knowledge status, speech catalogue, node status."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from robot_guide.contracts import decoding as d
from robot_guide.contracts.decoding import MessageError

MAX_CATALOGUE_BYTES = 4 * 1024 * 1024  # every fixed line of a large knowledge base; the summit's is ~25 KB


@dataclass(frozen=True)
class KnowledgeStatus:
    """Which knowledge the dialogue serves, or why an edit was refused (it then keeps the last good one)."""

    ok: bool
    version: str
    entries: int = 0
    matcher: str = "lexical"  # lexical | semantic
    folder: str = ""
    problems: tuple[str, ...] = ()  # file:line:column messages of a refused edit
    stamp: float = 0.0
    source: str = "local"  # local (the robot's folder) or fleet (a kb publish); the newest version wins
    published_by: str = ""  # author@host of a fleet publish
    created: float = 0.0  # when the serving version was made (newest file save, or the publish)

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> KnowledgeStatus:
        what = "knowledge status"
        value = d.decode_object(raw, what)
        return cls(
            ok=d.flag(value, "ok", what),
            version=d.text(value, "version", what),
            entries=d.whole(value, "entries", what, 0),
            matcher=d.text(value, "matcher", what, "lexical"),
            folder=d.text(value, "folder", what, ""),
            problems=d.texts(value, "problems", what),
            stamp=d.number(value, "stamp", what, 0.0),
            source=d.text(value, "source", what, "local")[:20],
            published_by=d.text(value, "published_by", what, "")[:300],
            created=d.number(value, "created", what, 0.0),
        )


@dataclass(frozen=True)
class FixedLine:
    """A line the robot speaks verbatim, so the speech stage can render it ahead of time."""

    text: str
    language: str = "en"


@dataclass(frozen=True)
class SpeechCatalogue:
    """What the speech stages need from the knowledge: prompt and spellings to listen for, lines to render."""

    version: str
    prompt: str = ""
    vocabulary: tuple[str, ...] = ()  # the knowledge's names, as they should be written in transcripts
    misheard: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> what the recogniser writes
    lines: tuple[FixedLine, ...] = ()
    prompts: dict[str, str] = field(default_factory=dict)  # language -> recogniser prompt in that language
    # name -> words guests say just before it / words that come mostly with it (sound-alike correction)
    name_before: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> SpeechCatalogue:
        what = "speech catalogue"
        value = d.decode_object(raw, what, max_bytes=MAX_CATALOGUE_BYTES)
        return cls(
            version=d.text(value, "version", what),
            prompt=d.text(value, "prompt", what, ""),
            vocabulary=d.texts(value, "vocabulary", what),
            misheard=_word_lists(value, "misheard", what),
            lines=tuple(
                FixedLine(d.text(line, "text", what), d.text(line, "language", what, "en"))
                for line in d.objects(value, "lines", what)
            ),
            prompts=_prompts(value.get("prompts", {}), what),
            name_before=_word_lists(value, "name_before", what),
            name_cues=_word_lists(value, "name_cues", what),
        )


def _word_lists(value: dict[str, object], key: str, what: str) -> dict[str, tuple[str, ...]]:
    found = value.get(key, {})
    if not isinstance(found, dict):
        raise MessageError(f"{what}: '{key}' must map terms to lists of strings")
    return {term: d.texts(found, term, what) for term in found}


def _prompts(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MessageError(f"{what}: 'prompts' must map language codes to text")
    return dict(value)


class NodeState(StrEnum):
    STARTING = "starting"
    READY = "ready"  # the node serves its topics now


@dataclass(frozen=True)
class NodeStatus:
    """A node's state, one sample per node on a shared transient-local topic."""

    node: str
    state: NodeState

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> NodeStatus:
        what = "node status"
        value = d.decode_object(raw, what)
        return cls(d.text(value, "node", what)[:200], d.member(NodeState, value, "state", what))
