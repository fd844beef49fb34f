"""Video generation: submit a ``POST /videos`` job, wait for it, download its MP4; the video catalog.

:class:`Video` is the resource behind the client's video methods.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from .._core.display import LiveText, in_kernel
from .._core.wire import as_dict, data_list, require_text
from ..errors import APIResponseError, InvalidMediaError, VideoJobError
from ..media import VideoResult

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["TERMINAL_FAILURES", "Video"]

TERMINAL_FAILURES = ("failed", "cancelled", "expired")


def _job_id(job: dict[str, Any] | str) -> str:
    job_id = job.get("id") if isinstance(job, dict) else job
    if not isinstance(job_id, str) or not job_id:
        raise ValueError(f"expected a video job dict with an 'id' or a job id string, got {job!r}")
    return job_id


def _check_video(what: str) -> Callable[[str, bytes], None]:
    """A check that a body is a video: its declared type and its first bytes (an MP4 ``ftyp`` box or WebM)."""

    def check(content_type: str, head: bytes) -> None:
        mime = content_type.split(";", 1)[0].strip().lower() or "video/mp4"
        if not mime.startswith("video/") and mime != "application/octet-stream":
            raise InvalidMediaError(f"{what} returned {mime[:60]}, not a video")
        if not head:
            raise APIResponseError(f"{what} returned no bytes")
        if head[4:8] not in (b"ftyp", b"moov", b"mdat", b"free", b"wide") and not head.startswith(b"\x1aE\xdf\xa3"):
            raise InvalidMediaError(f"{what} returned a response that is not an MP4 or WebM video")

    return check


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Video:
    """The video calls of a client. ``clock`` (monotonic seconds) bounds :meth:`wait_for_video`."""

    def __init__(self, requester: Requester, ledger: SpendLedger, clock: Callable[[], float]) -> None:
        self._requester = requester
        self._ledger = ledger
        self._clock = clock
        self._models: dict[str, str] = {}  # job id → model, so the ledger names it when the job completes

    async def generate_video(
        self,
        /,
        *,
        model: str,
        prompt: str,
        duration: int | None = None,
        size: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """POST ``/videos`` and return the raw payload: an async job (202) ``{id, polling_url, status}``.

        Follow it with :meth:`wait_for_video` and :meth:`download_video`.
        """
        require_text(model, "model")
        if not (isinstance(prompt, str) and prompt.strip()) and not extra.get("frame_images"):
            raise ValueError("prompt must be a non-empty string (or give frame_images)")
        if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
            raise ValueError(f"duration must be a positive whole number of seconds, got {duration!r}")
        body: dict[str, Any] = {"model": model, "prompt": prompt}
        body.update({k: v for k, v in {"duration": duration, "size": size}.items() if v is not None})
        body.update(extra)
        what = f"video generation with {model!r}"
        job = await self._requester.json("POST", "/videos", what, body=body, ok=(200, 202))
        if isinstance(job, dict) and isinstance(job.get("id"), str):
            self._models[job["id"]] = model
        return job  # type: ignore[no-any-return]

    def _polling_url(self, job: dict[str, Any] | str) -> str:
        base = self._requester.base_url
        polling = job.get("polling_url") if isinstance(job, dict) else None
        if isinstance(polling, str) and polling.startswith("/"):
            return _origin(base) + polling  # relative to the service origin, not to the /api/v1 base
        if (
            isinstance(polling, str)
            and polling.startswith(("https://", "http://"))
            and _origin(polling) == _origin(base)
        ):
            return polling
        return f"{base}/videos/{quote(_job_id(job), safe='')}"

    async def wait_for_video(
        self,
        /,
        job: dict[str, Any] | str,
        *,
        poll_interval: float = 2.0,
        timeout: float = 900.0,
        progress: bool | None = None,
        model: str | None = None,
    ) -> dict[str, Any]:
        """Poll a video job until it is ``completed`` and return the final job dict.

        ``job`` is the dict :meth:`generate_video` returned, or just its id: a job submitted by
        another client or process (its id kept in a post's journal, say) is followed the same way.
        Raises :class:`~openrouter_nb.errors.VideoJobError` when it ends ``failed``, ``cancelled`` or
        ``expired``, or is still running after ``timeout`` seconds (poll again later: the job goes
        on). ``progress`` shows a status line in Jupyter (default: when running in a kernel). The
        job's ``usage.cost`` goes in the ledger, under ``model`` when this client did not submit it.
        """
        if poll_interval <= 0 or timeout <= 0:
            raise ValueError("poll_interval and timeout must be positive")
        job_id = _job_id(job)
        url = self._polling_url(job)
        what = f"video job {job_id}"
        status_line = LiveText("display" if (in_kernel() if progress is None else progress) else "off")
        start = self._clock()
        while True:
            state = await self._requester.json("GET", url, f"polling {what}")
            if not isinstance(state, dict) or not isinstance(state.get("status"), str):
                raise APIResponseError(f"polling {what} failed: the response has no status")
            status = state["status"]
            status_line.replace(f"{what}: {status}")
            if status == "completed":
                named = self._models.get(job_id) or (job.get("model") if isinstance(job, dict) else None) or model
                self._ledger.record("video", state, model=named)
                return state
            with self._requester.redacting():  # the job's error text comes from the server
                if status in TERMINAL_FAILURES:
                    reason = state.get("error") if isinstance(state.get("error"), str) else "no reason given"
                    raise VideoJobError(f"{what} ended {status}: {reason}", job=state)
                if self._clock() - start >= timeout:
                    message = f"{what} still {status} after {timeout:g} s; poll again later with the same job"
                    raise VideoJobError(message, job=state)
            await self._requester.sleep(poll_interval)

    async def download_video(
        self, /, job: dict[str, Any] | str, index: int = 0, *, path: str | os.PathLike[str] | None = None
    ) -> VideoResult:
        """Fetch a completed job's video (``GET /videos/{id}/content``, with auth) as a :class:`VideoResult`.

        With ``path``, the video is streamed to that file (written atomically, never held in
        memory; up to ``ResponseLimits.file_bytes``) and the result's ``path`` names it. Only
        https URLs (or the API's own origin) are fetched, and the key goes to the API's origin only.
        """
        job_id = _job_id(job)
        if not isinstance(index, int) or index < 0:
            raise ValueError(f"index must be a non-negative integer, got {index!r}")
        requester = self._requester
        base = requester.base_url
        url, auth = f"{base}/videos/{quote(job_id, safe='')}/content", True  # an id is never a path
        params: dict[str, int] | None = {"index": index}
        urls = as_dict(job).get("unsigned_urls") if isinstance(job, dict) else None
        what = f"video download for {job_id}"
        if isinstance(urls, list) and index < len(urls) and isinstance(urls[index], str):
            url, params = requester.check_url(urls[index], what), None
            auth = _origin(url) == _origin(base)  # never send the key to another host
        if path is not None:
            target = await requester.download(url, Path(path), what, params=params, auth=auth, check=_check_video(what))
            return VideoResult(b"", "video/mp4", job_id, path=target)
        reply = await requester.send("GET", url, what, params=params, auth=auth, limit="media_bytes")
        with requester.redacting():
            _check_video(what)(reply.headers.get("content-type", ""), reply.content)
        return VideoResult(reply.content, reply.mime_type or "video/mp4", job_id)

    async def list_video_models(self, /) -> list[dict[str, Any]]:
        """``GET /videos/models``: video models with durations, resolutions and ``pricing_skus``."""
        return data_list(await self._requester.json("GET", "/videos/models", "list video models"))
