"""Wire messages decode strictly: anything malformed is a MessageError, never a crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from robot_guide.contracts.decoding import MAX_DEPTH
from robot_guide.contracts.messages import (
    MAX_TEXT_CHARS,
    Decision,
    GuestEvent,
    MessageError,
    Reply,
    ReplyKind,
    Utterance,
)
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent, SpokenPhase
from robot_guide.contracts.status import (
    MAX_CATALOGUE_BYTES,
    FixedLine,
    KnowledgeStatus,
    NodeState,
    NodeStatus,
    SpeechCatalogue,
)

REPLY = Reply(
    "The forum is in Hall B.",
    ReplyKind.DIRECTIONS,
    Decision.ANSWER,
    entry="forum",
    score=0.9,
    guest_id="ana",
    turn_id="t1",
    timings={"reply_chosen": 2.0},
)
# One well-formed example of every payload that crosses a process.
PAYLOADS = [
    GuestEvent("leave", "ana", 3.0),
    Utterance(
        "你好", "ana", language="zh", confidence=0.5, source="speech", turn_id="t1", timings={"a": 1.0}
    ),
    REPLY,
    SpokenEvent.about(REPLY, SpokenPhase.STARTED, REPLY.text, "t1", 5.0),
    SpokenEvent(SpokenPhase.FAILED, "Hi", started=1.0, ended=2.0, synth_seconds=0.1, error="engine hung"),
    SpokenEvent(SpokenPhase.CANCELLED, "Hello there", "t2", 6.0, cache_hit=True),
    IgnoredAudio("echo", "the forum is in hall b", 7.0),
    KnowledgeStatus(True, "v3", entries=42, matcher="semantic", folder="knowledge", stamp=8.0),
    KnowledgeStatus(False, "v3", problems=("summit.yaml:4:2: unclosed '['",)),
    SpeechCatalogue(
        "v3",
        "AiMOGA, Chery",
        ("AiMOGA", "Chery"),
        {"Chery": ("cherry", "sherry")},
        (FixedLine("Hello!"), FixedLine("你好", "zh")),
        {"en": "AiMOGA, Chery.", "zh": "AiMOGA, 洗手间."},
        {"Chery": ("did", "^")},
        {"Chery": ("export",)},
    ),
    NodeStatus("dialogue_node", NodeState.READY),
]
TYPES = sorted({type(payload) for payload in PAYLOADS}, key=lambda t: t.__name__)


def test_round_trip() -> None:
    utterance = Utterance(
        "when is the summit", "ana", confidence=0.8, source="speech", timings={"speech_end": 1.0}
    )
    assert Utterance.from_json(utterance.to_json()) == utterance
    reply = Reply("Hello", "greeting", entry=None, guest_id="ana", rate_scale=0.75)
    assert Reply.from_json(reply.to_json()) == reply
    event = GuestEvent("arrive", "ana", 3.0)
    assert GuestEvent.from_json(event.to_json()) == event


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[1, 2]",
        '{"no_text": 1}',
        '{"text": 5}',
        '{"text": "hi", "confidence": 2}',
        '{"text": "hi", "confidence": true}',
        '{"text": "hi", "timings": {"a": "b"}}',
        '{"text": "' + "x" * 70_000 + '"}',
    ],
)
def test_bad_utterances_are_rejected(raw: str) -> None:
    with pytest.raises(MessageError):
        Utterance.from_json(raw)


def test_bad_events_and_replies_are_rejected() -> None:
    with pytest.raises(MessageError, match="kind"):
        GuestEvent.from_json('{"kind": "dance"}')
    with pytest.raises(MessageError, match="entry"):
        Reply.from_json('{"text": "x", "entry": 5}')


def test_long_text_is_cut_and_rate_is_bounded() -> None:
    assert len(Utterance.from_json('{"text": "' + "a" * 5000 + '"}').text) == MAX_TEXT_CHARS
    assert Reply.from_json('{"text": "x", "rate_scale": 0.01}').rate_scale == 0.5


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: type(p).__name__)
def test_every_payload_round_trips(payload: object) -> None:
    decoded = type(payload).from_json(payload.to_json())  # type: ignore[attr-defined]
    assert decoded == payload
    assert decoded.to_json() == payload.to_json()  # type: ignore[attr-defined]


def test_enums_travel_as_their_plain_names_and_compare_with_strings() -> None:
    decoded = Reply.from_json(REPLY.to_json())
    assert decoded.kind is ReplyKind.DIRECTIONS and decoded.decision is Decision.ANSWER
    assert '"kind": "directions"' in REPLY.to_json()
    assert decoded.kind == "directions" and decoded.decision == "answer"
    assert Reply("x", "greeting").kind is ReplyKind.GREETING  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("decode", "raw", "field"),
    [
        (Reply.from_json, '{"text": "x", "kind": "dance"}', "kind"),
        (Reply.from_json, '{"text": "x", "decision": "maybe"}', "decision"),
        (Reply.from_json, '{"text": "x", "kind": ["answer"]}', "kind"),
        (SpokenEvent.from_json, '{"event": "paused", "text": "x"}', "event"),
        (SpokenEvent.from_json, '{"event": "started", "text": "x", "kind": "song"}', "kind"),
        (NodeStatus.from_json, '{"node": "asr_node", "state": "sleepy"}', "state"),
    ],
)
def test_unknown_enum_values_are_refused(decode: Callable[[str], object], raw: str, field: str) -> None:
    with pytest.raises(MessageError, match=field):
        decode(raw)


def test_building_a_reply_with_an_unknown_kind_fails_loudly() -> None:
    with pytest.raises(ValueError, match="dance"):
        Reply("x", "dance")  # type: ignore[arg-type]


HOSTILE = {
    "deep list": "[" * 2000 + "]" * 2000,
    "deep object": '{"a": ' * 2000 + "1" + "}" * 2000,
    "unclosed deep list": "[" * 2000,
    "moderately deep": '{"text": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
    "5000-digit number": '{"text": "x", "stamp": ' + "9" * 5000 + "}",
    "25-digit number": '{"text": "x", "stamp": ' + "9" * 25 + "}",
    "huge float": '{"text": "x", "stamp": 1e999}',
    "NaN": '{"text": "x", "stamp": NaN}',
    "Infinity": '{"text": "x", "stamp": Infinity}',
    "-Infinity": '{"text": "x", "stamp": -Infinity}',
    "list": '["text", "x"]',
    "string": '"text"',
    "number": "42",
    "null": "null",
    "empty": "",
    "not json": "{text: x}",
    "oversize": '{"text": "' + "x" * (MAX_CATALOGUE_BYTES + 1) + '"}',
    "lone surrogate": '{"text": "\\ud800", "version": "v1", "reason": "echo", "node": "x", "state": "ready"}',
    "surrogate key": '{"\\udfff": 1, "text": "x"}',
}


@pytest.mark.parametrize("payload_type", TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("raw", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_only_ever_a_message_error(payload_type: type, raw: str) -> None:
    with pytest.raises(MessageError):
        payload_type.from_json(raw)


@pytest.mark.parametrize("payload_type", TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize(
    "raw", [None, b'{"text": "x"}', 3, {"text": "x"}], ids=["None", "bytes", "int", "mapping"]
)
def test_anything_but_text_is_a_message_error(payload_type: type, raw: object) -> None:
    with pytest.raises(MessageError, match="expected JSON text"):
        payload_type.from_json(raw)


def test_payloads_refuse_to_encode_non_finite_numbers() -> None:
    with pytest.raises(MessageError, match="encode"):
        GuestEvent("arrive", "ana", float("nan")).to_json()


def test_language_confidence_and_prompts_are_checked() -> None:
    heard = Utterance("¿Dónde están los baños?", language="es", language_confidence=0.97, source="speech")
    assert Utterance.from_json(heard.to_json()) == heard
    with pytest.raises(MessageError, match="language_confidence"):
        Utterance.from_json('{"text": "hola", "language_confidence": 1.5}')
    with pytest.raises(MessageError, match="prompts"):
        SpeechCatalogue.from_json('{"version": "v1", "prompts": {"zh": 3}}')


def test_wrong_field_types_are_refused() -> None:
    with pytest.raises(MessageError, match="ok"):
        KnowledgeStatus.from_json('{"ok": "yes", "version": "v1"}')
    with pytest.raises(MessageError, match="problems"):
        KnowledgeStatus.from_json('{"ok": false, "version": "v1", "problems": "broken"}')
    with pytest.raises(MessageError, match="entries"):
        KnowledgeStatus.from_json('{"ok": true, "version": "v1", "entries": -1}')
    with pytest.raises(MessageError, match="misheard"):
        SpeechCatalogue.from_json('{"version": "v1", "misheard": ["cherry"]}')
    with pytest.raises(MessageError, match="list of strings"):
        SpeechCatalogue.from_json('{"version": "v1", "misheard": {"Chery": "cherry"}}')
    with pytest.raises(MessageError, match="name_cues"):
        SpeechCatalogue.from_json('{"version": "v1", "name_cues": ["export"]}')
    with pytest.raises(MessageError, match="lines"):
        SpeechCatalogue.from_json('{"version": "v1", "lines": ["Hello"]}')
    with pytest.raises(MessageError, match="reason"):
        IgnoredAudio.from_json('{"text": "x"}')
    with pytest.raises(MessageError, match="cache_hit"):
        SpokenEvent.from_json('{"event": "finished", "text": "x", "cache_hit": 1}')


def test_the_speech_catalogue_may_be_larger_than_an_event() -> None:
    lines = tuple(FixedLine(f"Answer number {i}, spoken as written.") for i in range(3000))
    catalogue = SpeechCatalogue("v9", lines=lines)
    assert 64 * 1024 < len(catalogue.to_json()) < MAX_CATALOGUE_BYTES
    assert SpeechCatalogue.from_json(catalogue.to_json()) == catalogue
    with pytest.raises(MessageError, match="larger"):
        SpeechCatalogue.from_json('{"version": "' + "v" * MAX_CATALOGUE_BYTES + '"}')


def test_missing_optional_fields_take_their_defaults() -> None:
    assert SpokenEvent.from_json('{"event": "started", "text": "Hi"}') == SpokenEvent(
        SpokenPhase.STARTED, "Hi"
    )
    assert Reply.from_json('{"text": "x", "stamp": null, "score": null}').score == 0.0
    assert IgnoredAudio.from_json('{"reason": "too quiet"}') == IgnoredAudio("too quiet")
