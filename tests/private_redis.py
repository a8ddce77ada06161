"""A Redis server of a test's own, to freeze (SIGSTOP) or stop without touching the shared
one. Import the fixture into a test module: `from tests.private_redis import private_redis`."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """Yields (url, process) for a fresh redis-server on a free port; skipped without one."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    command = [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.send_signal(signal.SIGCONT)  # a frozen process cannot act on SIGTERM
        process.terminate()
        process.wait(timeout=5)


def freeze(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGSTOP)


def thaw(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGCONT)
