"""Vacancy parser: field accuracy over the labelled WeChat-group messages, plus focused cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from intents.numbers import chinese_number
from intents.vacancy import JSON_KEYS, parse_vacancy, to_json

LABELLED = Path(__file__).parent / "data" / "vacancies.yaml"
LIST_FIELDS = {"benefits", "requirements"}


def _cases() -> list[dict[str, Any]]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


def _same(field: str, got: Any, want: Any) -> bool:
    return sorted(got) == sorted(want) if field in LIST_FIELDS else got == want


def field_accuracy() -> tuple[float, list[str]]:
    right, total, wrong = 0, 0, []
    for case in _cases():
        got = to_json(parse_vacancy(case["text"]))
        for field in JSON_KEYS:
            total += 1
            if _same(field, got[field], case["expect"][field]):
                right += 1
            else:
                wrong.append(f"{case['text']} | {field}: got {got[field]!r}, want {case['expect'][field]!r}")
    return right / total, wrong


def test_labelled_set_is_big_and_complete() -> None:
    cases = _cases()
    assert len(cases) >= 110
    assert all(set(case["expect"]) == set(JSON_KEYS) for case in cases)


def test_field_accuracy_at_least_95_percent() -> None:
    accuracy, wrong = field_accuracy()
    assert accuracy >= 0.95, "\n".join(wrong)


def test_json_has_exactly_the_agreed_keys() -> None:
    assert set(to_json(parse_vacancy("招保安"))) == {
        "occupation",
        "occupation_code",
        "headcount",
        "city",
        "county",
        "salary_min",
        "salary_max",
        "salary_period",
        "phone",
        "benefits",
        "requirements",
        "missing",
    }


@pytest.mark.parametrize(
    ("text", "low", "high", "period"),
    [
        ("月薪5000-7000", 5000, 7000, "month"),
        ("工资5千-7千", 5000, 7000, "month"),
        ("8千-1万2", 8000, 12000, "month"),
        ("6-8k", 6000, 8000, "month"),
        ("4000~5500", 4000, 5500, "month"),
        ("４０００～５５００", 4000, 5500, "month"),
        ("月薪过万", 10000, None, "month"),
        ("5000以上", 5000, None, "month"),
        ("底薪3000+提成", 3000, None, "month"),
        ("1.2万/月", 12000, 12000, "month"),
        ("工资四千五", 4500, 4500, "month"),
        ("日结200", 200, 200, "day"),
        ("200元/天", 200, 200, "day"),
        ("一天300-400", 300, 400, "day"),
        ("年薪8万", 80000, 80000, "year"),
        ("年薪10-15万", 100000, 150000, "year"),
        ("8万/年", 80000, 80000, "year"),
        ("时薪20", 20, 20, "hour"),
        ("每小时18元", 18, 18, "hour"),
        ("25元/小时", 25, 25, "hour"),
    ],
)
def test_salary_forms_and_periods(text: str, low: int, high: int | None, period: str) -> None:
    parsed = parse_vacancy(f"招保安 {text} 济南")
    assert (parsed.salary_min, parsed.salary_max, parsed.salary_period) == (low, high, period)


def test_negotiable_salary_is_given_but_empty() -> None:
    parsed = parse_vacancy("招厨师2名 济南 工资面议 13812345678")
    assert (parsed.salary_min, parsed.salary_max, parsed.salary_period) == (None, None, None)
    assert parsed.salary_negotiable and parsed.missing == []


def test_numbers_that_are_not_money() -> None:
    parsed = parse_vacancy("招普工 年龄18-50岁 3年以上经验 每天工作8小时 经十路1000号 济南")
    assert parsed.salary_min is None and "salary" in parsed.missing
    assert parsed.headcount is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("招焊工十名", 10),
        ("保姆两人", 2),
        ("普工二十个", 20),
        ("招工3-5人", 5),
        ("招聘人数：12", 12),
        ("普工100名", 100),
        ("招个保姆", 1),
    ],
)
def test_headcount_numerals(text: str, count: int) -> None:
    assert parse_vacancy(text).headcount == count


def test_vague_headcount_counts_as_given() -> None:
    parsed = parse_vacancy("招保安若干 济南 3000 13812345678")
    assert parsed.headcount is None and "headcount" not in parsed.missing


def test_rooms_and_months_are_not_headcounts() -> None:
    assert parse_vacancy("招保安 4人一间宿舍 干满3个月").headcount is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("电话13812345678", "13812345678"),
        ("☎️１３８１２３４５６７８", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("联系0531-88888888", "0531-88888888"),
        ("座机053188888888", "0531-88888888"),
        ("0532—86812345", "0532-86812345"),
        ("010-12345678", "010-12345678"),
        ("电话：8888888", "8888888"),
    ],
)
def test_phones(text: str, phone: str) -> None:
    assert parse_vacancy(f"招保安3名{text}").phone == phone


def test_phone_digits_are_not_salary_or_headcount() -> None:
    parsed = parse_vacancy("招保安 13812345678")
    assert parsed.salary_min is None and parsed.headcount is None


@pytest.mark.parametrize(
    ("text", "city", "county"),
    [
        ("黄岛招工", "青岛市", "黄岛区"),
        ("历下招工", "济南市", "历下区"),
        ("曹县招工", "菏泽市", "曹县"),
        ("济南市中区招工", "济南市", "市中区"),
        ("潍坊招工", "潍坊市", None),
        ("莱芜招工", "济南市", "莱芜区"),
    ],
)
def test_places(text: str, city: str, county: str | None) -> None:
    parsed = parse_vacancy(text)
    assert (parsed.city, parsed.county) == (city, county)


def test_benefits_are_normalised() -> None:
    parsed = parse_vacancy("管吃管住 5险1金 周末双休 有年终奖 带薪年假 交通补助")
    assert parsed.benefits == ["包吃住", "五险一金", "双休", "年终奖", "带薪年假", "交通补贴"]


def test_requirements_are_normalised() -> None:
    parsed = parse_vacancy("持证上岗 5年以上经验 年龄18-50 身体健康 限女")
    assert parsed.requirements == ["持证", "身体健康", "女性", "5年以上经验", "年龄18-50"]


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("十", "两", "二十", "一百零五", "三千五", "一万二", "若干")] == [
        10,
        2,
        20,
        105,
        3500,
        12000,
        None,
    ]
