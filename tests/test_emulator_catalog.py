"""The emulator's catalog routes over raw httpx: listings, filters, endpoints, image and video models."""

from __future__ import annotations

from helpers import (
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
    assert first["links"]["next"] == "/api/v1/models?offset=100&limit=100"


async def test_catalog_is_real_data_with_messy_prices(http):
    models = (await http.get("/models", params={"output_modalities": "all"})).json()["data"]
    by_id = {m["id"]: m for m in models}
    assert by_id["openrouter/auto"]["pricing"]["prompt"] == "-1"
    assert by_id[VIDEO]["context_length"] == 0
    assert by_id[VIDEO]["pricing"] == {"prompt": "0", "completion": "0"}
    assert any("overrides" in m["pricing"] for m in models)
    assert all(m["description"] == "" for m in models)


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
