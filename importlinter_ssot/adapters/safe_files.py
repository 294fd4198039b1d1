"""Every write the tool makes to the disk goes through here: whole or not at all, never elsewhere.

One helper for every writer (``--fix``, ``--output``, the baseline, shims, ``ssot report``,
the cache), so that each of them keeps the same promises:

- **Atomic.** New content goes to a temporary file in the target's own directory — created
  with ``O_CREAT|O_EXCL|O_NOFOLLOW`` under an unguessable name, so that nothing planted
  there (a symlink, a file) can be written through — is ``fsync``'ed, then renamed over the
  target. A reader sees the old file or the new one; a full disk or a crash leaves the old.
- **Nothing replaced by something else.** The target's mode (setuid/setgid included) and,
  where the OS lets us, its owner are kept. A target that is not a regular file — a FIFO,
  a character device, the process's own descriptors (``/dev/stdout``, ``/dev/fd/N``) — is
  written in place, never replaced by a regular file.
- **Nothing written outside the project through a link.** A path inside the project that
  resolves (through symlinks) to somewhere outside it is refused.
- **Nothing overwritten unseen.** A caller that computed the new content from the file's
  bytes passes those bytes as ``expected``: the file is read again just before the rename,
  and a change (other bytes, another inode) raises ``ContentChanged`` instead of losing it.

The tool's own files (cache blobs, the cache key, the engine memo) are read back here too,
by one reader that follows no link and opens nothing but a regular file (``read_own_file``).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat as stat_module
import sys
from collections.abc import Callable

_FLAGS_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: a FIFO planted under the name is opened without waiting for a writer (then refused).
_FLAGS_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_TEMPORARY = re.compile(r"\A\..*\.[0-9a-f]{16}\.ssot-tmp\Z")


class UnsafeTarget(OSError):
    """A path the tool refuses to write (it would replace or reach something it must not)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, path)
        self.reason = reason


