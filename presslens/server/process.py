"""Starting ``presslens serve`` in a child process on a free loopback port (benchmarks and tests)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(history: Path, *args: str, timeout: float = 120.0) -> tuple[subprocess.Popen, str]:
    """The server process and its base URL, once ``/v1/health`` answers (models loaded)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(history).with_suffix(".log")  # a file, not a pipe: a full pipe would stall the server's logging
    with open(log, "wb") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "presslens", "serve", "--port", str(port), "--history",
                                 str(history), *args], stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/v1/health", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("presslens serve did not start: " + log.read_text(errors="replace")[-2000:])
        time.sleep(0.3)
