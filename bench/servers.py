"""Starting and always stopping what the browser and load benchmarks need: gunicorn, redis-server.

Each process is started in a session (process group) of its own and stopped by that group's
id when the `with` block ends, normally, on an error or on Ctrl-C: nothing else is touched.
Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, log

PROJECT = ROOT.parent
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    cache_dir: str  # the FileSystemCache folder (unused when Redis is the cache)
    pid: int  # gunicorn's master, leader of its own process group


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, name: str, grace: float = 10.0) -> None:
    """SIGTERM to the process group we started, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop in {grace:.0f} s: killing its process group {process.pid}")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
    except ProcessLookupError:
        pass


def wait_until(check, what: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode} before it was ready")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throw-away redis-server on a free loopback port, no persistence; yields its URL."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
               "--protected-mode", "yes", "--loglevel", "warning"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        def ping() -> bool:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")

        wait_until(ping, "redis-server", 15, process)
        log(f"redis-server pid {process.pid} on 127.0.0.1:{port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process, "redis-server")


@contextlib.contextmanager
def gunicorn(data_dir: Path, workers: int, threads: int, redis_url: str | None = None,
             log_file: Path | None = None) -> Iterator[Server]:
    """gunicorn serving dashboard.app:server on a free loopback port.

    Every worker gets the same SECRET_KEY; the cache is Redis when redis_url is given, else a
    FileSystemCache in a private temporary folder shared by the workers.
    """
    port = free_port()
    cache_dir = tempfile.mkdtemp(prefix="react-bench-cache-")
    env = dict(os.environ)
    env.update({
        "REACT_DATA_DIR": str(data_dir),
        "REACT_DEMO_BOOTSTRAP": "0",
        "SECRET_KEY": secrets.token_hex(32),
        "REACT_CACHE_DIR": cache_dir,
        "PYTHONUNBUFFERED": "1",
        "REACT_WARM_CACHE": "1",  # as deployed: a new snapshot's opening views are computed once
    })
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    # Our own config file: the project's gunicorn.conf.py must not be needed to measure the app.
    command = [str(VENV_BIN / "gunicorn"), "--config", str(ROOT / "gunicorn_bench.conf.py"),
               "--workers", str(workers), "--threads", str(threads),
               # The app is imported once, before the workers fork: every worker runs the same code
               # even when files change during the run.
               "--preload",
               "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5",
               # Clients reuse connections between changes; gunicorn's 2 s default closes them under
               # a client that sends after a 2 s pause (a reset, not a server error).
               "--keep-alive", "30",
               "--log-level", "warning", "dashboard.app:server"]
    output = log_file.open("w") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=PROJECT, env=env, start_new_session=True,
                               stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def healthy() -> bool:
            with urllib.request.urlopen(base + "/health", timeout=5) as response:
                return response.status == 200

        wait_until(healthy, "gunicorn", 120, process)
        log(f"gunicorn pid {process.pid} ({workers} workers x {threads} threads) on {base}, data {data_dir}"
            + (f", cache {redis_url}" if redis_url else f", file cache {cache_dir}"))
        yield Server(base, cache_dir, process.pid)
    finally:
        stop(process, "gunicorn")
        if log_file:
            output.close()
        shutil.rmtree(cache_dir, ignore_errors=True)


def clear_file_cache(cache_dir: str) -> None:
    """Empty a FileSystemCache folder (the app treats missing files as misses)."""
    for entry in os.scandir(cache_dir):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(entry.path)