class ContentChanged(OSError):
    """The file changed after its new content was computed from it: nothing was written."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EAGAIN, "the file changed while it was being fixed", path)


def is_within(path: str, directory: str) -> bool:
    """Whether the absolute ``path`` is ``directory`` or below it (both normalised)."""
    directory = directory.rstrip("/") or "/"
    return path == directory or path.startswith(directory if directory == "/" else directory + "/")


def real_path(path: str) -> str:
    """``path`` with every symlink resolved, '/'-separated."""
    return os.path.realpath(path).replace(os.sep, "/")


def replace_file(
    path: str,
    data: bytes,
    *,
    expected: bytes | None = None,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Replace (or create) the regular file at ``path`` with ``data``, atomically.

    ``path`` is taken as it is: a symlink there is *replaced* by the new file, never written
    through (callers that mean to follow links resolve the path first, and decide whether
    its target may be written). An existing file keeps its mode and owner; a new one gets
    the permissions the umask allows. With ``expected``, the file must still hold exactly
    those bytes (and be the same inode) when the new content is about to take its place,
    else ``ContentChanged``. ``before_rename`` runs once the new content is on disk, just
    before that last look and the rename (tests use it to race the writer). OSError when
    anything fails; the file is then as it was, and no temporary file is left behind.
    """
    directory, name = os.path.split(os.path.abspath(path))
    directory_fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            current = os.stat(name, dir_fd=directory_fd, follow_symlinks=False)
        except FileNotFoundError:
            current = None
        if current is not None and stat_module.S_ISDIR(current.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if (
            current is not None
            and not stat_module.S_ISREG(current.st_mode)
            and not stat_module.S_ISLNK(current.st_mode)
        ):
            raise UnsafeTarget(path, "not a regular file: it would be replaced by one")
        if expected is not None and (current is None or not stat_module.S_ISREG(current.st_mode)):
            raise ContentChanged(path)
        temporary = _create_temporary(directory_fd, name)
        try:
            _fill(
                directory_fd,
                temporary,
                data,
                current if current is not None and stat_module.S_ISREG(current.st_mode) else None,
            )
            if before_rename is not None:
                before_rename()
            if expected is not None:
                _check_unchanged(directory_fd, name, path, expected, current)
            os.rename(temporary, name, src_dir_fd=directory_fd, dst_dir_fd=directory_fd)
        except BaseException:
            try:
                os.unlink(temporary, dir_fd=directory_fd)
            except OSError:
                pass
            raise
        try:
            os.fsync(directory_fd)  # the rename itself survives a crash
        except OSError:
            pass  # some file systems cannot sync a directory; the content is synced already
    finally:
        os.close(directory_fd)


def _create_temporary(directory_fd: int, name: str) -> str:
    """A new, empty, private file beside ``name``; its name (relative to the directory)."""
    for _ in range(100):
        # Unguessable: a link planted under a predictable name cannot catch our write, and
        # O_EXCL|O_NOFOLLOW refuses any name that exists, a symlink included.
        temporary = f".{name[:100]}.{secrets.token_hex(8)}.ssot-tmp"
        try:
            os.close(os.open(temporary, _FLAGS_NEW, 0o600, dir_fd=directory_fd))
            return temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", name)


def _fill(directory_fd: int, temporary: str, data: bytes, original: os.stat_result | None) -> None:
    """Write ``data`` to the temporary file, sync it, and give it the original's owner and mode."""
    descriptor = os.open(
        temporary, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), dir_fd=directory_fd
    )
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        os.fsync(descriptor)
        if original is None:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(descriptor, 0o666 & ~umask)
            return
        if hasattr(os, "fchown") and (original.st_uid, original.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(descriptor, original.st_uid, original.st_gid)
            except OSError:
                pass  # only root may give a file away; it stays ours, with the original's mode
        # After chown, which may clear setuid/setgid: the original mode, special bits included.
        os.fchmod(descriptor, stat_module.S_IMODE(original.st_mode))
    finally:
        os.close(descriptor)


def _check_unchanged(directory_fd: int, name: str, path: str, expected: bytes, before: os.stat_result | None) -> None:
    """Raise ContentChanged unless ``name`` is still the file read before, with exactly ``expected``."""
    try:
        descriptor = os.open(
            name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0), dir_fd=directory_fd
        )
    except OSError:
        raise ContentChanged(path) from None
    try:
        status = os.fstat(descriptor)
        if before is None or (status.st_dev, status.st_ino) != (before.st_dev, before.st_ino):
            raise ContentChanged(path)
        if not stat_module.S_ISREG(status.st_mode) or status.st_size != len(expected):
            raise ContentChanged(path)
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        if b"".join(chunks) != expected:
            raise ContentChanged(path)
    finally:
        os.close(descriptor)


# -- reports and baselines: a path the user named ---------------------------------------------------

_OWN_DESCRIPTORS = re.compile(r"\A/(?:dev/(?:fd/(\d+)|(stdout|stderr))|proc/self/fd/(\d+))\Z")


def write_output(path: str, data: bytes, project_root: str) -> None:
    """Write a report or a baseline to ``path``, as the user asked, without harming anything else.

    ``-`` is standard output. The process's own descriptors (``/dev/stdout``, ``/dev/fd/N``)
    are written to directly. A FIFO or character device is written in place (``/dev/null``
    stays a device; a FIFO's reader gets the report). A block device, a directory or a
    socket is refused. A regular file (or a new one) is replaced atomically, keeping its mode.
    A symlink is followed only to a target inside the project root; a path inside the project
    that resolves outside it raises UnsafeTarget.
    """
    if path == "-":
        _write_descriptor(sys.stdout.fileno(), data, flush_stdout=True)
        return
    own = _OWN_DESCRIPTORS.match(path)
    if own is not None:
        number = own.group(1) or own.group(3)
        descriptor = int(number) if number is not None else (1 if own.group(2) == "stdout" else 2)
        _write_descriptor(descriptor, data, flush_stdout=descriptor == 1)
        return
    target = _followed(path, project_root)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None and not stat_module.S_ISREG(status.st_mode):
        _write_in_place(target, status, data)
        return
    replace_file(target, data)


def _followed(path: str, project_root: str) -> str:
    """The path to write: ``path`` with its symlinks resolved, when that is allowed."""
    lexical = os.path.normpath(os.path.abspath(path)).replace(os.sep, "/")
    real = real_path(path)
    if real == lexical:
        return lexical
    root = real_path(project_root)
    inside = is_within(lexical, os.path.normpath(os.path.abspath(project_root)).replace(os.sep, "/")) or is_within(
        lexical, root
    )
    if inside and not is_within(real, root):
        raise UnsafeTarget(path, f"a symlink to {real}, outside the project: not followed")
    return real


