"""The report run's kernel client (:mod:`nplv_analysis.report.kernels`): ready when its own
``kernel_info`` request is answered on both channels, not after IOPub has been quiet for a while
(papermill makes a client per report, so that quiet spell was paid once per report)."""

import asyncio

import pytest

from nplv_analysis.report.kernels import IPCKernelManager, ReadyClient

CHATTY = (
    "import sys, threading, time\n"
    "def chat():\n"
    "    while True:\n"
    "        print('.', end='')\n"
    "        sys.stdout.flush()\n"
    "        time.sleep(0.05)\n"
    "threading.Thread(target=chat, daemon=True).start()\n"
)
"""A kernel that writes to IOPub every 0.05 s, for as long as it runs."""


async def _with_kernel(body):
    km = IPCKernelManager(kernel_name="python3")
    await km.start_kernel()
    try:
        return await body(km)
    finally:
        await km.shutdown_kernel(now=True)


async def _client(km) -> ReadyClient:
    kc = km.client()
    kc.start_channels()
    await asyncio.wait_for(kc.wait_for_ready(timeout=30), 10)
    return kc


def test_ready_client_is_the_managers_client_and_runs_code():
    async def body(km):
        kc = await _client(km)
        assert isinstance(kc, ReadyClient)
        reply = await kc.execute_interactive("x = 6 * 7", timeout=10)
        assert reply["content"]["status"] == "ok"
        kc.stop_channels()
        again = await _client(km)  # a second client to the same kernel: the same namespace
        seen = []
        await again.execute_interactive(
            "print(x)", timeout=10, output_hook=lambda m: seen.append(m["content"].get("text"))
        )
        again.stop_channels()
        return seen

    assert "42\n" in asyncio.run(_with_kernel(body))


def test_ready_while_iopub_never_goes_quiet():
    """jupyter_client's own client reads IOPub until it is quiet for 0.2 s: with a kernel that
    writes every 0.05 s it never returns (here: cut off after 10 s)."""

    async def body(km):
        first = await _client(km)
        await first.execute_interactive(CHATTY, timeout=10, output_hook=lambda m: None)
        first.stop_channels()
        kc = await _client(km)  # returns although output keeps coming
        reply = await kc.execute_interactive("1 + 1", timeout=10, output_hook=lambda m: None)
        kc.stop_channels()
        return reply["content"]["status"]

    assert asyncio.run(_with_kernel(body)) == "ok"


def test_ready_client_gives_up_on_a_dead_kernel():
    async def body(km):
        kc = km.client()
        kc.start_channels()
        km.provisioner.process.kill()
        km.provisioner.process.wait()
        with pytest.raises(RuntimeError, match="died"):
            await asyncio.wait_for(kc.wait_for_ready(timeout=30), 30)
        kc.stop_channels()

    asyncio.run(_with_kernel(body))
