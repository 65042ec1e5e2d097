"""Workshop mode: the scenario explorer served with Voila on localhost, without code.

``make workshop`` or ``python -m nplv_analysis workshop [--port N] [--lang en]``.

Voila runs in a process of its own (``python -m nplv_analysis.apps.workshop``, which configures
and starts Voila) that

- answers only requests for localhost, 127.0.0.1 or [::1] (jupyter_server's Host check, which
  Voila switches off): a page on another site cannot reach it by rebinding its name;
- serves only its own origin (:func:`foreign_request`): a request with another site's
  ``Origin``, or one a browser makes for another site's page that is not a top-level
  navigation (an ``<img>``, a frame, a script), is refused with 403 before a kernel starts; a
  facilitator who follows a link still gets the page;
- loads nothing from another host: its own Voila template (``voila/voila/templates/nplv``,
  Voila's lab template without FontAwesome and mermaid from CDNs), in the workshop's language;
- shuts down the kernel of a page nobody has open (no browser connected) after
  ``idle_timeout`` seconds without activity, and starts at most ``max_kernels`` kernels at once
  (a page beyond that gets "503: the workshop is full");
- keeps ``preheat`` kernels (default 1) that have already run the notebook, so that a page
  shows its controls at once (Voila's preheated kernels): a page takes one and the pool is
  refilled; the pool does not count as pages for ``max_kernels`` and is never culled;
- stops, with its kernels, when the workshop command ends: on Ctrl-C or SIGTERM the command
  stops Voila; if the command is killed, Voila gets SIGTERM from the kernel (Linux,
  ``PR_SET_PDEATHSIG``) or from a thread watching its parent.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from ..resources import NOTEBOOK_DIR

NOTEBOOK = NOTEBOOK_DIR / "scenario_explorer.ipynb"
LANG_ENV = "NPLV_WORKSHOP_LANG"
IDLE_TIMEOUT = 180
"""Seconds a kernel may go without activity and without a browser on its page."""
MAX_KERNELS = 20
"""Kernels (open pages, about 150 MB each) at once."""
PREHEAT = 1
"""Kernels kept ready, the notebook already run, for the next pages (besides MAX_KERNELS)."""
TEMPLATES = Path(__file__).resolve().with_name("voila")
"""A Jupyter data folder holding the workshop's Voila template, ``voila/templates/nplv``."""
TEMPLATE = "nplv"
LOCAL_HOSTNAMES = ("localhost",)
"""Host names Voila answers to, besides the loopback addresses (127.0.0.1, [::1])."""
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
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
    )
    page = browser.new_page(viewport={"width": 1300, "height": 1100})
    deadline = time.monotonic() + 60
    while True:
        try:  # retried while Voila does not answer; once it does, one request (a kernel) only
            page.goto(url, timeout=90_000, wait_until="commit")
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


def voila_command(
    port: int,
    notebook: Path = NOTEBOOK,
    idle_timeout: int = IDLE_TIMEOUT,
    max_kernels: int = MAX_KERNELS,
    preheat: int = PREHEAT,
) -> list[str]:
    """Voila on 127.0.0.1 only, code cells stripped, no browser opened, no token (localhost),
    idle kernels culled (checked every third of the timeout, at most every minute), ``preheat``
    kernels kept ready (0: none)."""
    return [
        sys.executable,
        "-m",
        "nplv_analysis.apps.workshop",  # _voila_main
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",  # the port asked for, or an error: not another one
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        f"--template={TEMPLATE}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, idle_timeout // 3))}",
        f"--WorkshopKernelManager.max_kernels={max_kernels}",
        f"--VoilaConfiguration.preheat_kernel={preheat > 0}",
        f"--VoilaConfiguration.default_pool_size={max(preheat, 0)}",
    ]


def start(
    port: int | None = None,
    lang: str = "nl",
    quiet: bool = False,
    idle_timeout: int = IDLE_TIMEOUT,
    max_kernels: int = MAX_KERNELS,
    preheat: int = PREHEAT,
) -> tuple[subprocess.Popen, str]:
    """Start Voila in the background; returns the process and the page's URL. Voila runs in a
    session of its own (Ctrl-C reaches the workshop command, which stops Voila) and ends when
    the process that started it ends."""
    port = port or free_port()
    env = {**os.environ, LANG_ENV: lang, "MPLBACKEND": "Agg"}
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(
        voila_command(port, idle_timeout=idle_timeout, max_kernels=max_kernels, preheat=preheat),
        env=env,
        stdout=out,
        stderr=out,
        cwd=NOTEBOOK.parent,
        start_new_session=True,
    )
    return proc, f"http://127.0.0.1:{port}/"


