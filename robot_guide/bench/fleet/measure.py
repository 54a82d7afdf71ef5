"""One fleet size: start N robots, time discovery and start-up, publish edits and large bundles, read RSS."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any

from robot_guide.bench.errors import BenchError
from robot_guide.bench.fleet.robots import BenchRobots
from robot_guide.bench.stats import summarize
from robot_guide.contracts.fleet import KnowledgeBundle, RobotHeartbeat
from robot_guide.knowledge.bundle import make_bundle
from robot_guide.paths import default_knowledge_dir
from robot_guide.ros import interface as rg
from robot_guide.ros.fleet_client import FleetClient

ANSWER = "That's five days."
PAD_LINE = "# " + "padding " * 12 + "\n"
PAD_FILE_BYTES = 1_000_000  # under the loader's 1 MiB per file


class ServingClock:
    """When each robot first reported serving each version (its own wall clock, on this machine)."""

    def __init__(self, client: FleetClient) -> None:
        self._lock = threading.Lock()
        self.first_beat: dict[str, float] = {}
        self.serving: dict[tuple[str, str], float] = {}
        client.observer.watch(rg.FLEET_ROBOTS, self._on_beat)

    def _on_beat(self, beat: RobotHeartbeat) -> None:
        with self._lock:
            self.first_beat.setdefault(beat.robot, time.time())
            self.serving.setdefault((beat.knowledge_version, beat.robot), beat.stamp)

    def wait(self, condition: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise BenchError(f"bench fleet: {what} did not happen within {timeout:g} s", exit_code=1)
            time.sleep(0.05)


def knowledge_copy(root: Path, label: str, pad_bytes: int = 0) -> Path:
    """The summit knowledge with one answer changed (a new version), padded with comment files if asked."""
    folder = root / label
    shutil.copytree(default_knowledge_dir(), folder)
    summit = folder / "summit.yaml"
    summit.write_text(summit.read_text(encoding="utf-8").replace(ANSWER, f"Five days ({label})."))
    number = 0
    while pad_bytes > 0:
        size = min(pad_bytes, PAD_FILE_BYTES)
        (folder / f"padding{number}.yaml").write_text(
            "entries: []\n" + PAD_LINE * max(1, size // len(PAD_LINE)), encoding="utf-8"
        )
        pad_bytes -= size
        number += 1
    return folder


def _publish(
    client: FleetClient, clock: ServingClock, bundle: KnowledgeBundle, robots: list[str]
) -> list[float]:
    """Seconds from the publish to each robot serving the bundle."""
    sent = time.time()
    answers = client.publish(bundle, timeout=120.0, settle=0.0)
    refused = [a for a in answers if a.outcome.value != "served"]
    if refused:
        raise BenchError(f"bench fleet: {refused[0].robot} did not serve the bundle: {refused[0].detail}", 1)
    clock.wait(lambda: all((bundle.version, r) in clock.serving for r in robots), 30.0, "every robot serving")
    return [max(0.0, clock.serving[(bundle.version, r)] - sent) for r in robots]


def measure_fleet(count: int, publishes: int, sizes_mb: list[float], log: IO[str]) -> dict[str, Any]:
    names = [f"b{i + 1}" for i in range(count)]
    work = Path(tempfile.mkdtemp(prefix="robot-guide-bench-kb-"))
    try:
        with BenchRobots() as robots:
            watcher = FleetClient()
            try:
                clock = ServingClock(watcher)
                started = time.monotonic()
                for name in names:
                    robots.start(name)
                clock.wait(lambda: len(clock.first_beat) >= count, 60.0 + 10.0 * count, "every robot up")
                fleet_up_s = time.monotonic() - started
                start_s = [clock.first_beat[n] - robots.started_at[n] for n in names]
                print(f"bench fleet: {count} robots up in {fleet_up_s:.1f} s", file=log, flush=True)

                discovery = []
                for _ in range(3):
                    begin = time.monotonic()
                    fresh = FleetClient()
                    try:
                        ServingClock(fresh).wait(
                            lambda f=fresh: len(f.robots()) >= count, 30.0 + 3.0 * count, "discovery"
                        )
                    finally:
                        discovery.append(time.monotonic() - begin)
                        fresh.close()
                idle_rss = robots.memory_mb()

                latencies: list[float] = []
                last: list[float] = []
                for run in range(publishes):
                    folder = knowledge_copy(work, f"edit{run}")
                    bundle = make_bundle(folder, uuid.uuid4().hex, "bench", "bench", time.time())
                    seconds = _publish(watcher, clock, bundle, names)
                    latencies += seconds
                    last.append(max(seconds))
                    print(f"bench fleet: publish {run + 1}: last robot after {max(seconds):.2f} s", file=log)

                sizes = []
                for size in sizes_mb:
                    folder = knowledge_copy(work, f"size{size:g}", int(size * 1e6) - 90_000)
                    bundle = make_bundle(folder, uuid.uuid4().hex, "bench", "bench", time.time())
                    nbytes = len(bundle.to_json().encode("utf-8"))
                    seconds = _publish(watcher, clock, bundle, names)
                    sizes.append({"mb": round(nbytes / 1e6, 2), "last_robot_s": round(max(seconds), 3)})
                    print(f"bench fleet: {nbytes / 1e6:.1f} MB bundle: {max(seconds):.2f} s", file=log)
                    shutil.rmtree(folder, ignore_errors=True)
                after_rss = robots.memory_mb()
            finally:
                watcher.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "robots": count,
        "fleet_up_s": round(fleet_up_s, 2),
        "robot_start_s": summarize(start_s, 2),
        "discovery_s": summarize(discovery, 3),
        "publish_to_serving_s": summarize(latencies, 3),
        "publish_to_last_robot_s": summarize(last, 3),
        "rss_mb_idle": summarize(list(idle_rss.values()), 1),
        "rss_mb_after": summarize(list(after_rss.values()), 1),
        "bundle_sizes": sizes,
    }
