"""The FileWriter port on the real disk: the one atomic-write helper (``safe_files``)."""

from __future__ import annotations

import errno
import os
import stat as stat_module

from importlinter_ssot.adapters.safe_files import ContentChanged, replace_file
from importlinter_ssot.application.ports import FileChanged


class AtomicFileWriter:
    """Replaces a file's content atomically, keeping its permission bits (and, where allowed, its owner)."""

    def replace_content(self, path: str, data: bytes, *, expected: bytes) -> None:
        """Write ``data`` beside the file and rename it over the file, if it still holds ``expected``.

        FileChanged when it does not (or is no longer the same regular file); OSError leaves the
        file as it was.
        """
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            raise FileChanged(errno.ENOENT, "the file is gone", path) from None
        # The fix checked this before planning; made read-only since, it is refused all the same
        # (root's rename would go through where the owner said no).
        if stat_module.S_ISREG(mode) and not mode & (stat_module.S_IWUSR | stat_module.S_IWGRP | stat_module.S_IWOTH):
            raise PermissionError(errno.EACCES, "the file is read-only", path)
        try:
            replace_file(path, data, expected=expected)
        except ContentChanged as error:
            raise FileChanged(errno.EAGAIN, "the file changed while it was being fixed", path) from error
