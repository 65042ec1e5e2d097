"""No process outlives its run (issue 11): the report run's workers and kernels die with it, a
killed run's temporary files are removed by the next run, and the workshop culls idle kernels,
caps them, answers only to local Host names and stops (with its kernels) with its command.

The processes of a run are found by a marker in their environment, which every worker, kernel
and Voila process inherits from the command the test starts."""

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nplv_analysis.apps.workshop import foreign_message, free_port, full_message

from .conftest import MARK, PROJECT, marked, wait_for

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds processes through /proc (Linux)"
)

NO_KERNEL = "/api/kernels/00000000-0000-0000-0000-000000000000"  # 404 from a live server


def kernels(marker: str) -> list[int]:
    return [pid for pid, cmd in marked(marker).items() if "ipykernel" in cmd]


def command(args: list[str], marker: str, tmp: Path | None = None, **kwargs) -> subprocess.Popen:
    """``python -m nplv_analysis ARGS`` with the marker (and ``tmp`` as its temp folder)."""
    env = {**os.environ, MARK: marker, "MPLBACKEND": "Agg"}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return subprocess.Popen(
        [sys.executable, "-m", "nplv_analysis", *args], cwd=PROJECT, env=env, **kwargs
    )


# --- the report run ------------------------------------------------------------------------------


@pytest.fixture
def short_tmp():
    """A temp folder with a short path (kernel sockets live there; Unix socket paths are short)."""
    path = Path(tempfile.mkdtemp(prefix="nplv-t-", dir="/tmp"))
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=False)


