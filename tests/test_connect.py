"""The embedded default: emulator without a key, real service with one."""

from __future__ import annotations

import subprocess
import sys

from openrouter_nb.client.client import DEFAULT_BASE_URL
from openrouter_nb.connect import connect


async def test_connect_without_key_uses_emulator():
    client = connect()
    assert client.emulated
    assert len(await client.list_models()) == 549
    await client.close()


async def test_connect_with_key_uses_real_service(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-" + "0" * 40)
    client = connect()
    assert not client.emulated
    assert client.base_url == DEFAULT_BASE_URL
    await client.close()
    forced = connect(offline=True)
    assert forced.emulated
    await forced.close()


def test_offline_notice_is_printed_once_per_process():
    code = "from openrouter_nb.connect import connect\nconnect()\nconnect()\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.stderr.count("running offline on the built-in emulator") == 1
