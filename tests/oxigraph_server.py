"""An Oxigraph SPARQL server (the PyPI package `oxigraph`) for tests: loaded with fixture files,
bound to 127.0.0.1 on a free port, stopped when the test is done, whatever happens."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BINARY = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(store: Path, files: list[Path], writable: bool = False) -> Iterator[str]:
    """Yield the server's base URL (http://127.0.0.1:PORT); writable accepts updates and Graph
    Store Protocol writes (at /store)."""
    for path in files:
        subprocess.run(
            [BINARY, "load", "--location", str(store), "--file", str(path)],
            check=True,
            capture_output=True,
        )
    port = free_port()
    mode = "serve" if writable else "serve-read-only"
    process = subprocess.Popen(
        [BINARY, mode, "--location", str(store), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not start within 30 s")
