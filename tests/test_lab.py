"""`make lab` opens the chapters in JupyterLab, in the pinned environment, with the book's kernel."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import BOOK


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_make_lab_serves_the_chapters_with_the_books_kernel():
    port, token = free_port(), "rnkbook-test"
    args = f"--no-browser --ServerApp.port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=BOOK, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                specs = get(f"{base}/kernelspecs?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        else:
            server.terminate()
            raise AssertionError("JupyterLab did not start:\n" + server.communicate(timeout=10)[1][-2000:])
        kernel = specs["kernelspecs"]["python3"]["spec"]
        # The kernel is the pinned environment's Python, which imports the book's helpers.
        assert Path(kernel["argv"][0]).resolve().parent == Path(sys.executable).resolve().parent, kernel["argv"]
        listing = {item["name"] for item in get(f"{base}/contents?token={token}")["content"]}
        assert {"arms.ipynb", "troops.ipynb"} <= listing, "JupyterLab should open at chapters/"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
