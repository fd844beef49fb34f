"""Video jobs: wait for a ``POST /videos`` job and download its MP4 (mixed into the client)."""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import urlsplit

from ._base import ClientBase
from .errors import APIResponseError, VideoJobError
from .results import VideoResult

__all__ = ["TERMINAL_FAILURES", "VideoMixin"]

TERMINAL_FAILURES = ("failed", "cancelled", "expired")


def _job_id(job: dict[str, Any] | str) -> str:
    job_id = job.get("id") if isinstance(job, dict) else job
    if not isinstance(job_id, str) or not job_id:
        raise ValueError(f"expected a video job dict with an 'id' or a job id string, got {job!r}")
    return job_id


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Progress:
    """One status line, updated in place in Jupyter (a no-op elsewhere)."""

    def __init__(self, enabled: bool | None) -> None:
        if enabled is None:
            enabled = "ipykernel" in sys.modules
        self._handle = None
        if enabled:
            from IPython.display import display

            self._handle = display(display_id=True)

    def update(self, text: str) -> None:
        if self._handle is not None:
            self._handle.update({"text/plain": text}, raw=True)


class VideoMixin(ClientBase):
    """Video job helpers of :class:`~openrouter_nb.OpenRouterClient`."""

    def _polling_url(self, job: dict[str, Any] | str) -> str:
        job_id = _job_id(job)
        polling = job.get("polling_url") if isinstance(job, dict) else None
        if isinstance(polling, str) and polling.startswith("/"):
            # relative to the service origin, not to the /api/v1 base
            return _origin(self.base_url) + polling
        if isinstance(polling, str) and polling.startswith(("https://", "http://")):
            if _origin(polling) == _origin(self.base_url):
                return polling
        return f"{self.base_url}/videos/{job_id}"

    async def wait_for_video(
        self,
        job: dict[str, Any] | str,
        *,
        poll_interval: float = 2.0,
        timeout: float = 900.0,
        progress: bool | None = None,
    ) -> dict[str, Any]:
        """Poll a video job until it is ``completed`` and return the final job dict.

        Raises :class:`~openrouter_nb.errors.VideoJobError` when it ends ``failed``, ``cancelled`` or
        ``expired``, or is still running after ``timeout`` seconds. ``progress`` shows a status line
        in Jupyter (default: when running in a kernel). The job's ``usage.cost`` goes in the ledger.
        """
        if poll_interval <= 0 or timeout <= 0:
            raise ValueError("poll_interval and timeout must be positive")
        job_id = _job_id(job)
        url = self._polling_url(job)
        what = f"video job {job_id}"
        bar = _Progress(progress)
        start = self._clock()
        while True:
            state = await self._get_json(url, f"polling {what}")
            if not isinstance(state, dict) or not isinstance(state.get("status"), str):
                raise APIResponseError(f"polling {what} failed: the response has no status", api_key=self.api_key)
            status = state["status"]
            bar.update(f"{what}: {status}")
            if status == "completed":
                usage = state.get("usage") if isinstance(state.get("usage"), dict) else {}
                model = self._video_models.get(job_id) or (job.get("model") if isinstance(job, dict) else None)
                self.ledger.record("video", model, None, usage, state.get("generation_id"))
                return state
            if status in TERMINAL_FAILURES:
                reason = state.get("error") if isinstance(state.get("error"), str) else "no reason given"
                raise VideoJobError(f"{what} ended {status}: {reason}", job=state, api_key=self.api_key)
            if self._clock() - start >= timeout:
                message = f"{what} still {status} after {timeout:g} s; poll again later with the same job"
                raise VideoJobError(message, job=state, api_key=self.api_key)
            await self._sleep(poll_interval)

    async def download_video(self, job: dict[str, Any] | str, index: int = 0) -> VideoResult:
        """Fetch a completed job's MP4 (``GET /videos/{id}/content``, with auth) as a :class:`VideoResult`."""
        job_id = _job_id(job)
        if not isinstance(index, int) or index < 0:
            raise ValueError(f"index must be a non-negative integer, got {index!r}")
        url = f"{self.base_url}/videos/{job_id}/content"
        urls = job.get("unsigned_urls") if isinstance(job, dict) else None
        auth = True
        if isinstance(urls, list) and index < len(urls) and isinstance(urls[index], str):
            url = urls[index]
            auth = _origin(url) == _origin(self.base_url)  # never send the key to another host
            params = None
        else:
            params = {"index": index}
        response = await self._send("GET", url, f"video download for {job_id}", params=params, auth=auth)
        mime = response.headers.get("content-type", "video/mp4").split(";")[0].strip()
        if not mime.startswith("video/") and mime != "application/octet-stream":
            raise APIResponseError(
                f"video download for {job_id} returned {mime or 'no content type'}, not a video", api_key=self.api_key
            )
        if not response.content:
            raise APIResponseError(f"video download for {job_id} returned no bytes", api_key=self.api_key)
        return VideoResult(response.content, mime, job_id)

    async def list_video_models(self) -> list[dict[str, Any]]:
        """``GET /videos/models``: video models with durations, resolutions and ``pricing_skus``."""
        payload = await self._get_json("/videos/models", "list video models")
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, list) else []

    async def list_image_models(self) -> list[dict[str, Any]]:
        """``GET /images/models``: image models with their supported parameters."""
        payload = await self._get_json("/images/models", "list image models")
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, list) else []
