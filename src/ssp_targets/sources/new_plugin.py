"""``ssp-targets new-plugin``: start a source plugin from a template that passes its tests."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from ssp_targets.errors import SspError

_NAME = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")


def new_plugin(name: str, folder: str | Path = ".") -> Path:
    """Write a working plugin package ``ssp-targets-NAME`` into ``folder``; return its path.

    The plugin has one source, ``NAME``, reading a CSV export, with a sample and tests
    that run it through the contract kit. Nothing is overwritten.
    """
    if not _NAME.match(name):
        raise SspError(
            f"plugin name {name!r}: use lower-case letters, digits and '-', starting with "
            "a letter (e.g. 'youth-justice')."
        )
    module = "ssp_targets_" + name.replace("-", "_")
    target = Path(folder) / f"ssp-targets-{name}"
    if target.exists():
        raise SspError(f"{target} already exists; choose another name or folder.")
    values = {"name": name, "module": module}
    files: list[tuple[Path, str | bytes]] = []
    _collect(resources.files(__package__) / "plugin_template", Path(), module, values, files)
    for relative, content in files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return target


def _collect(
    node: Traversable,
    relative: Path,
    module: str,
    values: dict[str, str],
    files: list[tuple[Path, str | bytes]],
) -> None:
    for child in node.iterdir():
        name = child.name
        if name == "__pycache__":
            continue
        if child.is_dir():
            where = Path("src", module) if name == "src_module" else relative / name
            _collect(child, where, module, values, files)
        elif name.endswith(".tmpl"):
            text = Template(child.read_text(encoding="utf-8")).substitute(values)
            files.append((relative / name.removesuffix(".tmpl"), text))
        else:
            files.append((relative / name, child.read_bytes()))