def stop(proc: subprocess.Popen, timeout: float = 15) -> int | None:
    """Stop Voila: SIGTERM (it shuts down its kernels), SIGKILL if it does not end in time."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class _Stop(Exception):
    """SIGTERM or SIGHUP to the workshop command."""


def _raise_stop(signum, frame) -> None:
    raise _Stop(signum)


def serve(
    port: int | None = None,
    lang: str = "nl",
    idle_timeout: int = IDLE_TIMEOUT,
    max_kernels: int = MAX_KERNELS,
    preheat: int = PREHEAT,
) -> int:
    """Serve until Ctrl-C, SIGTERM or SIGHUP; Voila (and its kernels) stop with it."""
    handled = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {sig: signal.signal(sig, _raise_stop) for sig in handled}
    proc = None
    try:
        proc, url = start(
            port, lang, idle_timeout=idle_timeout, max_kernels=max_kernels, preheat=preheat
        )
        print(f"workshop: {url} (Ctrl-C stops)", flush=True)
        return proc.wait()
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        if proc is not None:
            with contextlib.suppress(KeyboardInterrupt, _Stop):
                stop(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --- the Voila process ---------------------------------------------------------------------------


def foreign_request(headers, origin: str) -> bool:
    """Whether a request comes from another site's page (refused): an ``Origin`` header other
    than the workshop's own ``origin`` ("http://127.0.0.1:8866"), or a request the browser
    marks as made for another site (``Sec-Fetch-Site`` cross-site or same-site: another port
    of localhost is another origin) that is not a top-level navigation (``Sec-Fetch-Dest``
    other than ``document``: an image, a frame, a script, a fetch). A link followed to the
    workshop is a navigation, and gets the page; a request without these headers (not from a
    browser, or an old one) is left to the Host check.

    >>> own = "http://127.0.0.1:8866"
    >>> foreign_request({"Origin": "https://evil.example"}, own)
    True
    >>> foreign_request({"Origin": own, "Sec-Fetch-Site": "same-origin"}, own)
    False
    >>> foreign_request({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}, own)
    True
    >>> foreign_request({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document"}, own)
    False
    """
    sent = headers.get("Origin")
    if sent is not None and sent.strip().rstrip("/").lower() != origin.lower():
        return True
    site = (headers.get("Sec-Fetch-Site") or "").strip().lower()
    dest = (headers.get("Sec-Fetch-Dest") or "").strip().lower()
    return site in ("cross-site", "same-site") and dest != "document"


def foreign_message(lang: str | None = None) -> str:
    """What a request from another site's page gets, in the workshop's language."""
    from ..text import t

    return t("workshop.foreign", lang or os.environ.get(LANG_ENV, "nl"))


def _own_origin_only() -> None:
    """Every request handler of the server (pages, kernels, their websockets) first refuses a
    request from another site's page (:func:`foreign_request`) with 403: before a kernel is
    started or taken from the pool."""
    from jupyter_server.base.handlers import JupyterHandler
    from tornado.web import HTTPError

    prepare = JupyterHandler.prepare

    async def guarded(self, *args, **kwargs):
        request = self.request
        if foreign_request(request.headers, f"{request.protocol}://{request.host}"):
            self.current_user = self._jupyter_current_user = None  # as the Host check does
            raise HTTPError(403, reason=foreign_message())
        return await prepare(self, *args, **kwargs)

    JupyterHandler.prepare = guarded


def full_message(n: int, lang: str | None = None) -> str:
    """What a page beyond the cap shows, in the workshop's language."""
    from ..text import t

    return t("workshop.full", lang or os.environ.get(LANG_ENV, "nl"), n=n)


def _workshop_kernel_manager():
    """jupyter_server's kernel manager with a cap on the number of pages' kernels (the
    preheated kernels waiting in Voila's pool do not count)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets import Integer

    class WorkshopKernelManager(AsyncMappingKernelManager):
        max_kernels = Integer(MAX_KERNELS, config=True, help="pages at once; more: 503")
        _starting = 0  # pages' kernels being started or taken from the pool

        def __init__(self, **kwargs):
            self._pooled: set[str] = set()  # preheated kernels no page has taken yet
            super().__init__(**kwargs)

        def pages(self) -> int:
            """Kernels of pages: started, being started or being taken from the pool."""
            return len(set(self.list_kernel_ids()) - self._pooled) + self._starting

        def check_room(self) -> None:
            from tornado.web import HTTPError

            if self.pages() >= self.max_kernels:
                raise HTTPError(503, reason=full_message(self.max_kernels))

        async def start_kernel(self, *args, kernel_id=None, **kwargs):
            if kernel_id is not None and kernel_id in self:
                return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
            if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":  # for the pool
                kernel_id = kernel_id or str(uuid.uuid4())
                self._pooled.add(kernel_id)  # before it is listed
                try:
                    return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
                except BaseException:
                    self._pooled.discard(kernel_id)
                    raise
            self.check_room()
            self._starting += 1
            try:
                return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
            finally:
                self._starting -= 1

        async def cull_kernel_if_idle(self, kernel_id):
            if kernel_id not in self._pooled:  # a pooled kernel waits for its page
                return await super().cull_kernel_if_idle(kernel_id)

        async def shutdown_kernel(self, kernel_id, *args, **kwargs):
            self._pooled.discard(kernel_id)
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    return WorkshopKernelManager


def _with_pool_cap(factory):
    """Voila's factory of its kernel manager, whose preheating manager (given the
    WorkshopKernelManager) also refuses a page beyond the cap when it takes a pooled kernel."""

    def make(base_class, preheat_kernel, *args, **kwargs):
        cls = factory(base_class, preheat_kernel, *args, **kwargs)
        if not preheat_kernel or not hasattr(base_class, "check_room"):
            return cls

        class WorkshopPoolKernelManager(cls):
            async def get_rendered_notebook(self, *args, **kwargs):
                self.check_room()
                self._starting += 1
                try:
                    render_task, cache, kernel_id = await super().get_rendered_notebook(
                        *args, **kwargs
                    )
                    self._pooled.discard(kernel_id)  # a page's now
                    return render_task, cache, kernel_id
                finally:
                    self._starting -= 1

        return WorkshopPoolKernelManager

    return make


def _end_with_parent() -> None:
    """SIGTERM to this process when its parent ends (Voila then stops with its kernels)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)

    def watch() -> None:  # elsewhere (and as a backstop)
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="nplv-watch", daemon=True).start()


