"""Speaker queue, barge-in and callback logic, with a tiny fake synthesizer and the in-memory sinks."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.prerender import PrerenderCache
from robot_guide.speech.speak.sinks import PacedSink, RecordingSink
from robot_guide.speech.speak.speaker import Speaker, SpokenRecord

RATE = 16_000


class FakeSynthesizer(Synthesizer):
    """0.1 s of tone per word; remembers every call; can fail on a word or block until released."""

    def __init__(self, fail_on: str = "", block: threading.Event | None = None) -> None:
        self.calls: list[tuple[str, Voice]] = []
        self.fail_on = fail_on
        self.block = block
        self.entered = threading.Event()

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        self.calls.append((text, voice))
        self.entered.set()
        if self.block is not None:
            self.block.wait(5.0)
        if self.fail_on and self.fail_on in text:
            raise RuntimeError(f"engine broke on {self.fail_on!r}")
        seconds = 0.1 * len(text.split())
        t = np.arange(round(seconds * RATE)) / RATE
        return SpeechAudio((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), RATE)


class Events:
    """Collects the speaker's callbacks in order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[bool | SpokenRecord] = []

    def speaking(self, value: bool) -> None:
        with self.lock:
            self.items.append(value)

    def spoken(self, record: SpokenRecord) -> None:
        with self.lock:
            self.items.append(record)

    @property
    def records(self) -> list[SpokenRecord]:
        with self.lock:
            return [item for item in self.items if isinstance(item, SpokenRecord)]

    @property
    def flags(self) -> list[bool]:
        with self.lock:
            return [item for item in self.items if isinstance(item, bool)]


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def synth() -> FakeSynthesizer:
    return FakeSynthesizer()


def make_speaker(
    synth: Synthesizer, sink: PacedSink, events: Events, cache: PrerenderCache | None = None
) -> Speaker:
    return Speaker(synth, sink, Voice("en", 175), events.speaking, events.spoken, cache=cache)


def test_speaks_queued_texts_in_order(synth: FakeSynthesizer, events: Events) -> None:
    sink = RecordingSink()
    speaker = make_speaker(synth, sink, events)
    speaker.say("Hello there guest", turn_id="t1", meta={"entry": "greeting"})
    speaker.say("The forum is in Hall B", turn_id="t2")
    assert speaker.wait_idle(5.0)
    speaker.close()
    assert [r.turn_id for r in events.records] == ["t1", "t2"]
    first = events.records[0]
    assert first.meta == {"entry": "greeting"}
    assert not first.cancelled and not first.error and not first.cache_hit
    assert first.audio_seconds == pytest.approx(0.3)
    assert first.started >= first.queued and first.ended >= first.started
    assert [record.text for record in sink.records] == ["Hello there guest", "The forum is in Hall B"]
    # speaking stays on across the back-to-back sentences and goes off once at the end
    assert events.flags == [True, False]
    assert events.items[0] is True and events.items[-1] is False


def test_say_returns_before_synthesis_finishes(events: Events) -> None:
    release = threading.Event()
    synth = FakeSynthesizer(block=release)
    speaker = make_speaker(synth, RecordingSink(), events)
    speaker.say("one two three")
    assert synth.entered.wait(5.0)
    assert not speaker.idle()
    release.set()
    assert speaker.wait_idle(5.0)
    assert speaker.idle()
    speaker.close()


def test_text_is_cleaned_before_synthesis(synth: FakeSynthesizer, events: Events) -> None:
    speaker = make_speaker(synth, RecordingSink(), events)
    speaker.say("**R&D** 🚗 grew 50%")
    speaker.say("🎉🎉")
    assert speaker.wait_idle(5.0)
    speaker.close()
    assert [call[0] for call in synth.calls] == ["R and D grew 50 percent"]
    spoken, empty = events.records
    assert spoken.spoken_text == "R and D grew 50 percent" and spoken.text == "**R&D** 🚗 grew 50%"
    assert empty.error == "nothing speakable in the text" and empty.started == 0.0


def test_failed_synthesis_is_reported_and_the_worker_keeps_going(events: Events) -> None:
    synth = FakeSynthesizer(fail_on="broken")
    sink = RecordingSink()
    speaker = make_speaker(synth, sink, events)
    speaker.say("this is broken", turn_id="bad")
    speaker.say("this works", turn_id="good")
    assert speaker.wait_idle(5.0)
    speaker.close()
    bad, good = events.records
    assert "engine broke" in bad.error and bad.started == 0.0 and not bad.cancelled
    assert good.error == "" and good.audio_seconds > 0
    assert [record.text for record in sink.records] == ["this works"]


