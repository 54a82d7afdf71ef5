"""Counts inputs that raised, and errors a target logged instead of raising (a swallowed crash is one too)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FuzzCount:
    """One fuzz target's tally; `examples` keeps a few failing inputs (shortened) for the report."""

    target: str
    inputs: int = 0
    exceptions: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def failed(self, exc: BaseException, given: object) -> None:
        self.exceptions += 1
        self.kinds[type(exc).__name__] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{type(exc).__name__}: {exc!s:.80} <- {given!r:.80}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "inputs": self.inputs,
            "exceptions": self.exceptions,
            "exception_kinds": dict(self.kinds),
            "examples": self.examples,
            "seconds": round(self.seconds, 2),
        }


class ErrorLogCounter(logging.Handler):
    """Counts ERROR records of a logger tree while installed (the dialogue logs a crash and says the fallback
    line, so the guest hears something; the benchmark still counts it as an exception)."""

    def __init__(self, logger_name: str) -> None:
        super().__init__(level=logging.ERROR)
        self._logger = logging.getLogger(logger_name)
        self.count = 0
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.last = record.getMessage()[:120]

    def __enter__(self) -> ErrorLogCounter:
        self._logger.addHandler(self)
        self._propagate = self._logger.propagate
        self._logger.propagate = False  # the fuzz would otherwise print every logged crash
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._logger.removeHandler(self)
        self._logger.propagate = self._propagate
