"""Writing output files: checked before the work, and whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ssp_targets.errors import SspError


def writable_output(path: str | Path) -> Path:
    """``path`` as an output file, refused (with the fix) when its folder is missing or
    cannot be written, before any work is done."""
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise SspError(f"{out}: is a folder; give a file name, e.g. {out / 'dashboard.html'}.")
    if not folder.is_dir():
        raise SspError(
            f"{out}: the folder {folder} does not exist; create it first or give another "
            "path for --out."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SspError(f"{out}: the folder {folder} cannot be written to; choose another --out.")
    return out


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``data`` beside ``out`` and rename it into place: a failure never leaves half
    a file, and an existing file is only replaced by a whole new one."""
    try:
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise SspError(f"{out}: cannot write there ({exc.strerror}).") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual mode
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise SspError(f"{out}: cannot write the file ({exc.strerror}).") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
