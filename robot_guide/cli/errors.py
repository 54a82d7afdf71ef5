"""The one error type commands raise for bad input: printed as one line, never a traceback."""

from robot_guide.contracts.errors import RobotGuideError


class CliError(RobotGuideError):
    """A problem the user can fix; the message names the problem and the fix."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
