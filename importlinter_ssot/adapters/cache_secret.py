"""The secret that authenticates cache files: ``SSOT_CACHE_SECRET``, else a per-user key file.

The cache directory travels with checkouts (CI restores it from other branches, forks
included), so a checksum proves nothing: anyone can recompute one. A MAC under a secret
the checkout cannot supply can. CI sets ``SSOT_CACHE_SECRET`` from its secret store, so a
restored cache verifies on any runner; elsewhere the key is created once per user, with
random bytes, in the user's cache directory. No secret to be had: no cache (None).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping

from importlinter_ssot.adapters.safe_files import publish_new_file, read_own_file
from importlinter_ssot.adapters.user_directory import user_cache_directory

SECRET_VARIABLE = "SSOT_CACHE_SECRET"
KEY_FILE = "cache-key"
KEY_SIZE = 32


def cache_secret(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The secret cache files are authenticated with, or None when there is none."""
    environ = os.environ if environ is None else environ
    configured = environ.get(SECRET_VARIABLE, "").strip()
    if configured:
        return configured.encode("utf-8", "surrogateescape")
    directory = user_cache_directory(environ)
    if directory is None:
        return None
    path = os.path.join(directory, KEY_FILE)
    key = _read_key(path)
    if key is None:
        _create_key(directory, path)
        key = _read_key(path)
    return key


def _read_key(path: str) -> bytes | None:
    """The key in ``path`` when it is a private regular file of ours of the right size (no link followed)."""
    found = read_own_file(path, KEY_SIZE)
    if found is None:
        return None
    status, key = found
    if status.st_size != KEY_SIZE or status.st_mode & 0o077:
        return None  # readable by others, it could be used to forge; anything else is not our key
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return None
    return key if len(key) == KEY_SIZE else None


def _create_key(directory: str, path: str) -> None:
    """A new random key at ``path``, unless one is there already (a concurrent run's key stands)."""
    try:
        publish_new_file(path, secrets.token_bytes(KEY_SIZE), mode=0o600)
    except OSError:
        pass  # no key: the run goes on without the cache
