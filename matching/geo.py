"""Great-circle distance and the grid of ~45 km cells that keeps candidate search local."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # the mean radius, as in intents/gazetteer.py
CELL_LAT_DEG = 0.4  # ~44 km
CELL_LON_DEG = 0.5  # ~45 km at Shandong's latitude
ROWS = 1024  # key layout: row * ROWS + column; both stay below 1024
_MARGIN_DEG = 1e-6


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Exact distance used for every decision and every score; the vectorised copy only preselects."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def cell_row(lat: float) -> int:
    return math.floor((lat + 90.0) / CELL_LAT_DEG)


def cell_col(lon: float) -> int:
    return math.floor((lon + 180.0) / CELL_LON_DEG)


def cell_key(lat: float, lon: float) -> int:
    return cell_row(lat) * ROWS + cell_col(lon)


def cells_within(lat: float, lon: float, radius_km: float) -> list[tuple[int, int, int]]:
    """Rows with their first and last column whose cells may hold a point within ``radius_km``.

    The longitude half-width is the exact bound asin(sin δ / cos φ); it ignores the ±180° seam.
    """
    delta = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(delta) + _MARGIN_DEG
    cos_lat = math.cos(math.radians(lat))
    if math.sin(delta) >= cos_lat or lat + dlat >= 90.0 or lat - dlat <= -90.0:
        col_lo, col_hi = 0, cell_col(180.0)
    else:
        dlon = math.degrees(math.asin(math.sin(delta) / cos_lat)) + _MARGIN_DEG
        col_lo, col_hi = cell_col(max(-180.0, lon - dlon)), cell_col(min(180.0, lon + dlon))
    row_lo, row_hi = cell_row(max(-90.0, lat - dlat)), cell_row(min(90.0, lat + dlat))
    return [(row, col_lo, col_hi) for row in range(row_lo, row_hi + 1)]
