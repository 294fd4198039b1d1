"""The tool's per-user directory (``$XDG_CACHE_HOME/importlinter-ssot``): what no checkout can supply.

It holds the key that authenticates cache files and the memo of the engine's identity. A
checkout's ``.ssot_cache/`` can be planted by anyone who can push a branch; this directory
belongs to the user running the tool, so it is used only when it really is theirs: a real
directory (not a symlink), owned by the user, writable by no one else.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Mapping

APPLICATION = "importlinter-ssot"


def user_cache_directory(environ: Mapping[str, str] | None = None) -> str | None:
    """The directory (created, 0700, if missing), or None when there is none the user safely owns."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    directory = os.path.join(base, APPLICATION)
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        status = os.lstat(directory)
    except OSError:
        return None
    if not stat_module.S_ISDIR(status.st_mode):
        return None  # a symlink (wherever it points) or a file
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return None
    if status.st_mode & 0o022:
        return None  # someone else could replace what is in it
    return directory
