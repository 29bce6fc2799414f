"""`tradegraph serve` ends its Oxigraph server however tradegraph ends: SIGTERM, SIGINT
(Ctrl-C), SIGHUP, an exception, even SIGKILL (Linux). The tests start `tradegraph serve` on
127.0.0.1 and always stop what they start."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tradegraph.engines.cache import open_store
from tradegraph.publish import serve as server

from .helpers import ROOT
from .oxigraph_server import free_port

TRADEGRAPH = Path(sys.executable).with_name("tradegraph")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One cache for the module: the first serve builds and validates the store."""
    return tmp_path_factory.mktemp("serve-cache")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped, counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _servers_of_this_process(port: int) -> list[int]:
    """The Oxigraph servers this process started on the port (the session may run others,
    such as conftest's pushed_server)."""
    return [
        pid
        for pid in _children(os.getpid())
        if _comm(pid) == "oxigraph" and f"127.0.0.1:{port}" in _cmdline(pid)
    ]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class _Serving:
    """`tradegraph serve` in a subprocess, with its stdout read by a thread."""

    def __init__(self, cache: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "TRADEGRAPH_CACHE_DIR": str(cache), "PYTHONUNBUFFERED": "1"}
        command = [str(TRADEGRAPH), "--root", str(ROOT), "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            start_new_session=True,  # signals from the test reach tradegraph alone
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            self.stdout.append(line)
            if line.startswith("serving"):
                return
        self.process.kill()
        raise AssertionError(f"no 'serving' line: {self.stdout} {self.process.stderr.read()}")

    def rest_of_stdout(self) -> list[str]:
        while (line := self.lines.get(timeout=5)) is not None:
            self.stdout.append(line)
        return self.stdout

    def oxigraph(self) -> list[int]:
        return [pid for pid in _children(self.process.pid) if _comm(pid) == "oxigraph"]

    def stop_everything(self, children: list[int]) -> None:
        """Whatever happened in the test: nothing it started keeps running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pid in children:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_stops_tradegraph_and_its_server(cache, signum):
    serving = _Serving(cache)
    children: list[int] = []
    try:
        serving.wait_until_serving()
        children = serving.oxigraph()
        assert len(children) == 1 and _accepts(serving.port)
        serving.process.send_signal(signum)
        assert serving.process.wait(timeout=15) == 0
        assert serving.rest_of_stdout()[-1] == "stopped\n"
        assert "Traceback" not in serving.process.stderr.read()
        assert not _alive(children[0])
        assert not _accepts(serving.port)
    finally:
        serving.stop_everything(children)


def test_sigkill_of_tradegraph_still_stops_its_server(cache):
    serving = _Serving(cache)
    children: list[int] = []
    try:
        serving.wait_until_serving()
        children = serving.oxigraph()
        assert len(children) == 1
        serving.process.kill()
        serving.process.wait(timeout=15)
        assert _wait_for(lambda: not _alive(children[0]), 15)
        assert _wait_for(lambda: not _accepts(serving.port), 5)
    finally:
        serving.stop_everything(children)


def test_an_exception_in_serve_stops_the_server(layout):
    db = open_store(layout).db
    port = free_port()
    seen: list[int] = []

    def ready(base: str) -> None:
        assert _accepts(port)
        seen.extend(_servers_of_this_process(port))
        raise RuntimeError("boom")

    try:
        with pytest.raises(RuntimeError, match="boom"):
            server.serve(db, "127.0.0.1", port, ready)
        assert len(seen) == 1 and not _alive(seen[0])
        assert not _accepts(port)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers put back
    finally:
        for pid in seen:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_sigterm_in_process_stops_the_server_and_returns(layout):
    """The handler raises inside serve, which stops the server and returns normally."""
    db = open_store(layout).db
    port = free_port()
    seen: list[int] = []

    def ready(base: str) -> None:
        seen.extend(_servers_of_this_process(port))
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            raise AssertionError("serve installed no SIGTERM handler")  # SIGTERM would kill us
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
        raise AssertionError("SIGTERM was not handled")

    try:
        server.serve(db, "127.0.0.1", port, ready)
        assert len(seen) == 1 and not _alive(seen[0])
        assert not _accepts(port)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        for pid in seen:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
