"""A supervised worker process: requests go through a pipe with a deadline; a hung worker is killed."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from robot_guide.contracts.errors import RobotGuideError


class WorkerError(RobotGuideError):
    """The worker could not answer a request."""


class WorkerStartError(WorkerError):
    """The worker process did not come up (its engine failed to load, or it did not report in time)."""


class WorkerHung(WorkerError):
    """The worker did not answer within the deadline; it has been killed."""


class WorkerCrashed(WorkerError):
    """The worker process died while handling a request."""


class WorkerFailed(WorkerError):
    """The worker is alive but its engine raised an error for this request."""


# The protocol: the worker sends ("ready", hello) or ("fatal", message) once at start, then answers each
# request with ("ok", result) or ("error", message). ("stop", None) asks it to exit.
WorkerMain = Callable[..., None]  # main(conn, *args)


class SupervisedWorker:
    """Runs `main(conn)` in a spawned process and calls it with a timeout; restarts it on demand.

    Spawn (not fork) so the child never inherits the parent's threads, locks or ROS state.
    Not thread-safe by itself: callers serialise calls (the synthesizers hold a lock).
    """

    def __init__(
        self, main: WorkerMain, *, name: str, start_timeout_s: float = 20.0, args: tuple[Any, ...] = ()
    ) -> None:
        self._main = main
        self._args = args
        self._name = name
        self._start_timeout_s = start_timeout_s
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.hello: Any = None
        self.starts = 0
        self.last_start_seconds = 0.0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> Any:
        """Start the process and wait for its hello; returns the hello payload."""
        started = time.monotonic()
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=self._main, args=(child_conn, *self._args), name=self._name, daemon=True
        )
        process.start()
        child_conn.close()  # only the child holds this end now, so its death shows up as EOF here
        self._process, self._conn = process, parent_conn
        self.starts += 1
        try:
            kind, payload = self._receive(self._start_timeout_s)
        except WorkerHung as exc:
            raise WorkerStartError(
                f"{self._name} worker did not start within {self._start_timeout_s:.0f} s"
            ) from exc
        except WorkerCrashed as exc:
            raise WorkerStartError(
                f"{self._name} worker exited while starting ({exc}); its stderr says why. If the program "
                "is a script, put its top-level code under `if __name__ == '__main__':` (spawned workers "
                "re-import the main module)"
            ) from exc
        if kind != "ready":
            self.kill()
            raise WorkerStartError(f"{self._name} worker failed to start: {payload}")
        self.hello = payload
        self.last_start_seconds = time.monotonic() - started
        return payload

    def call(self, request: Any, timeout_s: float) -> Any:
        """Send one request and wait at most `timeout_s` for the answer; kills the worker on hang/crash."""
        if not self.alive() or self._conn is None:
            self.start()
        assert self._conn is not None
        try:
            self._conn.send(("request", request))
        except (BrokenPipeError, ConnectionResetError, EOFError, OSError) as exc:
            self.kill()
            raise WorkerCrashed(f"{self._name} worker pipe closed: {exc}") from exc
        kind, payload = self._receive(timeout_s)
        if kind == "ok":
            return payload
        raise WorkerFailed(str(payload))

    def restart(self) -> float:
        """Kill (if needed) and start again; returns the seconds it took."""
        started = time.monotonic()
        self.kill()
        self.start()
        return time.monotonic() - started

    def _receive(self, timeout_s: float) -> tuple[str, Any]:
        assert self._conn is not None and self._process is not None
        try:
            ready = self._conn.poll(timeout_s)
        except (EOFError, OSError) as exc:
            self.kill()
            raise WorkerCrashed(f"{self._name} worker pipe closed: {exc}") from exc
        if not ready:
            self.kill()
            raise WorkerHung(f"{self._name} worker gave no answer within {timeout_s:.1f} s; killed it")
        try:
            message = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._process.join(timeout=1.0)  # reap it so the exit code is known
            exitcode = self._process.exitcode
            self.kill()
            raise WorkerCrashed(f"{self._name} worker died (exit code {exitcode})") from exc
        kind, payload = message
        return str(kind), payload

    def kill(self) -> None:
        """Stop the process now (SIGKILL): a hung native engine would ignore anything gentler."""
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5.0)
            if not process.is_alive():
                process.close()  # frees the process's pipe handles now rather than at garbage collection

    def close(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        if self._conn is not None and self.alive():
            with contextlib.suppress(OSError):  # already gone: kill() below tidies up
                self._conn.send(("stop", None))
            assert self._process is not None
            self._process.join(timeout=2.0)
        self.kill()


def serve(conn: Connection, hello: Any, handle: Callable[[Any], Any]) -> None:
    """Worker-side loop: report `hello`, then answer requests with `handle` until told to stop."""
    _exit_when_orphaned()
    conn.send(("ready", hello))
    while True:
        try:
            kind, request = conn.recv()
        except (EOFError, OSError):
            return  # the parent went away: nothing left to serve
        if kind == "stop":
            return
        try:
            conn.send(("ok", handle(request)))
        except Exception as exc:  # report engine errors; the parent decides whether to restart
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _exit_when_orphaned(poll_s: float = 1.0) -> None:
    """If the parent dies (e.g. kill -9 of the node), end this worker even when its engine is stuck."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
