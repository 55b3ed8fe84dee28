"""The default photo store: one file per content hash under a directory (var/photos)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from photos.store import check_key, content_key


@dataclass(frozen=True)
class FileStore:
    """Photos as files root/ab/abcdef…, written atomically (temp file, fsync, rename)."""

    root: Path

    def _path(self, key: str) -> Path:
        """Where key's bytes live."""
        check_key(key)
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        """Store data and return its content hash; a second put of the same bytes is free."""
        key = content_key(data)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        """The bytes under key; KeyError when missing."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        """Remove key's file if it is there."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """True when key's file exists."""
        return self._path(key).is_file()

    def modified(self, key: str) -> datetime:
        """The file's modification time."""
        try:
            return datetime.fromtimestamp(self._path(key).stat().st_mtime, UTC)
        except FileNotFoundError:
            raise KeyError(key) from None

    def keys(self) -> Iterator[str]:
        """Every key with a file (temp files of unfinished writes are not keys)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for file in sub.iterdir():
                    if not file.name.startswith(".") and file.name[:2] == sub.name:
                        yield file.name
