"""Private DDS domains on one machine: each node set claims a domain that no other running node set holds."""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import tempfile
from pathlib import Path

PRIVATE_DOMAINS = range(1, 102)  # 0 is the default domain of every ROS 2 tool; 101 is the last on Linux
_CLAIMS = Path(tempfile.gettempdir()) / "robot_guide_domains"
_held: dict[int, int] = {}  # domain -> open lock file; the claim lasts while this process lives


def claim_domain() -> int:
    """A domain no other process on this machine has claimed (simulators, benchmarks, parallel tests): two
    node sets in one domain would answer each other's guests. The claim is a lock on a file, so a process
    that dies releases it. If every domain is held, or locks cannot be taken here, a random one is used."""
    start = random.randrange(len(PRIVATE_DOMAINS))
    for offset in range(len(PRIVATE_DOMAINS)):
        domain = PRIVATE_DOMAINS[(start + offset) % len(PRIVATE_DOMAINS)]
        if domain not in _held and _try_lock(domain):
            return domain
    return random.choice(PRIVATE_DOMAINS)


def release_domain(domain: int) -> None:
    """Give a claimed domain back before this process ends (a benchmark that starts many node sets)."""
    handle = _held.pop(domain, None)
    if handle is not None:
        with contextlib.suppress(OSError):
            os.close(handle)


def _try_lock(domain: int) -> bool:
    try:
        _CLAIMS.mkdir(mode=0o777, exist_ok=True)
        handle = os.open(_CLAIMS / f"{domain}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return False
    _held[domain] = handle
    return True