def test_rate_scale_slows_the_voice(synth: FakeSynthesizer, events: Events) -> None:
    speaker = make_speaker(synth, RecordingSink(), events)
    speaker.say("slowly please", rate_scale=0.8)
    speaker.say("normal")
    assert speaker.wait_idle(5.0)
    speaker.close()
    assert [call[1].rate_wpm for call in synth.calls] == [140, 175]
    assert all(call[1].voice_id == "en" for call in synth.calls)


def test_rejects_a_nonsense_rate_scale(synth: FakeSynthesizer, events: Events) -> None:
    speaker = make_speaker(synth, RecordingSink(), events)
    try:
        with pytest.raises(ValueError, match="rate_scale"):
            speaker.say("x", rate_scale=0.0)
        assert speaker.idle()
    finally:
        speaker.close()


def test_cache_hit_plays_without_synthesis_and_slower_repeat_is_synthesized(
    synth: FakeSynthesizer, events: Events
) -> None:
    voice = Voice("en", 175)
    cache = PrerenderCache(synth, voice)
    cache.warm(["Welcome to the summit"])
    synth.calls.clear()
    speaker = make_speaker(synth, RecordingSink(), events, cache=cache)
    speaker.say("Welcome to the summit")
    speaker.say("Welcome to the summit", rate_scale=0.8)
    assert speaker.wait_idle(5.0)
    speaker.close()
    hit, miss = events.records
    assert hit.cache_hit and hit.synth_seconds == 0.0
    assert not miss.cache_hit
    assert [(text, v.rate_wpm) for text, v in synth.calls] == [("Welcome to the summit", 140)]


def test_cancel_stops_the_current_sentence_and_drops_the_queue(
    synth: FakeSynthesizer, events: Events
) -> None:
    speaker_box: list[Speaker] = []
    chunks_seen = threading.Event()

    def on_chunk(chunk: np.ndarray, start: float) -> None:
        if not chunks_seen.is_set():
            chunks_seen.set()
            speaker_box[0].cancel()  # barge-in as soon as the first audio goes out

    sink = PacedSink(on_chunk, chunk_s=0.02)
    speaker = make_speaker(synth, sink, events)
    speaker_box.append(speaker)
    long_text = " ".join(["word"] * 30)  # 3 s of audio
    speaker.say(long_text, turn_id="a")
    speaker.say("never spoken", turn_id="b")
    speaker.say("also never spoken", turn_id="c")
    assert speaker.wait_idle(10.0)
    current, *dropped = events.records
    assert current.turn_id == "a" and current.cancelled and current.started > 0
    assert [(r.turn_id, r.cancelled, r.started) for r in dropped] == [("b", True, 0.0), ("c", True, 0.0)]
    (played,) = sink.records
    assert played.cancelled and played.played_seconds < played.audio_seconds
    assert [call[0] for call in synth.calls] == [long_text]
    assert events.flags == [True, False]
    # the speaker keeps working after a barge-in
    speaker.say("after the barge in", turn_id="d")
    assert speaker.wait_idle(10.0)
    speaker.close()
    assert events.records[-1].turn_id == "d" and not events.records[-1].cancelled


def test_cancel_during_synthesis_drops_the_sentence(events: Events) -> None:
    release = threading.Event()
    synth = FakeSynthesizer(block=release)
    sink = RecordingSink()
    speaker = make_speaker(synth, sink, events)
    speaker.say("one two three", turn_id="x")
    assert synth.entered.wait(5.0)
    speaker.cancel()
    release.set()
    assert speaker.wait_idle(5.0)
    speaker.close()
    (record,) = events.records
    assert record.cancelled and record.started == 0.0
    assert sink.records == []
    assert events.flags == []


class LateStartSink(PacedSink):
    """A sink whose play() takes a moment before it listens for cancel: the barge-in race window."""

    def __init__(self) -> None:
        super().__init__(None, chunk_s=0.02)
        self.entered = threading.Event()
        self.go = threading.Event()

    def play(self, audio: SpeechAudio, text: str) -> bool:
        self.entered.set()
        self.go.wait(5.0)
        return super().play(audio, text)


def test_cancel_that_arrives_before_the_sink_listens_still_stops_it(
    synth: FakeSynthesizer, events: Events
) -> None:
    sink = LateStartSink()
    speaker = make_speaker(synth, sink, events)
    speaker.say(" ".join(["word"] * 50))  # 5 s of audio: finishing it would mean the cancel was lost
    assert sink.entered.wait(5.0)
    speaker.cancel()  # the sink ignores this one: it is not playing yet
    sink.go.set()
    assert speaker.wait_idle(10.0)
    speaker.close()
    (record,) = events.records
    assert record.cancelled
    assert sink.records[0].played_seconds < 4.0


