"""Wire messages decode strictly: anything malformed is a MessageError, never a crash."""

from __future__ import annotations

import pytest

from robot_guide.contracts.messages import MAX_TEXT_CHARS, GuestEvent, MessageError, Reply, Utterance


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
