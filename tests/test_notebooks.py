"""The notebooks in notebooks/ are stored clean and run from top to bottom without error.

Each notebook is executed with nbclient in a kernel running this interpreter (so it sees
the package under test, whatever kernels the machine has), with the notebook's folder as
the working directory, as Jupyter runs it. The stored file must carry no outputs, so what
is committed is only the code and the text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from ssp_targets import STATUS_LOOKS

#: Running a notebook in a kernel is slow: pytest -m "not slow" leaves it out.
pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds

#: What each notebook's executed outputs must show: (output type, text that must appear).

EXPECTED = {
    "quarterly-review.ipynb": [
        ("text/html", "Safer Stockton Partnership Plan 2017-20"),  # the plan
        ("text/html", "2018/19 Q2"),  # the styled status table and the report
        # a red status cell, in the colours every output uses
        ("text/html", f"background-color: #{STATUS_LOOKS['red'].fill}"),
        ("image/png", ""),  # the trend chart
        ("stream", "trial limits: yes (fewer than 13 quarters)"),  # the SPC section ran
        ("stream", "variation: "),
        ("text/html", "Variation and assurance by indicator"),  # xmr_frame's table
        ("stream", "1.3 crc:co_sso_positive_completions: green → amber"),  # Q1 against Q2
        ("text/html", "OFFICIAL-SENSITIVE"),  # the report's marking
        ("stream", "Dashboard written to"),
        ("stream", "2 revised"),  # the revision load
        ("stream", "SYNTHETIC SAMPLE DATA – not real performance"),  # the report says so
        ("stream", "SYNTHETIC SAMPLE DATA (the packaged synthetic CRC extract"),  # the fetch
    ],
}


def test_there_are_notebooks() -> None:
    assert set(EXPECTED) <= {p.name for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has stored outputs"
            assert cell.execution_count is None, f"{path.name} cell {index} has a count"
    assert notebook.cells[0].cell_type == "markdown"
    assert "synthetic" in notebook.cells[0].source


def _outputs(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """Every output as (type, text): a MIME type for rich outputs, "stream" for print."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                found.append(("stream", output.text))
            elif output.output_type in ("execute_result", "display_data"):
                for mime, data in output.data.items():
                    found.append((mime, data if isinstance(data, str) else ""))
            elif output.output_type == "error":
                found.append(("error", f"{output.ename}: {output.evalue}"))
    return found


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    """A "python3" kernel spec that runs this interpreter, and only it."""
    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(kernels / "python3")  # argv: [sys.executable, "-m", "ipykernel_launcher"]
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    assert specs.get_kernel_spec("python3").argv[0] == sys.executable
    return specs


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_runs(path: Path, kernel_specs: KernelSpecManager, tmp_path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=kernel_specs)
    client = NotebookClient(
        notebook,
        km=manager,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The kernel's temporary files go under tmp_path, so a failed run leaves nothing behind.
    temp = {name: str(tmp_path) for name in ("TMPDIR", "TEMP", "TMP")}
    # Raises CellExecutionError, with the cell and its traceback, on any error.
    client.execute(env={**os.environ, **temp})

    outputs = _outputs(notebook)
    assert not [text for kind, text in outputs if kind == "error"]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "a cell did not run"
    for kind, text in EXPECTED.get(path.name, []):
        assert any(k == kind and text in t for k, t in outputs), (
            f"{path.name}: no {kind} output containing {text!r}"
        )
