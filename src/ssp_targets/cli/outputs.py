"""Commands that write outputs: dashboard, schema."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SspError  # standard library only

if TYPE_CHECKING:
    pass

from .common import (
    EXIT_OK,
    config_of,
    no_plan,
    open_store,
    populations_of,
    renderer_for,
)

_SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".txt": "table",
}


def dashboard_command(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from ..assessment import assess
    from ..definitions import load_plan
    from ..periods import parse_quarter, quarter_label
    from ..report import build_report
    from ..store import parse_as_of

    out = Path(args.out)
    name = args.format or _SUFFIX_FORMATS.get(out.suffix.lower())
    if name is None:
        raise SspError(
            f"{out}: cannot tell the format from the suffix {out.suffix!r}; give --format "
            f"({', '.join(sorted(set(_SUFFIX_FORMATS.values())))} or a plugin's)."
        )
    renderer = renderer_for(name)
    label = quarter_label(parse_quarter(args.quarter))
    config = config_of(args)
    plan = load_plan(args.plan or config.plan or no_plan(args))
    with open_store(config.store) as store:
        observations = store.observations(as_of=args.as_of, indicators=sorted(plan.indicators))
        notes = store.commentary(as_of=args.as_of)
        loads = store.loads()
    if args.as_of:
        loads = loads[loads["loaded_at"] <= parse_as_of(args.as_of)]
    populations = populations_of(plan)
    history = assess(plan, observations, commentary=notes, populations=populations)
    current = assess(plan, observations, quarter=label, commentary=notes, populations=populations)
    earlier = history[history["period"].astype(object) < label]
    import pandas as pd

    assessed = pd.concat([earlier, current], ignore_index=True)
    report = build_report(
        plan,
        assessed,
        label,
        area=args.area,
        as_of=args.as_of,
        provenance=loads,
        audience=args.audience,
        suppress_below=args.suppress_below,
        populations=populations,
    )
    content = renderer(report, None)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    # Write beside the target and rename: a failure never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual mode
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    print(f"{out}: {name} for {label}, {report.audience} version, marked {report.marking}.")
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    import json

    from ..schema_text import report_schema

    print(json.dumps(report_schema(), indent=2))
    return EXIT_OK
