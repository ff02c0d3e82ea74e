"""Normalisation and typo repair: what people type becomes the words the FAQ uses."""

from __future__ import annotations

import pytest

from intents.analyzer import Analyzer
from intents.normalize import arabic_quantities, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("俺想问问，补助咋领哩？", "补助怎么领"),
        ("您好！请问培训补贴怎么领😊", "培训补贴怎么领"),
        ("中不中啊", "可以吗"),
        ("木有证书能报名吗？？", "没有证书能报名吗"),
        ("[微笑]那个，就是说，我想问一下ＡＢＣ１２３", "abc123"),
        ("麻烦问下 咱济南有学月嫂的吗", "我济南有学月嫂的吗"),
        ("老板欠工资咋办呢", "老板欠工资怎么办"),
        ("啥时候开班嘛", "什么时候开班"),
        ("你好", ""),
        ("那个证到底咋个考法", "证到底怎么考"),
        ("你这个号都能干些啥", "你这个公众号都能做什么"),
        ("方案是几几年发的", "方案是哪年发的"),
        ("搞劳务品牌有啥用", "搞劳务品牌有什么作用"),
    ],
)
def test_normalize_rewrites_dialect_fillers_and_width(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_clauses_are_kept_apart() -> None:
    assert normalize("培训补贴，怎么领") == "培训补贴 怎么领"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("三到五个市级重点", "3-5个市级重点"),
        ("国家二十部门", "国家20部门"),
        ("每年五百人", "每年500人"),
        ("一个月内", "一个月内"),
        ("一老一小", "一老一小"),
    ],
)
def test_chinese_quantities_become_digits(raw: str, expected: str) -> None:
    assert arabic_quantities(raw) == expected


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [("我想参加陪训", "我想参加培训"), ("代款怎么申请", "贷款怎么申请"), ("正书怎么考", "证书怎么考")],
)
def test_homophone_typos_are_repaired(analyzer: Analyzer, raw: str, repaired: str) -> None:
    assert analyzer.analyse(raw).compact == repaired


@pytest.mark.parametrize("text", ["水费怎么交", "机能", "山洞", "房贷利率", "方案的正式名字"])
def test_real_words_are_not_repaired(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyse(text).compact == text


def test_synonyms_map_to_content_words(analyzer: Analyzer) -> None:
    terms = analyzer.analyse("开班有补助吗，借钱难").terms
    assert {"培训", "补贴", "贷款"} <= set(terms)
    assert "补助" not in terms


def test_colloquial_variants_map_to_content_words(analyzer: Analyzer) -> None:
    terms = set(analyzer.analyse("我的信息能删吗，回村开个店").terms)
    assert {"删除", "返乡", "创业"} <= terms


def test_out_of_scope_terms_are_cut_whole(analyzer: Analyzer) -> None:
    assert "高龄补贴" in analyzer.analyse("高龄补贴在哪领").words


def test_compound_modifier_is_found(analyzer: Analyzer) -> None:
    assert [u.word for u in analyzer.analyse("幼儿园补贴怎么领").modifiers] == ["幼儿园"]
    assert analyzer.analyse("培训补贴怎么领").modifiers == ()


def test_dialect_and_colloquial_forms_reach_content_words(analyzer: Analyzer) -> None:
    terms = set(analyzer.analyse("自个儿出来单干，品牌名录咋查，俺干了活拿不到钱").terms)
    assert {"自己", "创业", "目录", "欠薪"} <= terms


def test_this_platform_means_the_official_account(analyzer: Analyzer) -> None:
    assert "公众号" in analyzer.analyse("你们这个平台能干点啥").terms


def test_repair_does_not_cut_through_real_words(analyzer: Analyzer) -> None:
    # 欠工 sounds like 钳工 but straddles 拖欠 and 工钱, which are both right.
    assert analyzer.analyse("老板拖欠工钱").compact == "老板拖欠工钱"
    assert analyzer.analyse("陪训补贴").compact == "培训补贴"