def _write_in_place(target: str, status: os.stat_result, data: bytes) -> None:
    if stat_module.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", target)
    if not (stat_module.S_ISFIFO(status.st_mode) or stat_module.S_ISCHR(status.st_mode)):
        kind = "a block device" if stat_module.S_ISBLK(status.st_mode) else "neither a file, a FIFO nor a terminal"
        raise UnsafeTarget(target, f"{kind}: not written")
    # No O_CREAT (it exists), no O_TRUNC (a device has nothing to truncate): the bytes go through it.
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_descriptor(descriptor: int, data: bytes, *, flush_stdout: bool) -> None:
    if flush_stdout:
        sys.stdout.flush()  # what was printed before comes first
    _write_all(descriptor, data)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def is_temporary_name(name: str) -> bool:
    """Whether ``name`` is one of our temporary files (tests look for leftovers)."""
    return _TEMPORARY.match(name) is not None


# -- the tool's own files (the cache directory, its tag, a lock) ------------------------------------


def create_new_file(path: str, data: bytes, *, mode: int = 0o666) -> bool:
    """Create ``path`` with ``data`` unless something — a file, a symlink, dangling or not — is there.

    True when created. ``O_EXCL|O_NOFOLLOW``: a name planted in advance is never written through.
    ``mode`` as for ``open`` (the umask applies): 0o600 for a secret.
    """
    try:
        descriptor = os.open(path, _FLAGS_NEW, mode)
    except FileExistsError:
        return False
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)
    return True


def read_own_file(path: str, limit: int | None = None) -> tuple[os.stat_result, bytes] | None:
    """The status and bytes (at most ``limit``: one read) of the regular file at ``path``.

    None when it cannot be read, is a symlink (never followed) or is no regular file (a FIFO
    or a device planted under the name): the tool's own files (cache blobs, keys, memos) are
    read as untrusted, and the caller judges the status (owner, mode, size) it gets.
    """
    try:
        descriptor = os.open(path, _FLAGS_READ)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat_module.S_ISREG(status.st_mode):
            return None
        if limit is not None:
            return status, os.read(descriptor, limit)
        chunks = []
        while chunk := os.read(descriptor, 1 << 22):
            chunks.append(chunk)
        return status, b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


_NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS)


def publish_new_file(path: str, data: bytes, *, mode: int = 0o666) -> bool:
    """Create ``path`` whole — a reader never sees part of ``data`` — unless something is there.

    Written to an unguessable temporary name beside it, then hard-linked into place (a link
    never replaces an existing name). Where hard links are not allowed, created in place
    (``create_new_file``: a concurrent reader may then see it short, once). True when created.
    """
    directory, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(directory, f".{name[:100]}.{secrets.token_hex(8)}.ssot-tmp")
    if not create_new_file(temporary, data, mode=mode):
        return False
    try:
        os.link(temporary, path, follow_symlinks=False)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        return create_new_file(path, data, mode=mode)
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def own_directory(path: str, project_root: str) -> str | None:
    """``path`` as a directory the tool may keep its files in (created if missing), else None.

    Refused: anything but a real directory at ``path`` (a symlink to ``.``, to elsewhere, a
    file), and a path inside the project that resolves outside it or onto the project root
    itself — a cache restored from another branch must not steer our writes. A directory
    the user named outside the project is theirs to choose.
    """
    lexical = os.path.normpath(os.path.abspath(path)).replace(os.sep, "/")
    root = os.path.normpath(os.path.abspath(project_root)).replace(os.sep, "/")
    if is_within(lexical, root) and not is_within(real_path(os.path.dirname(lexical)), real_path(root)):
        return None  # its parent leads out of the project: not even an empty directory is made there
    try:
        os.mkdir(lexical, 0o777)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        status = os.lstat(lexical)
    except OSError:
        return None
    if not stat_module.S_ISDIR(status.st_mode):
        return None  # a symlink (even to a directory) or a file
    if is_within(lexical, root):
        real, real_root = real_path(lexical), real_path(root)
        if real == real_root or not is_within(real, real_root):
            return None  # reached through a symlinked ancestor
    return lexical
