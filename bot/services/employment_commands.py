"""Short employment commands ("感兴趣 2", "看候选人", "加入企业 123456"…) as action intents.

They carry a number or only make sense to someone who already saw a list, so they are matched
exactly, before the policy Q&A. ``with_employment_commands`` wraps any ``Understander``.
"""

from __future__ import annotations

import re

from bot.services.understanding import Understander, Understood
from bot.services.vacancy_draft import EDIT
from intents.vacancy import parse_vacancy

PERSONAL_FIELD_WORDS = frozenset({"电话", "手机", "手机号"})
_PUNCT = re.compile(r"[\s,，。.!！?？、:：;；~～]+")

COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("join_employer", r"^(加入(企业|公司|单位)|邀请码)\d{0,10}$"),
        ("employer", r"^(企业|公司|单位)(登记|注册|认证|入驻)$|^(登记|注册)(企业|公司|单位)$"),
        (
            "post_vacancy",
            r"^(我|我们|俺|俺们|咱|咱们)?(是)?(企业|公司|单位|厂|工厂|老板|店|饭店|门店)?(的)?"
            r"(要|想|需要|急需)?(招人|招工|招聘|雇人|找工人|发布?招聘(信息)?|发布?岗位)(了|啊|呢|呀)?$",
        ),
        ("invite_colleague", r"^邀请(同事|员工|成员|同事加入)$"),
        (
            "candidates",
            r"^(看|查看|看看|查|查看一下|看一下)?(候选人|求职者|应聘者|应聘的人|简历)(名单)?(第)?\d{0,2}(个)?$",
        ),
        (
            "job_interest",
            r"^(我)?(对)?(第)?\d{1,2}(个|号)?(岗位)?(感兴趣|有兴趣|想去)$|^(感兴趣|有兴趣|想去)(第)?\d{1,2}(个|号)?$",
        ),
        ("stop_recommend", r"^(不再推荐|不要推荐|别推荐了?|停止推荐|取消推荐|不用推荐了?|不要再推荐了?)$"),
        ("vacancy_filled", r"^(招满了?|已招满|招够了?|人招满了?|人够了)(第)?\d{0,2}$"),
        ("vacancy_renew", r"^(岗位)?(续期|延期)(第)?\d{0,2}$"),
        ("my_vacancies", r"^(我的岗位|我的招聘|岗位列表|我发布的岗位)$"),
    )
)


def detect_command(text: str) -> str | None:
    compact = _PUNCT.sub("", text)
    for name, pattern in COMMANDS:
        if pattern.match(compact):
            return name
    edit = EDIT.match(text)
    # "修改手机号" is more often a worker's own profile (my_status); inside the card flow it still works.
    if edit and edit["field"] not in PERSONAL_FIELD_WORDS:
        return "vacancy_edit"
    return None


_HIRING = re.compile(r"^\s*(招聘|急招|诚聘|高薪招聘|长期招聘|招工|招|聘|现招|急聘)")


_SEEKING = re.compile(
    r"找(个|份|点|一份|一个)?[^，。,]{0,8}(活|工作|事做|活干|班上)|想(干|做|去|找)|求职|应聘|我会|能干|"
    r"哪(里|儿)?(有|在)?招|有没有招|有招.{0,8}吗|招.{0,8}(吗|么|嘛)[?？]?$"
)


def looks_like_job_search(text: str) -> bool:
    """A worker's message: looking for work in some trade ("想在黄岛找个电焊工的活")."""
    return bool(_SEEKING.search(text)) and not _HIRING.match(text) and bool(parse_vacancy(text).occupation)


def looks_like_vacancy(text: str) -> bool:
    """A boss's message: "招聘/急招" and an occupation, or an occupation, a headcount and pay or a phone."""
    parsed = parse_vacancy(text)
    if not parsed.occupation or looks_like_job_search(text):
        return False
    return bool(_HIRING.match(text) or (parsed.headcount and (parsed.phone or parsed.salary_min is not None)))


def number_in(text: str) -> int | None:
    """The list number in "感兴趣 2" / "招满了 3"."""
    found = re.search(r"\d+", text)
    return int(found.group()) if found else None


class EmploymentUnderstander:
    """Employment commands first, then the wrapped understander; unplaced vacancy texts go to posting."""

    def __init__(self, inner: Understander) -> None:
        self.inner = inner

    def understand(self, text: str) -> Understood:
        action = detect_command(text)
        if action is not None:
            return Understood("action", action=action, score=1.0)
        understood = self.inner.understand(text)
        if understood.kind in ("fallback", "clarify") and looks_like_job_search(text):
            return Understood("action", action="find_job", score=1.0)
        if understood.kind in ("fallback", "clarify") and looks_like_vacancy(text):
            return Understood("action", action="post_vacancy", score=1.0)
        return understood

    def answer(self, topic_id: str) -> Understood:
        return self.inner.answer(topic_id)

    def fallback(self) -> Understood:
        return self.inner.fallback()

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)  # reload() and whatever else the wrapped one offers


def with_employment_commands(inner: Understander) -> Understander:
    return EmploymentUnderstander(inner)
