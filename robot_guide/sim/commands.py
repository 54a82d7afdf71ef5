"""Parses what a developer types into the simulator: plain text is speech, `/word` is a command."""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.contracts.errors import RobotGuideError

COMMANDS = {
    "/arrive": "/arrive [GUEST_ID]   a guest walks up to the robot",
    "/leave": "/leave [GUEST_ID]    the guest walks away",
    "/wav": "/wav PATH            the guest speaks the recording in PATH into the microphone",
    "/see": "/see IMAGE|nobody    the camera sees a PNG/JPEG (a path, or a name in sim/frames/) from now on",
    "/time": "/time YYYY-MM-DD HH:MM   set the robot's clock (it runs on from there)",
    "/reload": "/reload             ask the robot to reload its knowledge now",
    "/block": "/block              block the robot's path: the walk under way (or the next) gets stuck",
    "/unblock": "/unblock            clear the robot's path again",
    "/wait": "/wait SECONDS        let time pass",
    "/help": "/help                this list",
    "/quit": "/quit                stop the simulator",
}


class CommandError(RobotGuideError, ValueError):
    """A line the simulator cannot act on; the message says what to type instead."""


@dataclass(frozen=True)
class Action:
    # say | arrive | leave | wav | see | time | reload | block | unblock | wait | help | quit | nothing
    kind: str
    argument: str = ""


def parse_line(line: str) -> Action:
    text = line.strip()
    if not text:
        return Action("nothing")
    if not text.startswith("/"):
        return Action("say", text)
    word, _, rest = text.partition(" ")
    rest = rest.strip()
    command = word.lower()
    if command not in COMMANDS:
        raise CommandError(f"unknown command {word!r}; type /help for the list, or plain text to speak")
    if command in ("/wav", "/see", "/time", "/wait") and not rest:
        raise CommandError(f"{command} needs an argument: {COMMANDS[command].split('  ')[0]}")
    if command == "/wait":
        try:
            seconds = float(rest)
        except ValueError:
            raise CommandError(f"/wait takes a number of seconds, got {rest!r}") from None
        if not 0 <= seconds <= 3600:
            raise CommandError("/wait takes between 0 and 3600 seconds")
    return Action(command[1:], rest)


def help_text() -> str:
    return "\n".join(COMMANDS.values()) + "\nAnything else you type is what the guest says."
