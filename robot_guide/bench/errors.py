"""The one error a benchmark raises when it cannot run: printed as one line, never a traceback."""


class BenchError(Exception):
    """A benchmark that cannot run; the message names the problem and the fix."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
