"""The report run's kernels: over IPC sockets in the run's folder, with a client that is ready
as soon as the kernel has answered (imported only when a report is run: the no-op run never
loads jupyter_client).

``jupyter_client``'s own ``wait_for_ready`` ends by reading IOPub until it has been silent for
0.2 s; papermill makes a new client for every notebook, so a worker that reuses its kernel
waited 0.2 s per report doing nothing. :class:`ReadyClient` waits instead for the kernel's
"idle" that answers its own ``kernel_info`` request: IOPub is then connected and everything
published before it has been read.
"""

from __future__ import annotations

import time
import uuid
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

from .runner import run_dir

IDLE_WAIT = 0.1
"""Seconds to wait for the "idle" of a ``kernel_info`` request on IOPub before asking again
(a new IOPub socket misses what the kernel published before it was connected)."""


class ReadyClient(AsyncKernelClient):
    """An async kernel client whose :meth:`wait_for_ready` returns when the kernel has replied
    to ``kernel_info`` and the reply's "idle" status has come in on IOPub."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            asked = self.kernel_info()
            if await self._idle_after(asked, deadline):
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _idle_after(self, asked: str, deadline: float) -> bool:
        """True when the reply to request ``asked`` came in on the shell channel and its
        "idle" on IOPub; False when either did not come in time (ask again)."""
        replied = False
        while not replied:  # a busy kernel (warming up) answers when it is done
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                return False
            if msg["msg_type"] == "kernel_info_reply" and _parent(msg) == asked:
                self._handle_kernel_info_reply(msg)
                replied = True
            elif time.monotonic() > deadline:
                return False
        wait_until = time.monotonic() + IDLE_WAIT
        while (left := wait_until - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return False
            if (
                msg["msg_type"] == "status"
                and msg["content"].get("execution_state") == "idle"
                and _parent(msg) == asked
            ):
                return True
        return False


def _parent(msg: dict) -> str | None:
    return msg.get("parent_header", {}).get("msg_id")


class IPCKernelManager(AsyncKernelManager):
    """Kernels over IPC sockets (no TCP ports to collide on, no plain-TCP warning), with
    :class:`ReadyClient` clients."""

    client_class = DottedObjectName("nplv_analysis.report.kernels.ReadyClient")
    client_factory = Type(ReadyClient, klass=AsyncKernelClient)

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        # sockets and connection file in the run's folder (cleaned up however the run ends),
        # under a name of their own: managers in other processes number their sockets from the
        # same start, so a shared prefix would collide
        name = f"k{uuid.uuid4().hex[:12]}"
        kwargs.setdefault("ip", str(run_dir() / name))
        kwargs.setdefault("connection_file", str(run_dir() / f"{name}.json"))
        super().__init__(**kwargs)
