"""Is a microphone frame only the robot's echo? The echo reference and the canceller's record, together."""

from __future__ import annotations

from robot_guide.speech.interfaces import SAMPLE_RATE
from robot_guide.speech.listen.echo_canceller import ConvergenceMonitor, EchoCancellerConfig
from robot_guide.speech.listen.echo_reference import EchoReference

ECHO_AUDIBLE_DBFS = -50.0  # quieter mic frames say nothing about how well the canceller works


class EchoJudge:
    """Judges each microphone frame against the robot's expected echo, on the untouched microphone's scale:
    what the canceller left plus what it takes off the echo on this line, once that is enough to go by (see
    ConvergenceMonitor); the untouched microphone until then. The expected echo is measured on the
    untouched microphone, so it holds whatever the canceller does.

    new_line() from the playback side when a new stretch of playback starts; level() for every mic frame
    (one thread), then echo_only() and start_probability() with the level it gave."""

    def __init__(self, echo: EchoReference, config: EchoCancellerConfig, frame_samples: int) -> None:
        self.echo = echo
        self.config = config
        self._frame_s = frame_samples / SAMPLE_RATE
        self._convergence = ConvergenceMonitor(config, self._frame_s)
        self._line_start: float | None = None  # play time of a new line the mic has not reached yet
        self._last_frame_end: float | None = None

    def new_line(self, t_start: float) -> None:
        self._line_start = t_start

    @property
    def converged(self) -> bool:
        return self._convergence.converged

    def level(
        self, raw_db: float, cleaned_db: float, cancelled: bool, t_end: float, barged_in: bool
    ) -> float | None:
        """The frame's loudness for the echo check (cancelled: the canceller ran on it). None once no echo
        can be left: the canceller removed it on the last line, so the echo path fits in its filter, and
        the robot has been quiet longer than that (the canceller stops then)."""
        self.echo.observe_mic(raw_db, t_end)
        # A new line, microphone stamps that moved (not one frame after the last), or a canceller output
        # louder than its input: the echo does not sit where the canceller learned it against the far end,
        # and it must show again that it removes it.
        last, self._last_frame_end = self._last_frame_end, t_end
        moved = last is not None and abs(t_end - last - self._frame_s) > 0.5 / SAMPLE_RATE
        line_start = self._line_start
        reached = line_start is not None and t_end >= line_start
        if reached:
            self._line_start = None
        # (An audible output only: in the robot's pauses the canceller's faint leftovers may exceed the
        # room's noise floor without meaning anything.)
        lost = cancelled and cleaned_db > max(raw_db, ECHO_AUDIBLE_DBFS) + self.config.lost_db
        if moved or reached or lost:
            self._convergence.restart()
        if not cancelled:
            return None if self._convergence.converged else raw_db
        audible = raw_db > ECHO_AUDIBLE_DBFS and self.echo.expected_echo_db(t_end) is not None
        echo_alone = audible and self.echo.is_echo(raw_db, t_end, 0.0) and not barged_in
        self._convergence.observe(raw_db, cleaned_db, echo_alone)
        # A canceller output louder than its input is its own echo estimate left where the echo did not
        # come (a dropped microphone block): no guest in it, whatever the VAD makes of it.
        if self._convergence.converged and cleaned_db <= raw_db:
            return cleaned_db + self._convergence.removal_db
        return raw_db

    def echo_only(self, level: float | None, t_end: float) -> bool:
        """Nothing of a guest in the frame: below even the hold margin over the robot's expected echo."""
        return level is not None and self.echo.is_echo(level, t_end, self.echo.config.hold_margin_db)

    def start_probability(self, prob: float, level: float | None, t_end: float) -> float:
        """The speech probability to start an utterance with: 0 where the frame is not clearly above the
        robot's expected echo."""
        if level is None or prob <= 0.0:
            return prob
        return 0.0 if self.echo.is_echo(level, t_end, self.echo.config.margin_db) else prob

    def above_echo(self, raw_db: float, t_end: float, margin_db: float) -> bool:
        """Is the untouched microphone margin_db above the robot's expected echo (or is there none)?"""
        expected = self.echo.expected_echo_db(t_end)
        return expected is None or raw_db >= expected + margin_db