def test_killed_run_leaves_no_process_and_the_next_run_cleans_up(tmp_path, short_tmp, marker):
    out = tmp_path / "out"
    run = command(
        ["reports", "--out", str(out), "--jobs", "2"],
        marker,
        short_tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # killed while it runs: two kernels busy and a report being written
        busy = wait_for(
            lambda: len(kernels(marker)) >= 2 and any(out.glob(".nplv-tmp-*")), timeout=60
        )
        assert busy, marked(marker)
        assert len(marked(marker)) >= 5  # run, resource tracker, 2 workers, 2 kernels
    finally:
        run.kill()
        run.wait()
    killed = time.monotonic()
    assert wait_for(lambda: not marked(marker), timeout=5), marked(marker)
    print(f"last process of the killed run gone after {time.monotonic() - killed:.1f} s")
    # what the killed run left: a report being written, its socket folder, its lock file
    in_flight = len(list(out.glob(".nplv-tmp-*")))  # nearly always 1 or 2
    (run_folder,) = short_tmp.glob(f"nplv-run-{run.pid}-*")
    assert not list(run_folder.iterdir())  # the workers took their kernels' sockets along
    # a socket of another program in the temp folder, which the next run leaves alone
    with socket.socket(socket.AF_UNIX) as live:
        live.bind(str(short_tmp / "nplv-ba9876543210-1"))
        live.listen()
        done = command(
            ["reports", "--out", str(out), "--jobs", "1", "--area", "heerlen-noord"],
            marker,
            short_tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stdout, stderr = done.communicate(timeout=120)
    assert done.returncode == 0, stderr
    # a Dutch run (the default) says it in Dutch
    assert f"het slot van run {run.pid} overgenomen; die run was beëindigd" in stdout
    # the reports in flight and the socket folder
    removed = in_flight + 1
    assert f"{removed} tijdelijke bestand(en) of map(pen) van afgebroken runs verwijderd" in stdout
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert sorted(p.name for p in short_tmp.iterdir()) == ["nplv-ba9876543210-1"]
    assert wait_for(lambda: not marked(marker), timeout=5), marked(marker)


# --- the workshop --------------------------------------------------------------------------------


def workshop(marker: str, *args: str) -> tuple[subprocess.Popen, int]:
    """``python -m nplv_analysis workshop`` on a free port, once it answers."""
    port = free_port()
    proc = command(
        ["workshop", "--port", str(port), *args],
        marker,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def up() -> bool:
        assert proc.poll() is None, "the workshop ended"
        return status(port, NO_KERNEL) == 404

    assert wait_for(up, timeout=60, interval=0.3)
    return proc, port


def status(port: int, path: str, host: str | None = None) -> int | None:
    """The HTTP status of GET ``path`` (None if nothing answers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def load(port: int) -> tuple[int, str]:
    """Load the workshop page the way a browser's first request does: status and HTML."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=90) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def websocket_status(port: int, kernel_id: str, host: str) -> int:
    """The status of a websocket handshake on the kernel's channels with this Host header."""
    request = (
        f"GET /api/kernels/{kernel_id}/channels HTTP/1.1\r\nHost: {host}\r\n"
        f"Origin: http://{host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request.encode())
        return int(s.recv(1024).split(b" ", 2)[1])


def test_workshop_culls_idle_kernels_and_answers_only_local_hosts(marker):
    proc, port = workshop(marker, "--idle-timeout", "3")
    try:
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}"):
            assert status(port, "/", host) == 403, host
        for host in ("localhost", "127.0.0.1", "[::1]"):
            assert status(port, NO_KERNEL, f"{host}:{port}") == 404, host
        started = []
        for _ in range(4):
            code, page = load(port)
            assert code == 200 and "application/vnd.jupyter.widget-view+json" in page
            started.append(len(kernels(marker)))
            kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]
        print("kernels after each load:", started)
        assert max(started) >= 1
        # the page's kernel: its websocket only for a local Host (DNS rebinding)
        assert websocket_status(port, kernel_id, f"evil.example:{port}") == 403
        assert websocket_status(port, kernel_id, f"localhost:{port}") == 101
        # nobody on the pages: every page's kernel is shut down after 3 s idle (checked every
        # second); the preheated kernel waiting for the next page stays, and is not culled
        assert wait_for(lambda: len(kernels(marker)) == 1, timeout=20), marked(marker)
        pooled = kernels(marker)
        time.sleep(5)
        assert kernels(marker) == pooled
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait()


def test_workshop_caps_kernels_and_stops_on_sigterm(marker):
    proc, port = workshop(marker, "--max-kernels", "1")
    try:
        # the preheated kernel is not a page: the first page gets it, the second is refused
        assert load(port)[0] == 200
        code, page = load(port)
        assert code == 503 and full_message(1, "nl") in html.unescape(page)
        # the page's kernel and the pool's new one (refilled a second after it was taken)
        assert wait_for(lambda: len(kernels(marker)) == 2, timeout=30), marked(marker)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    # Voila and its kernel stopped with the command
    assert wait_for(lambda: not marked(marker), timeout=5), marked(marker)
    assert status(port, NO_KERNEL) is None


def test_killed_workshop_command_takes_voila_with_it(marker):
    proc, port = workshop(marker)
    assert load(port)[0] == 200
    assert kernels(marker)
    proc.kill()
    proc.wait()
    assert wait_for(lambda: not marked(marker), timeout=10), marked(marker)
    assert status(port, NO_KERNEL) is None


def fetch(port: int, headers: dict, path: str = "/", method: str = "GET") -> tuple[int, str]:
    """A request as a browser makes it, with these headers: status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    try:
        conn.request(method, path, headers={"Host": f"127.0.0.1:{port}", **headers})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


NAVIGATION = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document", "Sec-Fetch-User": "?1"}


def test_workshop_serves_only_its_own_origin(marker):
    # issue 27, item 6: 25 <img> tags on another site's page took every kernel. No pool, so
    # that every kernel is one a request started
    proc, port = workshop(marker, "--preheat", "0")
    try:
        foreign = [
            {"Origin": "https://evil.example"},
            {"Origin": "null"},  # a sandboxed frame, a file
            {"Origin": f"http://127.0.0.1:{port + 1}"},  # another port is another origin
            {
                "Sec-Fetch-Site": "cross-site",
                "Sec-Fetch-Mode": "no-cors",
                "Sec-Fetch-Dest": "image",
            },
            {**NAVIGATION, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "iframe"},
            {
                "Sec-Fetch-Site": "same-site",
                "Sec-Fetch-Mode": "no-cors",
                "Sec-Fetch-Dest": "script",
            },
        ]
        for headers in foreign * 5:  # 30 requests, more than MAX_KERNELS
            code, body = fetch(port, headers)
            assert code == 403, headers
        assert foreign_message("nl") in html.unescape(body)  # in Dutch, on Voila's own page
        assert '<html lang="nl">' in body
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", body)  # and nothing from a CDN
        # the kernels' API and their websockets too
        code, _ = fetch(port, {"Origin": "https://evil.example"}, "/api/kernels", "POST")
        assert code == 403
        assert kernels(marker) == []  # no kernel was started
        # a facilitator who follows a link from another site (a mail, a slide) gets the page
        code, page = fetch(port, {**NAVIGATION, "Sec-Fetch-Site": "cross-site"})
        assert code == 200 and "application/vnd.jupyter.widget-view+json" in page
        assert wait_for(lambda: len(kernels(marker)) == 1, timeout=30), marked(marker)
        # and the page's own requests pass: an unknown kernel is a 404, not a 403
        own = {"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}
        assert fetch(port, {**own, "Sec-Fetch-Dest": "empty"}, NO_KERNEL)[0] == 404
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # nothing is left behind
    assert wait_for(lambda: not marked(marker), timeout=10), marked(marker)
    assert status(port, NO_KERNEL) is None
