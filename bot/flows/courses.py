"""Browsing the catalogue by chat: short numbered lists (five a page), a course's details, brands.

```mermaid
stateDiagram-v2
    [*] --> list: courses (menu 培训报名, "济南有学月嫂的吗")
    [*] --> brands: brands ("有哪些劳务品牌")
    brands --> brands: 下一页
    brands --> list: 序号 (the brand's courses)
    list --> list: 下一页 / 上一页 / a new search
    list --> detail: 序号
    detail --> enrol: 报名 (hands over to the enrolment flow)
    detail --> list: 返回
```
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from bot.flows import course_texts as texts
from bot.flows.base import Flow, Step, Turn
from bot.services import course_search
from bot.services import training as service
from bot.store import training as store
from content.messages import t

NEXT_PAGE = re.compile(r"^(下一页|下页|下一批|再来几个|还有吗|还有呢|往后)$")
PREV_PAGE = re.compile(r"^(上一页|上页|前一页)$")
WANTS_ENROL = re.compile(r"报名|报这个|就这个|要报|我要参加|参加$")
NOT_BROWSING = re.compile(r"取消|我的|删除|改手机|转人工")  # self-service and other wishes: the router's


class CoursesState(StrEnum):
    list = "courses:list"
    detail = "courses:detail"
    brands = "courses:brands"


def _number(text: str) -> int | None:
    cleaned = text.strip().rstrip(".、。").removeprefix("第").removesuffix("个").removesuffix("号")
    return int(cleaned) if cleaned.isdigit() else None


class CoursesFlow(Flow):
    name = "courses"
    title = "培训课程"

    def begin(self, turn: Turn, **params: Any) -> Step:
        """Lists brands, or the courses that fit what the worker wrote."""
        if params.get("action") == "brands":
            return self._brands(turn, page=0)
        return self._search(turn, turn.text)

    def ask(self, state: str, turn: Turn) -> str:
        if state == CoursesState.detail:
            course = store.get_course(turn.session, code=str(turn.data.get("course")))
            if course is not None:
                return f"{texts.course_detail(turn.session, course)}\n{t('training_detail_hint')}"
        if state == CoursesState.brands:
            return texts.brand_page(store.list_brands(turn.session), int(turn.data.get("brand_page", 0)))
        return texts.course_page(
            turn.session, self._codes(turn), int(turn.data.get("page", 0)), str(turn.data.get("heading", ""))
        )

    def handle(self, state: str, turn: Turn) -> Step:
        if NOT_BROWSING.search(turn.text):
            return Step.elsewhere()
        if state == CoursesState.brands:
            return self._handle_brands(turn)
        if state == CoursesState.detail:
            return self._handle_detail(turn)
        return self._handle_list(turn)

    def _handle_list(self, turn: Turn) -> Step:
        """Turns the page, opens a course by its number, or searches again."""
        text = turn.text.strip()
        codes = self._codes(turn)
        page = int(turn.data.get("page", 0))
        if NEXT_PAGE.match(text) or PREV_PAGE.match(text):
            step = 1 if NEXT_PAGE.match(text) else -1
            if not 0 <= page + step < texts.pages(len(codes)):
                hint = t("training_list_no_more") if step > 0 else t("training_list_first")
                return Step.again(hint, CoursesState.list)
            turn.data["page"] = page + step
            return Step(self.ask(CoursesState.list, turn), CoursesState.list)
        number = _number(text)
        if number is not None:
            if not 1 <= number <= len(codes):
                return Step.again(t("training_pick_hint", max=len(codes)), CoursesState.list)
            return self._detail(turn, codes[number - 1])
        if WANTS_ENROL.search(text) and not course_search.parse_query(text).occupations:
            return Step.again(t("training_pick_hint", max=len(codes)), CoursesState.list)
        return self._search_or_elsewhere(turn, text)

    def _handle_detail(self, turn: Turn) -> Step:
        """报名 hands over to enrolment; a number opens another course of the list."""
        text = turn.text.strip()
        if WANTS_ENROL.search(text):
            from bot.flows.registry import FLOWS

            return FLOWS["enrol"].begin(turn, course=turn.data.get("course"))
        number = _number(text)
        codes = self._codes(turn)
        if number is not None and 1 <= number <= len(codes):
            return self._detail(turn, codes[number - 1])
        if number is not None:
            return Step.again(t("training_detail_again"), CoursesState.detail)
        return self._search_or_elsewhere(turn, text)

    def _handle_brands(self, turn: Turn) -> Step:
        text = turn.text.strip()
        brands = store.list_brands(turn.session)
        page = int(turn.data.get("brand_page", 0))
        if NEXT_PAGE.match(text) or PREV_PAGE.match(text):
            step = 1 if NEXT_PAGE.match(text) else -1
            if not 0 <= page + step < texts.pages(len(brands)):
                hint = t("training_list_no_more") if step > 0 else t("training_list_first")
                return Step.again(hint, CoursesState.brands)
            return self._brands(turn, page=page + step)
        number = _number(text)
        if number is None:
            return self._search_or_elsewhere(turn, text)
        if not 1 <= number <= len(brands):
            return Step.again(t("training_pick_hint", max=len(brands)), CoursesState.brands)
        brand = brands[number - 1]
        courses = [c for c in service.open_courses(turn.session) if c.brand_id == brand.id]
        if not courses:
            return Step(f"{texts.brand_detail(brand)}\n{t('training_brand_no_courses')}", CoursesState.brands)
        heading = f"{texts.brand_detail(brand)}\n" + t(
            "training_list_heading", count=len(courses), subject=""
        )
        turn.data.update(ids=[c.code for c in courses], page=0, heading=heading)
        return Step(self.ask(CoursesState.list, turn), CoursesState.list)

    def _brands(self, turn: Turn, *, page: int) -> Step:
        brands = store.list_brands(turn.session)
        if not brands:
            return Step(t("training_brands_empty"))
        turn.data["brand_page"] = page
        return Step(texts.brand_page(brands, page), CoursesState.brands)

    def _search(self, turn: Turn, text: str) -> Step:
        result = service.find_courses(turn.session, text)
        if not result.courses:
            return Step(t("training_list_empty"))
        subject = f"（{result.subject}）" if result.subject else ""
        heading = "\n".join(
            [*result.relaxed, t("training_list_heading", count=len(result.courses), subject=subject)]
        )
        turn.data.update(ids=[c.code for c in result.courses], page=0, heading=heading)
        return Step(self.ask(CoursesState.list, turn), CoursesState.list)

    def _search_or_elsewhere(self, turn: Turn, text: str) -> Step:
        """A new wish ("青岛的呢", "有电工吗") searches again; anything else goes back to the router."""
        if course_search.parse_query(text).is_empty and not self._names_a_course(turn, text):
            return Step.elsewhere()
        return self._search(turn, text)

    def _names_a_course(self, turn: Turn, text: str) -> bool:
        return any(w and w in text for c in service.open_courses(turn.session) for w in c.keywords.split("|"))

    def _detail(self, turn: Turn, code: str) -> Step:
        course = store.get_course(turn.session, code=code)
        if course is None:
            return Step.again(t("training_list_empty"), CoursesState.list)
        turn.data["course"] = code
        return Step(self.ask(CoursesState.detail, turn), CoursesState.detail)

    @staticmethod
    def _codes(turn: Turn) -> list[str]:
        return [str(code) for code in turn.data.get("ids") or []]
