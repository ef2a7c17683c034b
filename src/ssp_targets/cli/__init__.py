"""The ``ssp-targets`` command.

Only the standard library is imported at module level, so ``ssp-targets --help`` stays
quick; each command imports what it needs when it runs. Exit status: 0 on success, 1
when a source or plugin failed, 2 for bad input or usage (with a one-paragraph message
and no traceback). The commands live in modules by what they work on: ``figures``,
``sources`` and ``outputs``; ``parser`` declares their arguments.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence

from ssp_targets.cli import figures, outputs, sources
from ssp_targets.cli.common import EXIT_OK, EXIT_USAGE
from ssp_targets.cli.parser import build_parser
from ssp_targets.errors import SspError, SspWarning  # standard library only

COMMANDS = {
    "validate": figures.validate_command,
    "summary": figures.summary_command,
    "load": figures.load_command,
    "load-commentary": figures.load_commentary_command,
    "history": figures.history_command,
    "loads": figures.loads_command,
    "template": figures.template_command,
    "plugins": sources.plugins_command,
    "sources": sources.sources_command,
    "fetch": sources.fetch_command,
    "new-plugin": sources.new_plugin_command,
    "dashboard": outputs.dashboard_command,
    "schema": outputs.schema_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", SspWarning)
            warnings.showwarning = _show_warning
            return COMMANDS[args.command](args)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return EXIT_OK
    except SspError as exc:
        print(f"ssp-targets: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _show_warning(
    message: Warning | str, category: type[Warning], *_args: object, **_kw: object
) -> None:
    """The library's warnings as one line each, without the source line Python adds."""
    if issubclass(category, SspWarning):
        print(f"ssp-targets: warning: {message}", file=sys.stderr)
    else:  # a library's own warning: a bug to report, not the user's concern here
        print(f"ssp-targets: {category.__name__}: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
