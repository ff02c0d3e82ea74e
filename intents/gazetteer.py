"""Shandong place names: find cities and counties in text, validate answers, measure distances."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "content" / "data" / "geo" / "shandong.csv"
EARTH_RADIUS_KM = 6371.0088

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    county: str | None
    adcode: str
    lat: float
    lon: float

    @property
    def latlon(self) -> LatLon:
        return (self.lat, self.lon)

    @property
    def label(self) -> str:
        return self.city + (self.county or "")


@dataclass(frozen=True, slots=True)
class _Name:
    place: Place
    needs_city: bool


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    places: tuple[Place, ...]
    needs_city: bool


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    cities: dict[str, Place]
    counties: tuple[Place, ...]
    names: dict[str, tuple[_Name, ...]]
    longest: int


@cache
def _load() -> _Gazetteer:
    cities: dict[str, Place] = {}
    counties: list[Place] = []
    names: dict[str, list[_Name]] = {}
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            is_city = row["level"] == "city"
            place = Place(
                city=row["city"],
                county=None if is_city else row["name"],
                adcode=row["adcode"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            if is_city:
                cities[place.city] = place
            else:
                counties.append(place)
            weak_short = row["needs_city"] == "1"
            spellings = [(row["name"], False), (row["short"], weak_short)]
            spellings += [(alias, False) for alias in row["aliases"].split("|") if alias]
            for spelling, weak in spellings:
                entries = names.setdefault(spelling, [])
                if all(e.place != place for e in entries):
                    entries.append(_Name(place, weak))
    return _Gazetteer(
        cities=cities,
        counties=tuple(counties),
        names={k: tuple(v) for k, v in names.items()},
        longest=max(map(len, names)),
    )


def _hits(text: str) -> list[_Hit]:
    """The non-overlapping name occurrences that cover most of the text (聊城阳谷 is 聊城+阳谷, not 城阳)."""
    gaz = _load()
    candidates: list[_Hit] = []
    for start in range(len(text)):
        for end in range(min(len(text), start + gaz.longest), start + 1, -1):
            entries = gaz.names.get(text[start:end])
            if entries:
                places = tuple(e.place for e in entries)
                # A name is weak if any reading of it is weak (东营 the city vs 东营区).
                city_reading = any(p.county is None for p in places)
                weak = not city_reading and any(e.needs_city for e in entries)
                if city_reading:
                    places = tuple(p for p in places if p.county is None)
                candidates.append(_Hit(start, end, places, weak))
    # Weighted interval scheduling: best[i] = (covered chars, chosen hits) using text[:i].
    best: list[tuple[int, list[_Hit]]] = [(0, [])] * (len(text) + 1)
    by_end: dict[int, list[_Hit]] = {}
    for hit in candidates:
        by_end.setdefault(hit.end, []).append(hit)
    for i in range(1, len(text) + 1):
        best[i] = best[i - 1]
        for hit in by_end.get(i, []):
            covered = best[hit.start][0] + hit.end - hit.start
            if covered > best[i][0]:
                best[i] = (covered, [*best[hit.start][1], hit])
    return best[len(text)][1]


def find_places(text: str) -> list[Place]:
    """Places named in ``text`` in order of mention; a county absorbs its own city's mention."""
    hits = _hits(text)
    cities_named = {p.city for h in hits for p in h.places if p.county is None}
    found: list[tuple[int, Place, int]] = []
    absorbed: set[str] = set()
    for hit in hits:
        county_places = [p for p in hit.places if p.county is not None]
        if not county_places:
            continue
        agreeing = [p for p in county_places if p.city in cities_named]
        if agreeing:
            candidates = agreeing
        elif hit.needs_city or len(county_places) > 1:
            continue
        else:
            candidates = county_places
        if len(candidates) == 1:
            if found and found[-1][1].city == candidates[0].city and found[-1][2] == hit.start:
                found.pop()  # 莱芜钢城: an old city name directly before one of its counties
            found.append((hit.start, candidates[0], hit.end))
            absorbed.add(candidates[0].city)
    for hit in hits:
        for place in hit.places:
            if place.county is None and place.city not in absorbed:
                found.append((hit.start, place, hit.end))
                absorbed.add(place.city)
    found.sort(key=lambda item: item[0])
    unique: list[Place] = []
    for _, place, _ in found:
        if place not in unique:
            unique.append(place)
    return unique


def resolve(city: str | None, county: str | None = None) -> Place | None:
    """Validate a user's answer ("历下", "济南 历下区", "菏泽曹县"); None when unknown or contradictory."""
    text = " ".join(part.strip() for part in (city, county) if part and part.strip())
    if not text:
        return None
    gaz = _load()
    places = find_places(text)
    if not places:
        # A lone weak short form ("市中" is ambiguous, "河东" is not) is fine as a whole answer.
        entries = gaz.names.get(text.replace(" ", ""), ())
        places = [e.place for e in entries] if len(entries) == 1 else []
    if len(places) != 1:
        return None
    if county and county.strip() and places[0].county is None:
        return None
    return places[0]


def centroid(city: str | None, county: str | None = None) -> LatLon:
    """Coordinates of a county, or of the city when no county is given."""
    place = resolve(city, county)
    if place is None:
        raise LookupError(f"unknown Shandong place: {city!r} {county!r}")
    return place.latlon


def distance_km(a: Place | LatLon, b: Place | LatLon) -> float:
    """Great-circle (haversine) distance; good enough for "how far is the job"."""
    lat1, lon1 = a.latlon if isinstance(a, Place) else a
    lat2, lon2 = b.latlon if isinstance(b, Place) else b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def all_cities() -> list[Place]:
    return list(_load().cities.values())


def all_counties() -> list[Place]:
    return list(_load().counties)


def city_of(name: str) -> Place | None:
    """A city by full or short name (济南 / 济南市)."""
    gaz = _load()
    return gaz.cities.get(name) or gaz.cities.get(name + "市")
