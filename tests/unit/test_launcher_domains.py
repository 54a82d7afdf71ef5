"""claim_domain: node sets running at once on one machine never share a DDS domain."""

from __future__ import annotations

import subprocess
import sys

from robot_guide.launcher.domains import PRIVATE_DOMAINS, claim_domain, release_domain


def test_claims_in_one_process_differ_and_a_released_one_can_be_claimed_again() -> None:
    first, second = claim_domain(), claim_domain()
    assert first != second and {first, second} <= set(PRIVATE_DOMAINS)
    release_domain(first)
    release_domain(second)


def test_another_process_never_gets_a_domain_this_one_holds() -> None:
    held = [claim_domain() for _ in range(20)]
    try:
        code = "from robot_guide.launcher.domains import claim_domain as c\nprint(*[c() for _ in range(20)])"
        command = [sys.executable, "-c", code]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        theirs = {int(word) for word in done.stdout.split()}
        assert len(theirs) == 20 and not theirs & set(held)
    finally:
        for domain in held:
            release_domain(domain)
