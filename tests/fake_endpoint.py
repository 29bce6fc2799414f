"""A stand-in for a misbehaving SPARQL server, for the fault tests: it answers every request
with a fixed status, content type and body, optionally after a delay, and records what it was
sent. Bound to 127.0.0.1 on a free port, stopped when the test is done."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Behaviour:
    status: int = 200
    content_type: str = "application/sparql-results+json"
    body: bytes = b'{"head": {"vars": []}, "results": {"bindings": []}}'
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)  # extra ones, e.g. a Location
    requests: list[dict[str, str]] = field(default_factory=list)


@contextlib.contextmanager
def fake_endpoint(behaviour: Behaviour) -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) of a server that behaves as told."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            behaviour.requests.append(
                {"method": self.command, "path": self.path, "body": body, **self.headers}
            )
            time.sleep(behaviour.delay)
            self.send_response(behaviour.status)
            self.send_header("Content-Type", behaviour.content_type)
            self.send_header("Content-Length", str(len(behaviour.body)))
            for name, value in behaviour.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the client may have given up waiting
                self.wfile.write(behaviour.body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
