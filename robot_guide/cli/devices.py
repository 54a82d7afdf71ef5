"""`robot-guide devices`: list the audio input devices the listener can use."""

from __future__ import annotations

import argparse
import json

from robot_guide.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("devices", help="list audio input devices (microphones)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from robot_guide.speech.listen.microphone import MicrophoneError, list_input_devices

    try:
        devices = list_input_devices()
    except MicrophoneError as exc:
        raise CliError(str(exc), exit_code=1) from None
    if args.json:
        print(json.dumps(devices))
        return 0
    if not devices:
        print("no audio input devices found (no sound card or microphone on this machine)")
        return 1
    for device in devices:
        rate = f"{device['default_samplerate']:.0f} Hz"
        print(f"{device['index']:>3}  {device['name']}  ({device['channels']} ch, {rate})")
    return 0
