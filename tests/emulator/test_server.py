"""The emulator over a real loopback socket: our client, raw httpx and the openai SDK."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

import httpx
import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer
from tests.support.helpers import (
    AUTH,
    TEXT,
    VIDEO,
    chat_request,
)


async def test_loopback_server_over_a_real_socket():
    emulator = EmulatorCore(seed=7, stream_chunk_delay=0.01)
    async with EmulatorServer(emulator) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        async with OpenRouterClient(api_key=DEMO_KEY, base_url=server.base_url) as client:
            assert len(await client.list_models()) == 549
            text = await client.generate_text(TEXT, "A post about a beach day")
            assert "beach" in text.lower()
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH) as http:
            loop = asyncio.get_running_loop()
            arrivals = []
            async with http.stream("POST", "/chat/completions", json=chat_request(stream=True)) as r:
                async for line in r.aiter_lines():
                    if line.startswith("data: {"):
                        arrivals.append(loop.time())
            # events arrive as produced, not all at once at the end
            assert arrivals[-1] - arrivals[0] >= 0.05
            job = (await http.post("/videos", json={"model": VIDEO, "prompt": "waves"})).json()
            emulator.jobs[job["id"]]["submitted"] -= 10
            done = (await http.get(f"/videos/{job['id']}")).json()
            assert done["unsigned_urls"][0].startswith(f"http://127.0.0.1:{server.port}/api/v1/videos/")
            mp4 = await http.get(done["unsigned_urls"][0])
            assert mp4.content[4:8] == b"ftyp"
            emulator.script("models", "drop")
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/models")


async def test_loopback_server_with_openai_sdk():
    openai = pytest.importorskip("openai")
    async with EmulatorServer(EmulatorCore(seed=1)) as server:
        sdk = openai.AsyncOpenAI(api_key=DEMO_KEY, base_url=server.base_url)
        reply = await sdk.chat.completions.create(model=TEXT, messages=[{"role": "user", "content": "hi beach"}])
        assert reply.choices[0].message.content
        stream = await sdk.chat.completions.create(
            model=TEXT, messages=[{"role": "user", "content": "hi beach"}], stream=True
        )
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
        assert "".join(parts) == reply.choices[0].message.content
        await sdk.close()


def test_server_module_binds_loopback_only():
    import inspect

    from openrouter_nb.emulator import server

    source = inspect.getsource(server.EmulatorServer.start)
    assert '"127.0.0.1"' in source and "0.0.0.0" not in inspect.getsource(server)


def _start_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "openrouter_nb.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_port_0_prints_the_url_once_listening_and_takes_a_management_key():
    process = _start_cli("--port", "0", "--management-key", "sk-or-v1-cli-manager")
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/api/v1", line)
        assert url and int(url.group(1)) > 0
        credits = httpx.get(url.group(0) + "/credits", headers={"Authorization": "Bearer sk-or-v1-cli-manager"})
        assert credits.status_code == 200 and credits.json()["data"]["total_credits"] == 25.0
        denied = httpx.get(url.group(0) + "/credits", headers=AUTH)
        assert denied.status_code == 403
        taken = _start_cli("--port", url.group(1))
        out, err = taken.communicate(timeout=30)
        assert taken.returncode == 2 and out == ""
        assert err.count("\n") == 1 and "cannot listen on 127.0.0.1:" in err and "Traceback" not in err
    finally:
        process.terminate()
        process.communicate(timeout=10)  # waits, and closes its pipes


def test_the_banner_names_the_management_key_and_what_it_says_is_true():
    process = _start_cli("--port", "0")
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/api/v1", line).group(0)
        manager = re.search(r"(sk-or-\S+) is the management key", line).group(1)
        assert httpx.get(url + "/credits", headers={"Authorization": f"Bearer {manager}"}).status_code == 200
        assert httpx.get(url + "/key", headers={"Authorization": "Bearer sk-or-anything"}).status_code == 200
    finally:
        process.terminate()
        process.communicate(timeout=10)
    strict = _start_cli("--port", "0", "--key", "sk-or-v1-issued")
    try:
        line = strict.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/api/v1", line).group(0)
        assert "any other gets 401" in line
        assert httpx.get(url + "/key", headers={"Authorization": "Bearer sk-or-v1-issued"}).status_code == 200
        assert httpx.get(url + "/key", headers={"Authorization": "Bearer sk-or-v1-unknown"}).status_code == 401
    finally:
        strict.terminate()
        strict.communicate(timeout=10)