def _title_pages() -> None:
    """The page's title in the browser tab from the text catalogue ("NPLV-workshop: ..."),
    not the notebook's file name: Voila's template takes ``metadata.title`` of the notebook
    it loads (also for the preheated kernels, where Voila refuses a prelaunch hook)."""
    from voila.notebook_renderer import NotebookRenderer

    from ..text import t

    load = NotebookRenderer.load_notebook

    async def load_notebook(self, path):
        notebook = await load(self, path)
        notebook.metadata["title"] = t("workshop.title", os.environ.get(LANG_ENV, "nl"))
        return notebook

    NotebookRenderer.load_notebook = load_notebook


def _voila_main(argv: list[str]) -> None:
    """Voila with the workshop's settings that its command line cannot set."""
    _end_with_parent()
    # the workshop's template (before Voila looks for templates)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p
    )
    from traitlets.config import Config
    from voila import app
    from voila.app import Voila

    from ..text import t

    lang = os.environ.get(LANG_ENV, "nl")
    config = Config()
    # Voila turns jupyter_server's Host check off; on again, for local names only
    config.Voila.tornado_settings = {
        "allow_remote_access": False,
        "local_hostnames": list(LOCAL_HOSTNAMES),
        # the language and title of Voila's own pages (page.html of the template)
        "jinja_template_vars": {"nplv_lang": lang, "nplv_title": t("workshop.title", lang)},
    }
    config.HTMLExporter.language_code = lang  # <html lang="nl"> on the page
    config.VoilaConfiguration.multi_kernel_manager_class = _workshop_kernel_manager()
    app.voila_kernel_manager_factory = _with_pool_cap(app.voila_kernel_manager_factory)
    _title_pages()
    _own_origin_only()
    Voila.launch_instance(argv, config=config)


if __name__ == "__main__":
    _voila_main(sys.argv[1:])
