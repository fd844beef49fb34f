"""Writing files so that a crash never leaves half of one, and names that any file system takes.

Files are written to a temporary name beside the target and renamed over it (a crash leaves the
old file or the new one), with the permissions any new file of this user gets (the umask: 0644
by default), not the 0600 of a temporary file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_file", "atomic_write", "file_mode", "safe_name"]

_MODE: int | None = None
_MODE_LOCK = threading.Lock()


def file_mode() -> int:
    """The mode a new file of this process gets (0o666 less the umask), read once."""
    global _MODE
    with _MODE_LOCK:
        if _MODE is None:
            umask = os.umask(0o022)  # the only way to read it is to set it: set it straight back
            os.umask(umask)
            _MODE = 0o666 & ~umask
    return _MODE


@contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Write a file through a handle; it appears at ``path`` whole when the block ends, or not at all."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a crash leaves the old file or the new one, never half."""
    with atomic_file(path) as handle:
        handle.write(data)
    return Path(path)


def safe_name(text: str, *, limit: int = 60) -> str:
    """A file-name part made from user text: lowercase words joined by ``-``, at most ``limit`` chars.

    Text that had to be cut keeps a short hash of the whole, so two long topics stay two names.
    """
    slug = "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "post"
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{slug[: limit - 9].rstrip('-')}-{digest}"
