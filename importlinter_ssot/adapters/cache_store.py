"""A cache directory on disk (`.ssot_cache/` by default): authenticated blobs, written atomically.

The directory is untrusted input: CI restores it from other branches and forks, and anyone
who can push can put anything in it. So:

- every blob carries an HMAC-SHA256 over the engine's identity, its name and its bytes,
  under a secret the checkout cannot supply (adapters/cache_secret.py); a blob that does
  not verify — forged, damaged, written by another engine or under another secret — is a
  clean miss, and the run rewrites it;
- the directory is used only when it is a real directory of the project (or one the user
  named outside it): a symlinked ``.ssot_cache`` — to ``.``, or out of the project — means
  no cache, not writes into the project root or elsewhere (safe_files.own_directory);
- its tag files are created only where nothing is (a planted symlink is never written
  through), blobs are replaced atomically, and a blob is read only from a regular file.

No secret, or no usable directory: the store holds nothing, and the run is only slower.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

from importlinter_ssot.adapters.cache_secret import cache_secret
from importlinter_ssot.adapters.engine_identity import engine_identity
from importlinter_ssot.adapters.safe_files import create_new_file, own_directory, read_own_file, replace_file

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by importlinter-ssot.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by importlinter-ssot\n*\n"
_MAC_DOMAIN = b"importlinter-ssot cache blob\0"
_MAC_SIZE = 64  # hex digits of a SHA-256 MAC, then a newline, then the blob


class DirectoryCacheStore:
    """The CacheStore port on a directory: one authenticated file per blob, a CACHEDIR.TAG, a .gitignore."""

    def __init__(
        self, directory: str, project_root: str, *, secret: bytes | None = None, engine: str | None = None
    ) -> None:
        """``secret``/``engine``: None means the user's secret and the running engine's identity."""
        self.directory = directory
        self.project_root = project_root
        self._secret = secret
        self._engine = engine
        self._resolved: tuple[str, bytes, str] | None = None  # (directory, secret, engine)
        self._checked = False

    def load(self, name: str) -> bytes | None:
        """The blob, or None when it is missing, unreadable or not authentic."""
        resolved = self._resolve()
        if resolved is None:
            return None
        directory, secret, engine = resolved
        found = read_own_file(os.path.join(directory, name))
        if found is None:
            return None
        # Forged, damaged, another engine's or another secret's: a clean miss.
        return unsealed(secret, engine, name, found[1])

    def save(self, name: str, data: bytes) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        resolved = self._resolve()
        if resolved is None:
            return
        directory, secret, engine = resolved
        try:
            for file_name, content in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
                create_new_file(os.path.join(directory, file_name), content.encode("utf-8"))
            # The one atomic writer: a reader (another run) sees the old file or the new one.
            replace_file(os.path.join(directory, name), sealed(secret, engine, name, data))
        except OSError:
            pass  # a cache that cannot be written only costs speed next time

    def now_ns(self) -> int:
        """The wall clock, comparable with file modification times."""
        return time.time_ns()

    def _resolve(self) -> tuple[str, bytes, str] | None:
        """The directory, secret and engine identity, once; None when there is no usable cache."""
        if not self._checked:
            self._checked = True
            # The secret first: without one, not even the directory is made.
            secret = self._secret or cache_secret()
            directory = None if secret is None else _own_cache_directory(self.directory, self.project_root)
            if directory is not None and secret is not None:
                engine = self._engine or engine_identity()
                self._resolved = (directory, secret, engine)
        return self._resolved


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


def _own_cache_directory(path: str, project_root: str) -> str | None:
    """``path`` as our own directory, its missing ancestors created the same way; None when refused."""
    missing = []
    ancestor = os.path.dirname(os.path.abspath(path))
    while not os.path.lexists(ancestor) and os.path.dirname(ancestor) != ancestor:
        missing.append(ancestor)
        ancestor = os.path.dirname(ancestor)
    for directory in reversed(missing):
        if own_directory(directory, project_root) is None:
            return None
    return own_directory(path, project_root)
