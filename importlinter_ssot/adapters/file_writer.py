"""The FileWriter port on the real disk: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import stat as stat_module
import tempfile


class AtomicFileWriter:
    """Replaces a file's content atomically, keeping its permission bits (and, where allowed, its owner)."""

    def replace_content(self, path: str, data: bytes) -> None:
        """Write ``data`` beside the file and rename it over the file; OSError leaves the file as it was."""
        # A symlink keeps pointing where it did: the file it points to gets the new content.
        target = os.path.realpath(path)
        status = os.stat(target)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".ssot-fix-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, stat_module.S_IMODE(status.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(temporary, status.st_uid, status.st_gid)
                except OSError:
                    pass  # only the owner (or root) may give a file away: it stays ours
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
