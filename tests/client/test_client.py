"""The client: construction, headers, lifecycle, event loops, views (``with_options``), forwarding."""

from __future__ import annotations

import asyncio
import inspect

import httpx
import pytest

import openrouter_nb
from openrouter_nb import OpenRouterClient, OpenRouterError
from openrouter_nb.client import client as client_module
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.errors import APIConnectionError, APITimeoutError
from tests.support.helpers import (
    KEY,
    TEXT,
    make_client,
)


def test_module_docstring_and_exports():
    assert client_module.__doc__ == "Async client helpers for interacting with the OpenRouter APIs."
    for name in ("OpenRouterClient", "OpenRouterError", "classify_model_capabilities", "summarize_models"):
        assert name in openrouter_nb.__all__
        assert getattr(openrouter_nb, name) is not None
    assert issubclass(OpenRouterError, RuntimeError)


def test_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        OpenRouterClient("key")  # type: ignore[misc]


async def test_defaults_from_environment(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    monkeypatch.setenv("OPENROUTER_BASE_URL", "http://example.test/api/v1/")
    client = OpenRouterClient()
    assert client.api_key == KEY
    assert client.base_url == "http://example.test/api/v1"
    await client.close()


async def test_default_base_url_and_trailing_slash():
    client = OpenRouterClient()
    assert client.base_url == "https://openrouter.ai/api/v1"
    assert client.api_key is None
    other = OpenRouterClient(base_url="https://x.test/v1/")
    assert other.base_url == "https://x.test/v1"
    await client.close()
    await other.close()


async def test_loop_is_the_loop_of_the_first_call(emulator):
    client = OpenRouterClient(api_key=DEMO_KEY, transport=emulator)
    assert client.loop is None  # bound by its first call, not at construction
    await client.list_models()
    assert client.loop is asyncio.get_running_loop()
    assert client.with_options(max_retries=0).loop is client.loop  # a view shares the binding
    await client.close()


async def test_repr_never_shows_key():
    client = OpenRouterClient(api_key=KEY)
    text = repr(client)
    assert KEY not in text and "OpenRouterClient" in text and "openrouter.ai" in text
    assert KEY not in str(client)
    await client.close()


async def _headers_of(**options) -> httpx.Headers:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json={"data": {"label": "k"}})

    async with OpenRouterClient(transport=httpx.MockTransport(handler), **options) as client:
        await client.get_key()
    return seen[0]


async def test_headers_with_and_without_key(monkeypatch):
    headers = await _headers_of(api_key=KEY)
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-Title"] == headers["X-OpenRouter-Title"] == "openrouter_nb"
    assert headers["HTTP-Referer"].startswith("https://")
    assert "Authorization" not in await _headers_of()
    monkeypatch.setenv("OPENROUTER_APP_URL", "https://me.test")
    monkeypatch.setenv("OPENROUTER_APP_TITLE", "My App")
    env = await _headers_of()
    assert env["HTTP-Referer"] == "https://me.test" and env["X-OpenRouter-Title"] == "My App"
    explicit = await _headers_of(app_url="https://arg.test", app_title="Arg")
    assert explicit["HTTP-Referer"] == "https://arg.test" and explicit["X-Title"] == "Arg"


async def test_owned_client_closed_external_client_not():
    owned = OpenRouterClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"data": {}})))
    async with owned as entered:
        assert entered is owned
    with pytest.raises(OpenRouterError, match="closed"):
        await owned.get_key()
    await owned.close()  # twice is harmless

    seen = []
    external = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json={"data": {}}))
    )
    async with OpenRouterClient(client=external, api_key=KEY) as client:
        await client.get_key()
    assert len(seen) == 1 and seen[0].headers["Authorization"] == f"Bearer {KEY}"  # sent through it, with our headers
    assert not external.is_closed  # not ours to close
    await external.aclose()


async def test_closed_client_raises_clear_error():
    client = make_client(lambda r: httpx.Response(200, json={"data": []}))
    await client.close()
    with pytest.raises(OpenRouterError, match="closed"):
        await client.list_models()


def test_client_used_from_another_loop_says_so():
    client = OpenRouterClient(api_key=DEMO_KEY, transport=Emulator())
    other_loop = asyncio.new_event_loop()
    try:
        other_loop.run_until_complete(client.list_models())

        async def from_a_second_loop():
            return await client.list_models()

        second = asyncio.new_event_loop()
        try:
            with pytest.raises(OpenRouterError, match="another event loop"):
                second.run_until_complete(from_a_second_loop())
        finally:
            second.close()
    finally:
        other_loop.close()


