"""`tradegraph serve`: the Oxigraph server (the PyPI package `oxigraph`) on the cached store,
read-only, in the foreground until interrupted. tradegraph runs no HTTP server of its own."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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
    """Run the server on the store until Ctrl-C (or SIGTERM), calling ready(base URL) once it
    answers. Every SPARQL query sees the union of the store's graphs, so clients need not name
    the graph; tradegraph's own clients name it anyway (default-graph-uri)."""
    base = f"http://{address(host, port)}"
    _check_free(base, host, port)
    arguments = ["serve-read-only", "--location", str(db), "--bind", address(host, port)]
    try:
        with running([*arguments, "--union-default-graph"], base) as (process, log):
            ready(base)
            if process.wait() != 0:
                raise UsageError(f"{base}: the Oxigraph server stopped: {_last_line(process, log)}")
    except KeyboardInterrupt:
        pass


@contextlib.contextmanager
def running(arguments: list[str], base: str) -> Iterator[tuple[subprocess.Popen, IO[bytes]]]:
    """The Oxigraph server started with these arguments, once it answers at base; stopped on
    leaving, whatever happens (the tests start their servers with it too)."""
    # The server's log goes to a file, not a pipe nobody drains (a full pipe would stall it).
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([binary(), *arguments], stdout=log, stderr=log)
        try:
            _wait_until_up(base, process, log)
            yield process, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
