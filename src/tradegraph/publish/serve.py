"""`tradegraph serve`: the Oxigraph server (the PyPI package `oxigraph`) on the cached store,
read-only, in the foreground until interrupted. tradegraph runs no HTTP server of its own."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from tradegraph.errors import InputError, UsageError, one_line


def binary() -> str:
    """The `oxigraph` executable: on PATH, else beside this Python (a virtual environment)."""
    found = shutil.which("oxigraph") or Path(sys.executable).with_name("oxigraph")
    if not Path(found).is_file():
        raise InputError("the Oxigraph server is not installed (pip install oxigraph)")
    return str(found)


def address(host: str, port: int) -> str:
    """host:port, with an IPv6 host in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def serve(db: Path, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Run the server on the store until Ctrl-C, SIGTERM or SIGHUP, calling ready(base URL) once
    it answers. Every SPARQL query sees the union of the store's graphs, so clients need not name
    the graph; tradegraph's own clients name it anyway (default-graph-uri).

    However tradegraph ends, its server ends: on SIGINT (Ctrl-C), SIGTERM and SIGHUP the server
    is stopped and serve returns normally, so `tradegraph serve` prints "stopped" and exits 0 (a
    stop asked for is a clean stop; service managers send SIGTERM to stop). A signal ignored
    when serve starts (as under nohup) stays ignored. On an exception the server is stopped
    before it propagates, and on Linux the server is also told to stop if tradegraph is killed
    outright (SIGKILL)."""
    base = f"http://{address(host, port)}"
    _check_free(base, host, port)
    arguments = ["serve-read-only", "--location", str(db), "--bind", address(host, port)]
    try:
        with (
            _stopping_on_signals(),
            running([*arguments, "--union-default-graph"], base) as (process, log),
        ):
            ready(base)
            if process.wait() != 0:
                raise UsageError(f"{base}: the Oxigraph server stopped: {_last_line(process, log)}")
    except (KeyboardInterrupt, _Stop):
        pass


class _Stop(BaseException):
    """Raised by the SIGTERM and SIGHUP handlers, as KeyboardInterrupt is by SIGINT's: a
    BaseException, so that no `except Exception` swallows it."""


@contextlib.contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise _Stop while inside (once: a second signal while stopping is
    ignored); the previous handlers come back on leaving. Signals can only be handled in the
    main thread: elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def stop(signum: int, frame: object) -> None:
        for number in previous:
            signal.signal(number, signal.SIG_IGN)
        raise _Stop(signum)

    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def running(arguments: list[str], base: str) -> Iterator[tuple[subprocess.Popen, IO[bytes]]]:
    """The Oxigraph server started with these arguments, once it answers at base; stopped on
    leaving, whatever happens (the tests start their servers with it too). On Linux, started
    from the main thread, the server also gets SIGTERM if tradegraph dies (even by SIGKILL)."""
    # The server's log goes to a file, not a pipe nobody drains (a full pipe would stall it).
    with tempfile.TemporaryFile() as log:
        process: subprocess.Popen | None = None
        try:
            # A process group of its own: Ctrl-C reaches tradegraph, which stops the server,
            # rather than both at once (the server's exit would then look like a failure).
            process = subprocess.Popen(
                [binary(), *arguments],
                stdout=log,
                stderr=log,
                process_group=0,
                preexec_fn=_die_with_parent(),
            )
            _wait_until_up(base, process, log)
            yield process, log
        finally:
            if process is not None:
                _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server and reap it; kill it if it does not stop within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send the child SIGTERM when its parent dies, or None."""
    if not sys.platform.startswith("linux"):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None  # Linux ties the signal to the starting thread, which may end first
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arrange() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: stop now
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange


_PR_SET_PDEATHSIG = 1


def _check_free(base: str, host: str, port: int) -> None:
    """Refuse a port something already listens on (the readiness probe would ask it instead)."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise UsageError(f"{base}: cannot listen there: {reason}") from None


def _last_line(process: subprocess.Popen, log: IO[bytes]) -> str:
    log.seek(0)
    lines = log.read().decode("utf-8", "replace").strip().splitlines()
    return one_line(lines[-1]) if lines else f"exit status {process.returncode}"


def _wait_until_up(base: str, process: subprocess.Popen, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            reason = _last_line(process, log)
            raise UsageError(f"{base}: the Oxigraph server could not start: {reason}")
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise UsageError(f"{base}: the Oxigraph server did not answer within 30 s")