def test_callback_errors_do_not_stop_the_speaker(synth: FakeSynthesizer) -> None:
    spoken: list[SpokenRecord] = []

    def bad_speaking(value: bool) -> None:
        raise RuntimeError("subscriber bug")

    def on_spoken(record: SpokenRecord) -> None:
        spoken.append(record)
        raise RuntimeError("subscriber bug")

    speaker = Speaker(synth, RecordingSink(), Voice(), bad_speaking, on_spoken)
    speaker.say("one")
    speaker.say("two")
    assert speaker.wait_idle(5.0)
    speaker.close()
    assert [r.text for r in spoken] == ["one", "two"]


def test_on_started_fires_for_each_sentence_that_plays(events: Events) -> None:
    synth = FakeSynthesizer(fail_on="broken")
    started: list[tuple[str, str, dict[str, object] | None]] = []
    speaker = Speaker(
        synth,
        RecordingSink(),
        Voice(),
        events.speaking,
        events.spoken,
        on_started=lambda text, turn, meta: started.append((text, turn, meta)),
    )
    speaker.say("first answer", turn_id="t1", meta={"entry": "hall"})
    speaker.say("broken answer", turn_id="t2")
    speaker.say("third answer", turn_id="t3")
    assert speaker.wait_idle(5.0)
    speaker.close()
    assert started == [("first answer", "t1", {"entry": "hall"}), ("third answer", "t3", {})]


def test_say_after_close_is_refused(synth: FakeSynthesizer, events: Events) -> None:
    speaker = make_speaker(synth, RecordingSink(), events)
    speaker.close()
    with pytest.raises(RuntimeError, match="closed"):
        speaker.say("hello")


def test_the_queue_is_bounded_and_the_oldest_waiting_replies_are_dropped_with_few_log_lines(
    events: Events, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    synth = FakeSynthesizer(block=release)
    sink = RecordingSink()
    speaker = Speaker(synth, sink, Voice(), events.speaking, events.spoken, max_queued=3)
    speaker.say("first", turn_id="t0")
    assert synth.entered.wait(5.0)  # t0 is being synthesized; everything else waits
    for index in range(1, 1_000):
        speaker.say(f"reply {index}", turn_id=f"t{index}")
    release.set()
    assert speaker.wait_idle(10.0)
    speaker.close()
    spoken = [r.turn_id for r in events.records if not r.cancelled]
    assert spoken == ["t0", "t997", "t998", "t999"]  # the one playing and the newest three
    dropped = [r for r in events.records if r.cancelled]
    assert len(dropped) == 996 and all("more than 3 replies waiting" in r.error for r in dropped)
    drop_lines = [r for r in caplog.records if "dropped a reply" in r.getMessage()]
    assert 1 <= len(drop_lines) <= 2 and not any(r.exc_info for r in caplog.records)


def test_a_reply_that_waited_too_long_is_dropped_not_spoken(events: Events) -> None:
    release = threading.Event()
    synth = FakeSynthesizer(block=release)
    sink = RecordingSink()
    speaker = Speaker(synth, sink, Voice(), events.speaking, events.spoken, max_age_s=0.2)
    speaker.say("slow to render", turn_id="old")
    assert synth.entered.wait(5.0)
    speaker.say("queued behind it", turn_id="stale")
    threading.Event().wait(0.4)  # the queued reply is now older than max_age_s
    release.set()
    assert speaker.wait_idle(5.0)
    speaker.close()
    first, stale = events.records
    assert first.turn_id == "old" and not first.cancelled
    assert stale.turn_id == "stale" and stale.cancelled and "more than 0.2 s" in stale.error
    assert [record.text for record in sink.records] == ["slow to render"]


def test_close_with_a_full_queue_runs_no_callback_and_logs_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    release = threading.Event()
    synth = FakeSynthesizer(block=release)
    calls: list[str] = []

    def gone(record: SpokenRecord) -> None:  # a node whose publishers are already destroyed
        calls.append(record.turn_id)
        raise RuntimeError("publisher's context is not valid")

    speaker = Speaker(synth, RecordingSink(), Voice(), lambda _on: None, gone, max_queued=1_000)
    speaker.say("speaking when the node stops", turn_id="t0")
    assert synth.entered.wait(5.0)
    for index in range(1, 500):
        speaker.say(f"reply {index}", turn_id=f"t{index}")
    closing = threading.Thread(target=speaker.close)
    closing.start()
    while not speaker._closed:  # SIGTERM: the node is closing while a reply is still being rendered
        threading.Event().wait(0.001)
    release.set()
    closing.join(10.0)
    assert not closing.is_alive()
    assert calls == [] and not any("callback failed" in r.getMessage() for r in caplog.records)
