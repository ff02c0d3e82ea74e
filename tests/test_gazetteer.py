"""Shandong gazetteer: coverage, short forms, answer validation and distances."""

from __future__ import annotations

import pytest

from intents.gazetteer import all_cities, all_counties, centroid, distance_km, find_places, resolve

SHANDONG_LAT, SHANDONG_LON = (34.3, 38.5), (114.7, 122.8)


def test_sixteen_cities_and_all_counties() -> None:
    assert len(all_cities()) == 16
    counties = all_counties()
    assert len(counties) >= 130
    assert len({c.adcode for c in counties}) == len(counties)


def test_every_county_has_coordinates_inside_shandong() -> None:
    for place in all_counties() + all_cities():
        assert SHANDONG_LAT[0] < place.lat < SHANDONG_LAT[1], place
        assert SHANDONG_LON[0] < place.lon < SHANDONG_LON[1], place


def test_renamed_units_took_predecessor_coordinates() -> None:
    assert resolve("即墨") is not None and resolve("莱芜区") is not None
    assert distance_km(centroid("济南", "莱芜区"), centroid("济南", "钢城区")) < 30
    assert distance_km(centroid("青岛", "即墨区"), centroid("青岛")) < 50


@pytest.mark.parametrize(
    ("text", "city", "county"),
    [
        ("历下", "济南市", "历下区"),
        ("黄岛", "青岛市", "黄岛区"),
        ("曹县", "菏泽市", "曹县"),
        ("即墨", "青岛市", "即墨区"),
        ("济南", "济南市", None),
        ("济南市", "济南市", None),
        ("济南 历下区", "济南市", "历下区"),
        ("菏泽曹县", "菏泽市", "曹县"),
        ("西海岸新区", "青岛市", "黄岛区"),
        ("莱芜", "济南市", "莱芜区"),
        ("章丘市", "济南市", "章丘区"),
        ("河东", "临沂市", "河东区"),
    ],
)
def test_short_forms_resolve(text: str, city: str, county: str | None) -> None:
    place = resolve(text)
    assert place is not None
    assert (place.city, place.county) == (city, county)


def test_resolve_takes_city_and_county_separately() -> None:
    place = resolve("济南", "历下区")
    assert place is not None and place.county == "历下区"
    assert resolve("青岛", "历下区") is None  # they disagree
    assert resolve("济南", "高新区") is None  # county given but unknown
    assert resolve("市中区") is None  # 济南 or 枣庄?
    assert resolve("枣庄", "市中") is not None
    assert resolve("北京") is None and resolve(None, None) is None


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("济南历下招保姆", ["济南市历下区"]),
        ("黄岛急招", ["青岛市黄岛区"]),
        ("潍坊招工", ["潍坊市"]),
        ("济南市中区", ["济南市市中区"]),
        ("枣庄市中区", ["枣庄市市中区"]),
        ("聊城阳谷", ["聊城市阳谷县"]),
        ("莱芜钢城", ["济南市钢城区"]),
        ("惠民政策", []),
        ("滨州惠民", ["滨州市惠民县"]),
        ("从菏泽到青岛城阳", ["菏泽市", "青岛市城阳区"]),
    ],
)
def test_find_places(text: str, labels: list[str]) -> None:
    assert [p.label for p in find_places(text)] == labels


def test_distance_jinan_qingdao() -> None:
    assert distance_km(centroid("济南"), centroid("青岛")) == pytest.approx(300, abs=40)
    jinan = resolve("济南")
    assert jinan is not None and distance_km(jinan, jinan) == 0


def test_centroid_of_unknown_place_raises() -> None:
    with pytest.raises(LookupError):
        centroid("北京")
