"""An Oxigraph SPARQL server (the PyPI package `oxigraph`) for tests: loaded with fixture files,
bound to 127.0.0.1 on a free port, stopped when the test is done, whatever happens (started and
stopped by tradegraph.publish.serve.running, as `tradegraph serve` does)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tradegraph.errors import UsageError
from tradegraph.publish.serve import binary, running


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
            [binary(), "load", "--location", str(store), "--file", str(path)],
            check=True,
            capture_output=True,
        )
    mode = "serve" if writable else "serve-read-only"
    with contextlib.ExitStack() as stack:
        for attempt in range(3):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            arguments = [mode, "--location", str(store), "--bind", f"127.0.0.1:{port}"]
            try:
                stack.enter_context(running(arguments, base))
                break
            except UsageError as exc:
                # Another process (a parallel test worker) may have taken the port between
                # free_port and the server's bind: try another.
                if "could not start" not in exc.message or attempt == 2:
                    raise
        yield base
