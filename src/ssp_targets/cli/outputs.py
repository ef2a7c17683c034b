"""Commands that write outputs: dashboard, schema."""

from __future__ import annotations

import argparse

from ssp_targets.cli.common import EXIT_OK, renderer_for, report_from_store
from ssp_targets.errors import SspError  # standard library only


def dashboard_command(args: argparse.Namespace) -> int:
    from ssp_targets.output_files import writable_output, write_atomically
    from ssp_targets.plan.quarters import parse_quarter, quarter_label
    from ssp_targets.renderers.formats import FORMATS, format_for_suffix

    out = writable_output(args.out)
    name = args.format or format_for_suffix(out.suffix)
    if name is None:
        raise SspError(
            f"{out}: cannot tell the format from the suffix {out.suffix!r}; give --format "
            f"({', '.join(sorted(FORMATS))} or a plugin's)."
        )
    renderer = renderer_for(name)
    label = quarter_label(parse_quarter(args.quarter))
    report = report_from_store(
        args, label, every_quarter=True, audience=args.audience, suppress_below=args.suppress_below
    )
    content = renderer(report, None)
    write_atomically(out, content if isinstance(content, bytes) else content.encode("utf-8"))
    sample = " It includes SYNTHETIC SAMPLE DATA." if report.sample else ""
    print(f"{out}: {name} for {label}, {report.audience} version, marked {report.marking}.{sample}")
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    import json

    from ssp_targets.renderers.json_schema import report_schema

    print(json.dumps(report_schema(), indent=2))
    return EXIT_OK
