"""A cache directory on disk (`.ssot_cache/` by default): authenticated blobs, written atomically.

The directory is untrusted input: CI restores it from other branches and forks, and anyone
who can push can put anything in it. So every blob carries an HMAC-SHA256 over the
engine's identity, its name and its bytes, under a secret the checkout cannot supply
(adapters/cache_secret.py); a blob that does not verify — forged, damaged, written by
another engine or under another secret — is a clean miss, and the run rewrites it. No
secret: the store holds nothing, and the run is only slower.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

from importlinter_ssot.adapters.cache_secret import cache_secret
from importlinter_ssot.adapters.engine_identity import engine_identity

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by importlinter-ssot.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_MAC_DOMAIN = b"importlinter-ssot cache blob\0"
_MAC_SIZE = 64  # hex digits of a SHA-256 MAC, then a newline, then the blob


class DirectoryCacheStore:
    """The CacheStore port on a directory: one authenticated file per blob, a CACHEDIR.TAG, a .gitignore."""

    def __init__(self, directory: str, *, secret: bytes | None = None, engine: str | None = None) -> None:
        """``secret``/``engine``: None means the user's secret and the running engine's identity."""
        self.directory = directory
        self._secret = secret
        self._engine = engine
        self._resolved: tuple[bytes, str] | None = None  # (secret, engine)
        self._checked = False

    def load(self, name: str) -> bytes | None:
        """The blob, or None when it is missing, unreadable or not authentic."""
        resolved = self._resolve()
        if resolved is None:
            return None
        secret, engine = resolved
        try:
            with open(os.path.join(self.directory, name), "rb") as stream:
                stored = stream.read()
        except OSError:
            return None
        # Forged, damaged, another engine's or another secret's: a clean miss.
        return unsealed(secret, engine, name, stored)

    def save(self, name: str, data: bytes) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        resolved = self._resolve()
        if resolved is None:
            return
        secret, engine = resolved
        try:
            self._prepare()
            # The one atomic writer: a reader (another run) sees the old file or the new one.
            from importlinter_ssot.adapters.safe_files import replace_file

            replace_file(os.path.join(self.directory, name), sealed(secret, engine, name, data))
        except OSError:
            pass  # a cache that cannot be written only costs speed next time

    def now_ns(self) -> int:
        """The wall clock, comparable with file modification times."""
        return time.time_ns()

    def _resolve(self) -> tuple[bytes, str] | None:
        """The secret and the engine's identity, once; None when there is no secret (then there is no cache)."""
        if not self._checked:
            self._checked = True
            secret = self._secret or cache_secret()
            if secret is not None:
                self._resolved = (secret, self._engine or engine_identity())
        return self._resolved

    def _prepare(self) -> None:
        os.makedirs(self.directory, exist_ok=True)
        for file_name, content in (
            ("CACHEDIR.TAG", CACHEDIR_TAG),
            (".gitignore", "# Created by importlinter-ssot\n*\n"),
        ):
            path = os.path.join(self.directory, file_name)
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8") as stream:
                    stream.write(content)


def sealed(secret: bytes, engine: str, name: str, data: bytes) -> bytes:
    """What is stored for the blob ``data``: its MAC (hex), a newline, the blob."""
    return _mac(secret, engine, name, data) + b"\n" + data


def unsealed(secret: bytes, engine: str, name: str, stored: bytes) -> bytes | None:
    """The blob of ``stored`` when its MAC verifies, else None."""
    mac, separator, data = stored[:_MAC_SIZE], stored[_MAC_SIZE : _MAC_SIZE + 1], stored[_MAC_SIZE + 1 :]
    if separator != b"\n" or not hmac.compare_digest(mac, _mac(secret, engine, name, data)):
        return None
    return data


def _mac(secret: bytes, engine: str, name: str, data: bytes) -> bytes:
    """The blob's HMAC-SHA256 (hex): over the engine that wrote it, its name and its bytes."""
    mac = hmac.new(secret, _MAC_DOMAIN, hashlib.sha256)
    mac.update(engine.encode("utf-8", "surrogateescape") + b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
    mac.update(data)
    return mac.hexdigest().encode("ascii")
