"""Safe output files: what ``-o PATH`` does in every verb.

What is at ``PATH`` decides how it is written:

- nothing, or a regular file: the data goes to a temporary file in the same folder,
  which is renamed over ``PATH`` once it is complete. A failure (a full disk, an
  interrupt) removes the temporary file and leaves the old file as it was. An existing
  file keeps its permission bits; a read-only one is refused, as the shell's ``>`` would.
- a character device (``/dev/null``, a terminal) or a named pipe: written through,
  never replaced.
- a symbolic link: followed. Its final target is written as above (atomically, when it
  is a regular file or missing), and the link stays a link.
- ``-``: standard output.
- anything else (a folder, a block device, a socket): refused.

Every failure is a :class:`~kgraph.errors.KGraphError` of one line, and a folder that
does not exist is not created.

>>> import pathlib, tempfile
>>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> write_output(out, "hello\\n").name
'a.txt'
>>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
('hello\\n', ['a.txt'])
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from kgraph.errors import KGraphError

__all__ = ["Output", "open_output", "write_output"]


class Output:
    """A stream opened by :func:`open_output`: ``write(data)`` turns an ``OSError``
    (a full disk, a closed pipe) into a one-line :class:`KGraphError`."""

    def __init__(self, stream: BinaryIO, shown: str) -> None:
        self._stream = stream
        self._shown = shown

    def write(self, data: bytes) -> None:
        """Write ``data``; raise :class:`KGraphError` when the system refuses."""
        try:
            self._stream.write(data)
        except OSError as exc:
            raise _error(self._shown, exc) from None


def write_output(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` as the module describes;
    return ``path`` as a :class:`~pathlib.Path`."""
    with open_output(path) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


@contextmanager
def open_output(path: str | os.PathLike[str]) -> Iterator[Output]:
    """Open ``path`` for writing as the module describes; the file is in place
    (renamed over the target) only when the ``with`` block ends without an error.

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "b.txt"
    >>> with open_output(out) as stream:
    ...     stream.write(b"one ")
    ...     stream.write(b"two")
    >>> out.read_bytes()
    b'one two'
    """
    shown = os.fspath(path)
    if shown == "-":
        yield Output(sys.stdout.buffer, "stdout")
        sys.stdout.buffer.flush()
        return
    target, st = _target(Path(shown))
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        with _through(target, shown) as out:
            yield out
        return
    tmp = target.with_name(f".{target.name[:200]}.{secrets.token_hex(4)}.part")  # within NAME_MAX
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    except OSError as exc:
        raise _error(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            yield Output(stream, shown)
            stream.flush()
            os.fsync(stream.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _error(shown, exc) from None
        raise


@contextmanager
def _through(target: Path, shown: str) -> Iterator[Output]:
    """Write into a character device or a named pipe (no temporary file)."""
    try:
        stream = open(target, "wb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _error(shown, exc) from None
    try:
        yield Output(stream, shown)
        stream.flush()
    except OSError as exc:
        raise _error(shown, exc) from None
    finally:
        with suppress(OSError):
            stream.close()


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where ``path`` leads (symbolic links followed) and what is there (``None``:
    nothing yet); refuses what cannot be written."""
    shown = str(path)
    target = Path(os.path.realpath(path))
    folder = target.parent if path.is_symlink() else path.parent
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise KGraphError(f"cannot write {shown}: {_first_file(folder)} is not a folder") from None
    except OSError as exc:
        raise _error(shown, exc) from None
    if st is None:
        if not target.parent.is_dir():
            if target.parent.exists():
                raise KGraphError(f"cannot write {shown}: {folder} is not a folder")
            raise KGraphError(f"cannot write {shown}: the folder {folder} does not exist")
        return target, None
    if stat.S_ISDIR(st.st_mode):
        raise KGraphError(f"cannot write {shown}: it is a folder")
    if stat.S_ISREG(st.st_mode):
        if not os.access(target, os.W_OK):
            raise KGraphError(f"cannot write {shown}: the file is read-only")
        return target, st
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return target, st
    raise KGraphError(f"cannot write {shown}: not a file, a character device or a pipe")


def _first_file(folder: Path) -> Path:
    """The first part of ``folder`` that exists and is not a folder (for messages)."""
    for part in reversed([folder, *folder.parents]):
        if part.exists() and not part.is_dir():
            return part
    return folder


def _error(shown: str, exc: OSError) -> KGraphError:
    """A one-line error for a failed write of ``shown``."""
    return KGraphError(f"cannot write {shown}: {exc.strerror or exc}")
