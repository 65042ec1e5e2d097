"""Workshop mode: the scenario explorer served with Voila on localhost, without code.

``make workshop`` or ``python -m nplv_analysis workshop [--port N] [--lang en]``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "scenario_explorer.ipynb"
LANG_ENV = "NPLV_WORKSHOP_LANG"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--no-sandbox",  # root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # no calls home on a closed network
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
"""Headless Debian Chromium for the end-to-end test and the browser benchmark."""


def open_page(playwright, url: str, proc: subprocess.Popen, executable: str = CHROMIUM):
    """Launch Chromium, open the workshop page once Voila answers and the explorer has
    rendered its total; returns (browser, page)."""
    import time

    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
    )
    page = browser.new_page(viewport={"width": 1300, "height": 1100})
    deadline = time.monotonic() + 60
    while True:
        try:
            page.goto(url, timeout=5000)
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                browser.close()
                raise
            time.sleep(0.5)
    page.wait_for_selector(".nplv-total", timeout=90_000)
    return browser, page


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(port: int, notebook: Path = NOTEBOOK) -> list[str]:
    """Voila on 127.0.0.1 only, code cells stripped, no browser opened, no token (localhost)."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--show_tracebacks=False",
    ]


def start(
    port: int | None = None, lang: str = "nl", quiet: bool = False
) -> tuple[subprocess.Popen, str]:
    """Start Voila in the background; returns the process and the page's URL."""
    port = port or free_port()
    env = {**os.environ, LANG_ENV: lang, "MPLBACKEND": "Agg"}
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(
        voila_command(port), env=env, stdout=out, stderr=out, cwd=NOTEBOOK.parent
    )
    return proc, f"http://127.0.0.1:{port}/"


def serve(port: int | None = None, lang: str = "nl") -> int:
    """Serve until Ctrl-C."""
    proc, url = start(port, lang)
    print(f"workshop: {url} (Ctrl-C stops)", flush=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return 0
