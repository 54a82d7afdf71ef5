"""Today's questions and answers of one robot, for its fleet heartbeat (seeded from its turn log)."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

from robot_guide.turnlog.report import is_question, is_unanswered
from robot_guide.turnlog.turns import Turn, TurnLogError, read_turns


class DayTally:
    """Counts questions and answered questions of the current day; starts again at midnight."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._day: date | None = None
        self.questions = 0
        self.answered = 0
        self.last_turn = 0.0  # wall time of the last turn counted

    def add(self, turn: Turn) -> None:
        moment = turn.moment
        with self._lock:
            if self._day != moment.date():
                if self._day is not None and moment.date() < self._day:
                    return  # a turn of an earlier day (a log read late) does not count today
                self._day, self.questions, self.answered = moment.date(), 0, 0
            if is_question(turn):
                self.questions += 1
                self.answered += int(not is_unanswered(turn))
            self.last_turn = max(self.last_turn, moment.timestamp())

    def today(self, now: datetime) -> tuple[int, int]:
        """(questions, answered) for the day of `now`."""
        with self._lock:
            if self._day != now.date():
                return 0, 0
            return self.questions, self.answered

    def seed(self, path: Path, now: datetime) -> None:
        """Count today's turns already in the log (a restarted node keeps its day's figures)."""
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            turns = read_turns(path, since=midnight) if path.is_file() else []
        except TurnLogError:
            return
        for turn in turns:
            self.add(turn)