async def test_timeout_none_means_no_deadline(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=None) as client:
        assert (await client.chat(TEXT, "x")).text
        assert await client.stream_text(TEXT, "a post about tea").collect()


async def test_with_options_shares_everything_but_its_settings():
    emulator = Emulator(keepalive_interval=0.01)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=30) as client:
        quick = client.with_options(timeout=0.2, max_retries=0)
        assert quick.max_retries == 0 and client.max_retries == 2 and client.timeout == 30
        emulator.script("chat", "keepalive_forever")
        with pytest.raises(APITimeoutError):
            await quick.chat(TEXT, "x")
        assert (await quick.chat(TEXT, "x")).text
        assert len(client.ledger) == 1 and quick.ledger is client.ledger
        await quick.close()  # a view closes nothing
        assert (await client.chat(TEXT, "still open")).text
        with pytest.raises(ValueError):
            client.with_options(max_retries=-1)


# -- the flat methods are the resources' methods --------------------------------------------------


def _forwards() -> dict[str, object]:
    """Every client method defined as a forward to a resource method, read from the class itself."""
    from openrouter_nb.client.client import _Forward

    return {name: value for name, value in vars(OpenRouterClient).items() if isinstance(value, _Forward)}


FORWARDED = _forwards()


def test_every_resource_method_is_forwarded():
    """Each public method of each resource the client composes is one of the client's forwards."""
    from openrouter_nb.client.account import Account
    from openrouter_nb.client.audio import Audio
    from openrouter_nb.client.chat import Chat
    from openrouter_nb.client.embeddings import Embeddings
    from openrouter_nb.client.images import Images
    from openrouter_nb.client.video import Video

    wrapped = {forward.__wrapped__ for forward in FORWARDED.values()}
    for resource in (Account, Audio, Chat, Embeddings, Images, Video):
        for name, method in vars(resource).items():
            if callable(method) and not name.startswith("_") and "/" in str(inspect.signature(method)):
                assert method in wrapped, f"{resource.__name__}.{name} is not forwarded by OpenRouterClient"


@pytest.mark.parametrize("name", sorted(FORWARDED))
async def test_client_methods_are_the_resource_methods(name):
    resource_method = FORWARDED[name].__wrapped__
    client = OpenRouterClient(api_key=KEY)
    bound = getattr(client, name)
    assert bound.__doc__ == resource_method.__doc__ and bound.__doc__
    expected = list(inspect.signature(resource_method).parameters)[1:]  # without self
    assert list(inspect.signature(bound).parameters) == expected
    assert getattr(OpenRouterClient, name) is resource_method  # on the class: the definition itself
    assert bound.__self__ is getattr(client, FORWARDED[name]._resource)  # bound to the client's own resource
    await client.close()


async def test_views_share_the_model_cache_and_ledger(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        view = client.with_options(max_retries=0)
        await view.list_models()
        await client.list_models()
        assert len(emulator.calls("models")) == 1  # the view's fetch filled the shared cache
        await view.chat(TEXT, "x")
        assert len(client.ledger) == 1 and view.spend.equals(client.spend)
        await view.close()
        assert len(await client.list_models()) == 549


async def test_a_key_that_is_not_text_is_refused_at_construction():
    for wrong in (123, b"sk-or-v1-abc", ["sk-or"]):
        with pytest.raises(TypeError, match="api_key must be a string"):
            OpenRouterClient(api_key=wrong)


async def test_an_emulated_client_says_so_and_a_keyless_one_says_where_the_emulator_is(emulator, monkeypatch):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as offline:
        assert "emulated" in repr(offline) and "openrouter.ai" not in repr(offline)

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    async with OpenRouterClient(transport=httpx.MockTransport(unreachable), max_retries=0) as keyless:
        with pytest.raises(APIConnectionError, match=r"no OPENROUTER_API_KEY is set: orn.connect\(\) gives") as caught:
            await keyless.list_models()
    assert str(caught.value).count("OPENROUTER_API_KEY") == 1
    async with OpenRouterClient(api_key=KEY, transport=httpx.MockTransport(unreachable), max_retries=0) as keyed:
        with pytest.raises(APIConnectionError) as caught:
            await keyed.list_models()
    assert "OPENROUTER_API_KEY" not in str(caught.value)  # with a key, the failure is only what it is
