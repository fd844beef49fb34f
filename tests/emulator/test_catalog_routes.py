"""The emulator's catalog routes over raw httpx: listings, filters, endpoints, image and video models."""

from __future__ import annotations

from tests.support.helpers import (
    AUTH,
    TEXT,
    VIDEO,
    chat_request,
)


async def test_models_default_text_and_modality_filters(http):
    default = (await http.get("/models")).json()
    assert default["total_count"] == len(default["data"]) == 414
    assert all("text" in m["architecture"]["output_modalities"] for m in default["data"])
    everything = (await http.get("/models", params={"output_modalities": "all"})).json()["data"]
    assert len(everything) == 549
    image = (await http.get("/models", params={"output_modalities": "image"})).json()["data"]
    video = (await http.get("/models", params={"output_modalities": "video"})).json()["data"]
    assert len(image) == 45 and len(video) == 23
    tools = (await http.get("/models", params={"supported_parameters": "tools,seed"})).json()["data"]
    assert tools and all({"tools", "seed"} <= set(m["supported_parameters"]) for m in tools)
    page = (await http.get("/models", params={"limit": 100, "offset": 400})).json()
    assert len(page["data"]) == 14 and page["links"]["next"] is None
    first = (await http.get("/models", params={"limit": 100})).json()
    assert first["links"]["next"] == "/api/v1/models?limit=100&offset=100"


async def test_catalog_is_real_data_with_messy_prices(http):
    models = (await http.get("/models", params={"output_modalities": "all"})).json()["data"]
    by_id = {m["id"]: m for m in models}
    assert by_id["openrouter/auto"]["pricing"]["prompt"] == "-1"
    assert by_id[VIDEO]["context_length"] == 0
    assert by_id[VIDEO]["pricing"] == {"prompt": "0", "completion": "0"}
    assert any("overrides" in m["pricing"] for m in models)
    assert all(m["description"].endswith(".") and " in, " in m["description"] for m in models)


async def test_catalog_routes_are_public(http):
    for path in ("/models", "/images/models", "/videos/models", f"/models/{TEXT}/endpoints"):
        assert (await http.get(path)).status_code == 200, path
    for path in ("/key", "/credits", "/generation?id=x"):
        assert (await http.get(path)).status_code == 401, path
    assert (await http.post("/chat/completions", json=chat_request())).status_code == 401


async def test_endpoints_deterministic_and_null_stats_without_auth(http):
    anonymous = (await http.get(f"/models/{TEXT}/endpoints")).json()["data"]
    assert anonymous["id"] == TEXT and anonymous["endpoints"]
    assert all(e["latency_last_30m"] is None for e in anonymous["endpoints"])
    authed = (await http.get(f"/models/{TEXT}/endpoints", headers=AUTH)).json()["data"]
    again = (await http.get(f"/models/{TEXT}/endpoints", headers=AUTH)).json()["data"]
    assert authed == again
    for ep in authed["endpoints"]:
        lat = ep["latency_last_30m"]
        assert lat["p50"] <= lat["p75"] <= lat["p90"] <= lat["p99"]
        assert 0 < ep["uptime_last_1d"] <= 100
        assert set(ep["pricing"]) >= {"prompt", "completion"}
    assert authed["endpoints"][0]["pricing"]["prompt"] == "0.00000015"
    assert (await http.get("/models/nobody/nothing/endpoints")).status_code == 404


async def test_image_and_video_model_catalogs(http):
    images = (await http.get("/images/models")).json()["data"]
    assert len(images) == 45
    assert all(m["supported_parameters"]["aspect_ratio"]["type"] == "enum" for m in images)
    videos = (await http.get("/videos/models")).json()["data"]
    assert len(videos) == 23
    for m in videos:
        assert m["pricing_skus"] and all(isinstance(v, str) for v in m["pricing_skus"].values())
        assert m["supported_durations"]
    skus = {k for m in videos for k in m["pricing_skus"]}
    assert any(k.startswith("cents") for k in skus) and any(k.startswith("per-video") for k in skus)


async def test_models_q_sort_limits_and_next_links_that_keep_the_filters(http):
    found = (await http.get("/models", params={"q": "gemini flash", "output_modalities": "all"})).json()["data"]
    assert found and all("gemini" in m["id"] and "flash" in (m["id"] + m["name"]).lower() for m in found)
    newest = (await http.get("/models", params={"sort": "newest", "output_modalities": "all"})).json()["data"]
    assert [m["created"] for m in newest] == sorted((m["created"] for m in newest), reverse=True)
    smart = (await http.get("/models", params={"sort": "intelligence-high-to-low"})).json()["data"]
    scores = [m["benchmarks"]["artificial_analysis"]["intelligence_index"] for m in smart[:20]]
    assert scores == sorted(scores, reverse=True)
    pages, link = [], "/api/v1/models?output_modalities=image&sort=newest&limit=20"
    while link:
        page = (await http.get(link.removeprefix("/api/v1"))).json()
        pages += page["data"]
        link = page["links"]["next"]
    everything = (await http.get("/models", params={"output_modalities": "image", "sort": "newest"})).json()["data"]
    assert [m["id"] for m in pages] == [m["id"] for m in everything] and len(pages) == 45
    for bad in (
        {"limit": "0"},
        {"limit": "1001"},
        {"offset": "-1"},
        {"limit": "x"},
        {"sort": "best"},
        {"category": "x"},
    ):
        response = await http.get("/models", params=bad)
        assert response.status_code == 400 and response.json()["error"]["code"] == 400, bad
    authors = (await http.get("/models", params={"model_authors": "anthropic"})).json()["data"]
    assert authors and all(m["id"].lstrip("~").startswith("anthropic/") for m in authors)  # aliases too
    served = (await http.get("/models", params={"providers": "Groq"})).json()["data"]
    assert served and len(served) < 100


async def test_endpoints_name_the_models_own_provider_first(http):
    async def providers(model_id: str) -> list[str]:
        data = (await http.get(f"/models/{model_id}/endpoints")).json()["data"]
        return [e["provider_name"] for e in data["endpoints"]]

    assert (await providers("openai/gpt-4o-mini"))[0] == "OpenAI"
    assert (await providers("anthropic/claude-sonnet-4.5"))[0] == "Anthropic"
    assert (await providers("google/gemini-2.5-flash-image"))[0] == "Google AI Studio"
    llama = await providers("meta-llama/llama-3.3-70b-instruct")
    assert llama[0] == "Meta" and len(llama) >= 2  # open weights: inference hosts too
    assert await providers("openrouter/auto") == []  # routers are served by the model they pick
    hosts = (await http.get("/models/meta-llama/llama-3.3-70b-instruct/endpoints")).json()["data"]["endpoints"]
    assert {e["quantization"] for e in hosts[1:]} <= {"fp8", "bf16", "fp4", "int8"}
