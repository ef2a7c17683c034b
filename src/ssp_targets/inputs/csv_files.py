"""Reading CSV files as people save them: UTF-8 or Windows-1252, checked headers, rows
longer than the header, and cells cut short in messages."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd

from ssp_targets.errors import ObservationError

#: Longest cell text quoted in a message; longer text is cut and its length given.
MAX_SHOWN = 60

#: The encodings a CSV is read in, in order: UTF-8 (with or without a byte order mark),
#: then Windows-1252, which is what Excel on Windows saves "CSV (Comma delimited)" in.
ENCODINGS = ("utf-8-sig", "cp1252")


def decode_csv(data: bytes, path: Path | str, what: str) -> str:
    """The text of a CSV file's bytes, read as UTF-8 or else as Windows-1252.

    Raises :class:`ObservationError` for a file in neither (UTF-16 "Unicode text", a
    spreadsheet or other binary file saved with a .csv name, another code page).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ObservationError(
            f"{path}: the {what} file is not text in UTF-8 or Windows-1252 (it holds NUL "
            'bytes, as UTF-16 "Unicode text" and binary files such as .xlsx do). Save it '
            'as "CSV UTF-8 (Comma delimited)".'
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ObservationError(
        f"{path}: the {what} file is in neither UTF-8 nor Windows-1252 (cp1252), the two "
        'encodings read; save it as "CSV UTF-8 (Comma delimited)".'
    )


def read_csv_text(
    path: str | Path,
    what: str,
    lower: bool = True,
    keep_blank_lines: bool = False,
    title_lines: int = 0,
) -> pd.DataFrame:
    """Read a CSV file as text columns (no type guessing), with a clear error on failure.

    The file may be UTF-8 or, as Excel on Windows saves it, Windows-1252; headers are
    stripped, and lower-cased unless ``lower`` is false. Blank lines are skipped unless
    ``keep_blank_lines`` (they are then rows of empty cells, so that row positions follow
    the file's lines). The header is line ``title_lines + 1``: lines above it are skipped.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ObservationError(f"{path}: no such {what} file. Check the path.") from None
    except IsADirectoryError:
        raise ObservationError(f"{path}: is a folder; give the {what} file's path.") from None
    except OSError as exc:
        raise ObservationError(f"{path}: cannot read the {what} file ({exc.strerror}).") from None
    text = decode_csv(data, path, what)
    del data
    if title_lines:
        text = "".join(text.splitlines(keepends=True)[title_lines:])
    names = [c.strip() for c in next(csv.reader(io.StringIO(text)), [])]
    header = [name.lower() for name in names]
    _check_header(header, path, what)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                index_col=False, skip_blank_lines=not keep_blank_lines,
            )  # fmt: skip
        if caught:  # some rows are longer than the header: fine if the extra is empty
            frame = _without_extra_fields(text, names, path, what, keep_blank_lines, title_lines)
    except pd.errors.EmptyDataError:
        raise ObservationError(
            f"{path}: the {what} file is empty; it needs a header row and data rows."
        ) from None
    except pd.errors.ParserError as exc:
        try:
            frame = _without_extra_fields(text, names, path, what, keep_blank_lines, title_lines)
        except pd.errors.ParserError:
            raise ObservationError(
                f"{path}: cannot read the {what} file as CSV ({shorten(str(exc), 200)}). Save "
                "it as CSV with a header row and the same number of columns on every line."
            ) from None
    unnamed = [i for i, name in enumerate(header) if not name]
    if unnamed:
        frame = _drop_empty_unnamed(frame, unnamed, path, what)
    frame.columns = [str(c).strip().lower() if lower else str(c).strip() for c in frame.columns]
    return frame


def _check_header(header: list[str], path: Path, what: str) -> None:
    if len(header) == 1 and ";" in header[0]:
        raise ObservationError(
            f"{path}: the {what} file separates its fields with semicolons (as Excel saves "
            "CSV in some countries); save it as CSV with commas between fields."
        )
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and name in seen:
            raise ObservationError(
                f"{path}: the {what} file's header names {name!r} twice (columns "
                f"{seen[name]} and {number}); keep one of them."
            )
        seen.setdefault(name, number)


def _without_extra_fields(
    text: str,
    header: list[str],
    path: Path,
    what: str,
    keep_blank_lines: bool = False,
    title_lines: int = 0,
) -> pd.DataFrame:
    """The file read when some rows have more fields than the header (as Excel writes a
    trailing comma): refused if an extra field holds anything, else read without them."""
    width = len(header)
    longest = width
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1 + title_lines):
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            raise ObservationError(
                f"{path}: line {line} has {len(row)} fields but the header names {width} "
                f"columns (the extra holds {shorten(extra[0])!r}); give each value a column "
                "in the header, or remove it. A comma inside a value needs the value in double "
                'quotes ("a note, with a comma").'
            )
        longest = max(longest, len(row))
    names = [
        *(h or f"_unnamed_{i}" for i, h in enumerate(header)),
        *(f"_extra_{k}" for k in range(longest - width)),
    ]
    frame = pd.read_csv(
        io.StringIO(text), header=None, skiprows=1, names=names, dtype=str,
        keep_default_na=False, na_filter=False, index_col=False,
        skip_blank_lines=not keep_blank_lines,
    )  # fmt: skip
    frame = frame.iloc[:, :width]
    frame.columns = header
    return frame


def _drop_empty_unnamed(
    frame: pd.DataFrame, unnamed: list[int], path: Path, what: str
) -> pd.DataFrame:
    """Columns with no name in the header (a trailing comma) are dropped if empty."""
    for i in unnamed:
        values = frame.iloc[:, i]
        filled = values.str.strip() != ""
        if filled.any():
            line = int(filled.to_numpy().nonzero()[0][0]) + 2
            raise ObservationError(
                f"{path}: column {i + 1} of the {what} file has no name in the header, but line "
                f"{line} holds {shorten(values[filled].iloc[0])!r} in it; name the column or "
                "remove it."
            )
    return frame.drop(columns=frame.columns[unnamed])


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to about ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}… ({len(text):,} characters)"
