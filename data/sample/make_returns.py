"""Write the sample data returns (data/sample/returns/) from observations.csv.

Owners with no source plugin (Cleveland Police, the YOT, SBC Community Safety) send
their figures on the data-return form that ``ssp-targets template`` writes. This script
makes one completed form per owner and quarter (a form holds one quarter) from the
synthetic figures in observations.csv, so
``ssp-targets fetch`` (through the built-in ``returns`` source) loads them alongside the
plugins' samples. Synthetic, like everything in this folder. Run:
``.venv/bin/python data/sample/make_returns.py`` (the form's columns are the core's).
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from ssp_targets.inputs.return_forms import RETURN_COLUMNS

HERE = Path(__file__).resolve().parent
PLAN = HERE.parent.parent / "definitions" / "ssp-2017-20.toml"
#: Sources with no plugin, by the owner whose return carries them.
RETURNS = {"police": "police", "yot": "yot-board", "community-safety": "community-safety"}


def main() -> None:
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    measure_of = {i: m for m in plan["measures"] for i in m.get("indicators", [m.get("indicator")])}
    with (HERE / "observations.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    folder = HERE / "returns"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    for source, owner in RETURNS.items():
        mine = [r for r in rows if r["indicator"].split(":")[0] == source]
        for period in sorted({r["period"] for r in mine}):
            name = f"{owner}-{period.replace('/', '-').replace(' ', '-').lower()}.csv"
            with (folder / name).open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, RETURN_COLUMNS, lineterminator="\n")
                writer.writeheader()
                for r in (r for r in mine if r["period"] == period):
                    m = measure_of[r["indicator"]]
                    writer.writerow(
                        {
                            "measure": m["id"],
                            "title": m["title"],
                            "indicator": r["indicator"],
                            "unit": m["unit"],
                            "area": r["area"],
                            "period": r["period"],
                            "last_quarter": "",
                            "value": r["value"],
                            "numerator": r["numerator"],
                            "denominator": r["denominator"],
                            "flag": r["flag"],
                            "note": r["note"],
                            "commentary": "",
                            "rag": "",
                            "public": "",
                        }
                    )


if __name__ == "__main__":
    main()
