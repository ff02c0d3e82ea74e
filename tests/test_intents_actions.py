"""Action intents are found before the FAQ, and questions about policy are not mistaken for them."""

from __future__ import annotations

import pytest

from intents.actions import default_actions
from intents.normalize import normalize


def detect(text: str) -> str | None:
    return default_actions().detect(normalize(text))


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("我要报名", "enrol"),
        ("报个名", "enrol"),
        ("想学个手艺", "enrol"),
        ("俺寻思学个电焊中不中", "enrol"),
        ("有什么培训", "courses"),
        ("咱济南有学月嫂的吗", "courses"),
        ("养老护理啥时候开班", "courses"),
        ("有哪些劳务品牌", "brands"),
        ("找工作", "find_job"),
        ("有活干吗", "find_job"),
        ("我要招人", "post_vacancy"),
        ("招聘电焊工五名", "post_vacancy"),
        ("我是企业", "employer"),
        ("你好，我是企业", "employer"),
        ("我的报名", "my_status"),
        ("我的信息", "my_status"),
        ("老板欠工资", "complaint"),
        ("没签合同", "complaint"),
        ("不给交社保", "complaint"),
        ("转人工", "human"),
        ("找客服", "human"),
        ("删除我的信息", "delete_data"),
        ("菜单", "menu"),
        ("帮助", "menu"),
    ],
)
def test_action_requests(text: str, action: str) -> None:
    assert detect(text) == action


@pytest.mark.parametrize(
    "text",
    [
        "培训补贴怎么领",
        "报名培训需要什么条件",
        "欠薪了去哪投诉",
        "老板欠工资怎么办",
        "劳务品牌有什么用",
        "定向培训和普通培训有啥区别",
        "留守妇女在家门口有活干吗",
        "我的信息能删吗",
        "找工作有补贴吗",
        "老板让我签自愿放弃社保的声明",
        "有没有教人创业的课",
        "不签合同老板得赔钱不",
        "建设单位没有场地能委托别的学校培训吗",
    ],
)
def test_questions_about_policy_are_not_actions(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("text", ["孩子上初中怎么报名", "俺想学车去哪报名", "考公务员在哪报名"])
def test_school_and_exam_enrolment_is_not_a_course(text: str) -> None:
    assert detect(text) is None
