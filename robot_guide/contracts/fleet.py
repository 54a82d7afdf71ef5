"""Fleet payloads on the domain-wide topics: knowledge bundles, robot heartbeats, turns, fleet questions."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from robot_guide.contracts import decoding as d
from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.messages import MAX_TEXT_CHARS

# A bundle travels as one DDS sample; Fast DDS fragments it. 8 MiB is about 90 times the summit's knowledge
# (benchmarks/fleet.md measures the delivery time up to this size).
MAX_BUNDLE_BYTES = 8 * 1024 * 1024
MAX_BUNDLE_FILES = 200
RESPAWNS_ENV = "ROBOT_GUIDE_RESPAWNS"  # set by the launcher for each node process it starts


class KnowledgeSource(StrEnum):
    """Where the knowledge a robot serves came from."""

    LOCAL = "local"  # the robot's own knowledge folder
    FLEET = "fleet"  # a bundle published with `robot-guide kb publish`


@dataclass(frozen=True)
class KnowledgeFile:
    """One knowledge file of a bundle: its bare name (no folders) and its UTF-8 text."""

    name: str
    text: str


@dataclass(frozen=True)
class KnowledgeBundle:
    """A validated knowledge folder published to the fleet: every file's text and who made it when."""

    bundle_id: str  # unique per publish
    version: str  # the knowledge version the robots will report (the loader's content version)
    content_hash: str  # sha256 over the files' names and bytes, checked by every robot
    files: tuple[KnowledgeFile, ...]
    author: str
    host: str
    created: float  # wall time of the publish; the newest version wins on a robot
    targets: tuple[str, ...] = ()  # robot names; empty = every robot

    @property
    def publisher(self) -> str:
        return f"{self.author}@{self.host}"

    def addressed_to(self, robot: str) -> bool:
        return not self.targets or robot in self.targets

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> KnowledgeBundle:
        what = "knowledge bundle"
        value = d.decode_object(raw, what, max_bytes=MAX_BUNDLE_BYTES)
        files = d.objects(value, "files", what)
        if len(files) > MAX_BUNDLE_FILES:
            raise MessageError(f"{what}: more than {MAX_BUNDLE_FILES} files")
        return cls(
            bundle_id=d.text(value, "bundle_id", what)[:100],
            version=d.text(value, "version", what)[:100],
            content_hash=d.text(value, "content_hash", what)[:128],
            files=tuple(KnowledgeFile(d.text(f, "name", what), d.text(f, "text", what)) for f in files),
            author=d.text(value, "author", what, "")[:100],
            host=d.text(value, "host", what, "")[:200],
            created=d.number(value, "created", what, 0.0),
            targets=d.texts(value, "targets", what),
        )


@dataclass(frozen=True)
class RobotHeartbeat:
    """A robot's state for `robot-guide fleet status` and `kb publish`, sent periodically and on change."""

    robot: str  # the robot's fleet name: its namespace
    robot_id: str = ""
    post: str = ""
    host: str = ""
    knowledge_version: str = ""
    knowledge_source: KnowledgeSource = KnowledgeSource.LOCAL
    published_by: str = ""  # author@host of the bundle it serves (fleet source)
    bundle_id: str = ""  # the bundle it serves (fleet source)
    knowledge_created: float = 0.0
    refused_bundle: str = ""  # the last bundle it did not take, and why
    refusal: str = ""
    ready: bool = True
    respawns: int | None = None  # None: not started by the launcher
    diagnostics_level: int = 0  # diagnostic_msgs levels: 0 OK, 1 WARN, 2 ERROR
    last_turn: float = 0.0  # wall time of the last logged turn; 0 = none yet
    questions_today: int = 0
    answered_today: int = 0
    stamp: float = 0.0

    @property
    def answer_rate_today(self) -> float | None:
        return self.answered_today / self.questions_today if self.questions_today else None

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> RobotHeartbeat:
        what = "robot heartbeat"
        value = d.decode_object(raw, what)
        respawns = d.optional_number(value, "respawns", what)
        return cls(
            robot=d.text(value, "robot", what)[:200],
            robot_id=d.text(value, "robot_id", what, "")[:200],
            post=d.text(value, "post", what, "")[:200],
            host=d.text(value, "host", what, "")[:200],
            knowledge_version=d.text(value, "knowledge_version", what, "")[:100],
            knowledge_source=d.member(
                KnowledgeSource, value, "knowledge_source", what, KnowledgeSource.LOCAL
            ),
            published_by=d.text(value, "published_by", what, "")[:300],
            bundle_id=d.text(value, "bundle_id", what, "")[:100],
            knowledge_created=d.number(value, "knowledge_created", what, 0.0),
            refused_bundle=d.text(value, "refused_bundle", what, "")[:100],
            refusal=d.text(value, "refusal", what, "")[:MAX_TEXT_CHARS],
            ready=d.flag(value, "ready", what, True),
            respawns=None if respawns is None else max(0, int(respawns)),
            diagnostics_level=min(max(d.whole(value, "diagnostics_level", what, 0), 0), 3),
            last_turn=d.number(value, "last_turn", what, 0.0),
            questions_today=d.whole(value, "questions_today", what, 0),
            answered_today=d.whole(value, "answered_today", what, 0),
            stamp=d.number(value, "stamp", what, 0.0),
        )


@dataclass(frozen=True)
class FleetTurn:
    """One logged turn of one robot, for the fleet's turn log (text only, the turn log's fields)."""

    turn_id: str  # unique across the fleet: the recorder de-duplicates by it
    robot: str
    time: str  # ISO local time, seconds
    guest_id: str
    question: str
    decision: str
    entry: str | None
    score: float
    latency_s: float | None
    language: str
    reply_kind: str
    reply_text: str

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> FleetTurn:
        what = "fleet turn"
        value = d.decode_object(raw, what)
        turn_id = d.text(value, "turn_id", what)[:200]
        if not turn_id:
            raise MessageError(f"{what}: 'turn_id' must not be empty")
        return cls(
            turn_id=turn_id,
            robot=d.text(value, "robot", what)[:200],
            time=d.text(value, "time", what)[:40],
            guest_id=d.text(value, "guest_id", what, "guest")[:100],
            question=d.text(value, "question", what, "")[:MAX_TEXT_CHARS],
            decision=d.text(value, "decision", what, "answer")[:40],
            entry=d.optional_text(value, "entry", what),
            score=d.number(value, "score", what, 0.0),
            latency_s=d.optional_number(value, "latency_s", what),
            language=d.text(value, "language", what, "en")[:16],
            reply_kind=d.text(value, "reply_kind", what, "answer")[:40],
            reply_text=d.text(value, "reply_text", what, "")[: MAX_TEXT_CHARS * 2],
        )
