"""Enrolment by chat: one explicit state machine from choosing a course to a seat (or the waiting list).

Nothing personal is written until the worker confirms: answers wait in the conversation data (the
ID number already sealed), so 取消 at any step leaves nothing behind. A returning worker is asked
only what is missing from their profile.

```mermaid
stateDiagram-v2
    [*] --> course: enrol ("我要报名")
    [*] --> consent: 报名 from a course's details
    course --> consent: 序号
    consent --> name: 同意 (asked once per person)
    consent --> [*]: 不同意
    name --> phone
    phone --> id_number: 11 digits
    id_number --> place: checksum OK (sealed at once)
    place --> place: only the city named: ask the county
    place --> priority: a Shandong county
    priority --> confirm
    confirm --> name: 改姓名 (and 改手机号, 改身份证, 改地区, 改人群: back to confirm after)
    confirm --> [*]: 确认 → enrolled, or waitlisted when full
```

In every state an invalid answer gets a specific hint and the question again (``Step.again``);
取消, 菜单, 返回 and 转人工 are the router's.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from bot.flows.base import Flow, Step, Turn
from bot.flows.course_texts import course_lines
from bot.flows.yesno import agrees, declines
from bot.services import training as service
from bot.services.training_inputs import (
    Invalid,
    check_id_number,
    check_name,
    check_phone,
    check_place,
    check_priority,
)
from bot.store import training as store
from bot.store import users
from content.messages import t
from intents import gazetteer

CONFIRM = re.compile(r"^(确认|确定|提交|对的?|是的?|没问题|正确|好的?|无误|确认提交|ok)+$", re.I)
EDITS = {
    "姓名": "name",
    "名字": "name",
    "手机": "phone",
    "电话": "phone",
    "身份证": "id_number",
    "地区": "place",
    "区县": "place",
    "地址": "place",
    "住址": "place",
    "人群": "priority",
    "群体": "priority",
}


# Leaving the form in words rather than with the 取消 command ("取消报名", "不报了", "不想填了").
QUITS = re.compile(
    r"^(我)?(取消报名|不报名?了|不想报名?了|不想报|不填了|不想填了?|退出报名|不报名)[了啦吧。！!]*$"
)
# Actions that clearly are not an answer to a question of this form.
OTHER_WISHES = frozenset(
    {"courses", "brands", "my_status", "delete_data", "find_job", "post_vacancy", "employer", "complaint"}
)


def wants_something_else(turn: Turn, text: str) -> bool:
    """An answer that did not fit and reads as another request: the router should handle it afresh."""
    if not text or text.isdigit():
        return False
    return turn.wants_another_action(text, among=OTHER_WISHES)


class EnrolState(StrEnum):
    course = "enrol:course"
    consent = "enrol:consent"
    name = "enrol:name"
    phone = "enrol:phone"
    id_number = "enrol:id_number"
    place = "enrol:place"
    priority = "enrol:priority"
    confirm = "enrol:confirm"


def _profile(turn: Turn) -> dict[str, Any]:
    profile: dict[str, Any] = turn.data.setdefault("profile", {})
    return profile


class EnrolFlow(Flow):
    name = "enrol"
    title = "培训报名"

    def begin(self, turn: Turn, **params: Any) -> Step:
        """Starts with a chosen course, or offers the courses that fit what the worker wrote."""
        if params.get("course"):
            return self._start_with(turn, str(params["course"]))
        result = service.find_courses(turn.session, turn.text)
        if not result.courses:
            return Step(t("training_list_empty"))
        turn.data["choices"] = [c.code for c in result.courses[:5]]
        return Step(self.ask(EnrolState.course, turn), EnrolState.course)

    def ask(self, state: str, turn: Turn) -> str:
        profile = _profile(turn)
        match state:
            case EnrolState.course:
                items = "\n".join(course_lines(turn.session, turn.data.get("choices") or [], 0))
                return t("training_enrol_choose", items=items)
            case EnrolState.consent:
                return t("training_consent")
            case EnrolState.name:
                return t("training_ask_name")
            case EnrolState.phone:
                return t("training_ask_phone")
            case EnrolState.id_number:
                return t("training_ask_id")
            case EnrolState.place:
                city = turn.data.get("place_city")
                if city:
                    example = next((p.county for p in gazetteer.all_counties() if p.city == city), "")
                    return t("training_ask_county", city=city, example=example)
                return t("training_ask_place")
            case EnrolState.priority:
                return t("training_ask_priority")
        course = store.get_course(turn.session, code=str(turn.data.get("course")))
        full = course is not None and store.seats(turn.session, course=course).free == 0
        return (t("training_confirm_full") + "\n" if full else "") + t(
            "training_confirm",
            title=course.title if course else "-",
            start=service.fmt_date(course.start_date) if course else "-",
            name=profile.get("name", "-"),
            phone=profile.get("phone", "-"),
            id=profile.get("id_masked", "-"),
            place=f"{profile.get('city', '')}{profile.get('county', '')}",
            group=profile.get("priority_group") or t("training_group_none"),
        )

    def handle(self, state: str, turn: Turn) -> Step:
        text = turn.text.strip()
        handler = {
            EnrolState.course: self._choose,
            EnrolState.consent: self._consent,
            EnrolState.name: self._name,
            EnrolState.phone: self._phone,
            EnrolState.id_number: self._id_number,
            EnrolState.place: self._place,
            EnrolState.priority: self._priority,
            EnrolState.confirm: self._confirm,
        }[EnrolState(state)]
        if QUITS.match(text):
            return Step(t("cancelled", flow=self.title))
        try:
            return handler(turn, text)
        except Invalid as problem:
            if wants_something_else(turn, text):
                # "我的报名", "有什么培训": nothing was saved, so nothing is lost; say the form ended.
                return Step.elsewhere(t("training_form_left"))
            return Step.again(str(problem), state)

    def cancel(self, turn: Turn) -> None:
        """Nothing to undo: personal data is saved only at 确认, and the router drops the answers."""

    # -- steps ---------------------------------------------------------------------------------------

    def _choose(self, turn: Turn, text: str) -> Step:
        """Takes a course by its number, or searches again with the words given."""
        choices: list[str] = list(turn.data.get("choices") or [])
        cleaned = text.rstrip(".、。")
        if cleaned.isdigit():
            if 1 <= int(cleaned) <= len(choices):
                return self._start_with(turn, choices[int(cleaned) - 1])
            raise Invalid(f"请回复1到{len(choices)}之间的序号。")
        result = service.find_courses(turn.session, text)
        if result.subject and result.courses:
            turn.data["choices"] = [c.code for c in result.courses[:5]]
            return Step(self.ask(EnrolState.course, turn), EnrolState.course)
        raise Invalid(t("training_enrol_choose_hint"))

    def _consent(self, turn: Turn, text: str) -> Step:
        """Goes on only after an explicit 同意."""
        if declines(text):
            return Step(t("cancelled", flow=self.title))
        if not agrees(text):
            raise Invalid(t("training_consent_hint"))
        turn.data["consented"] = True
        return self._next(turn)

    def _name(self, turn: Turn, text: str) -> Step:
        _profile(turn)["name"] = check_name(text)
        return self._next(turn)

    def _phone(self, turn: Turn, text: str) -> Step:
        _profile(turn)["phone"] = check_phone(text)
        return self._next(turn)

    def _id_number(self, turn: Turn, text: str) -> Step:
        """Validates the check digit, then seals the number straight away."""
        number = check_id_number(text, today=service.today_cn())
        _profile(turn).update(service.sealed_id(number, secret=self._secret(turn)))
        return self._next(turn)

    def _place(self, turn: Turn, text: str) -> Step:
        """A Shandong county; a city alone is kept and its county asked next."""
        answer = check_place(text, city=turn.data.get("place_city"))
        if answer.county is None:
            turn.data["place_city"] = answer.city
            return Step(self.ask(EnrolState.place, turn), EnrolState.place)
        turn.data.pop("place_city", None)
        _profile(turn).update(city=answer.city, county=answer.county)
        return self._next(turn)

    def _priority(self, turn: Turn, text: str) -> Step:
        _profile(turn).update(priority_group=check_priority(text), priority_asked=True)
        return self._next(turn)

    def _confirm(self, turn: Turn, text: str) -> Step:
        """确认 saves and enrols; 改X goes back to that one question."""
        field = next((f for word, f in EDITS.items() if word in text), None)
        if field is not None and re.search(r"改|修改|错|不对|更正", text):
            turn.data["review"] = True
            state = EnrolState(f"enrol:{field}")
            return Step(self.ask(state, turn), state)
        if not CONFIRM.match(text.rstrip("。！!.")):
            raise Invalid(t("training_confirm_hint"))
        return self._submit(turn)

    # -- helpers -------------------------------------------------------------------------------------

    def _start_with(self, turn: Turn, code: str) -> Step:
        course = store.get_course(turn.session, code=code)
        if course is None or course.enrol_deadline < service.today_cn():
            return Step(t("training_enrol_closed", title=course.title if course else code))
        worker = store.get_worker(turn.session, openid=turn.openid)
        if worker is not None and worker.id is not None and course.id is not None:
            existing = store.get_enrolment(turn.session, worker_id=worker.id, course_id=course.id)
            if existing is not None and existing.status != "cancelled":
                return Step(
                    t("training_enrol_already", title=course.title, status=self._status(turn, existing))
                )
        turn.data["course"] = code
        if worker is not None:
            self._prefill(turn, worker)
        return self._next(turn)

    def _prefill(self, turn: Turn, worker: Any) -> None:
        """A returning worker's profile, minus anything that can no longer be read."""
        profile = _profile(turn)
        profile.update(
            name=worker.name, phone=worker.phone, priority_group=worker.priority_group, priority_asked=True
        )
        if worker.city and worker.county:
            profile.update(city=worker.city, county=worker.county)
        if worker.id_sealed and service.worker_id_number(worker, secret=self._secret(turn)):
            profile.update(id_sealed=worker.id_sealed, id_index=worker.id_index, id_masked=worker.id_masked)

    def _next(self, turn: Turn) -> Step:
        """The first question still open, or the summary to confirm."""
        profile = _profile(turn)
        if turn.data.pop("review", False):
            return Step(self.ask(EnrolState.confirm, turn), EnrolState.confirm)
        missing = [
            (
                EnrolState.consent,
                not turn.data.get("consented")
                and not users.has_consent(turn.session, openid=turn.openid, purpose=service.CONSENT_PURPOSE),
            ),
            (EnrolState.name, "name" not in profile),
            (EnrolState.phone, "phone" not in profile),
            (EnrolState.id_number, "id_sealed" not in profile),
            (EnrolState.place, "county" not in profile),
            (EnrolState.priority, not profile.get("priority_asked")),
        ]
        state = next((s for s, needed in missing if needed), EnrolState.confirm)
        if state is EnrolState.consent:
            turn.data["consented"] = False
        return Step(self.ask(state, turn), state)

    def _submit(self, turn: Turn) -> Step:
        profile = {k: v for k, v in _profile(turn).items() if k != "priority_asked"}
        outcome = service.submit_enrolment(
            turn.session, openid=turn.openid, course_code=str(turn.data["course"]), profile=profile
        )
        course = outcome.course
        if outcome.status == "closed" or course is None:
            return Step(t("training_enrol_closed", title=course.title if course else turn.data["course"]))
        if outcome.status == "duplicate_id":
            return Step(t("training_duplicate_id"))
        if outcome.status == "already" and outcome.enrolment is not None:
            return Step(
                t("training_enrol_already", title=course.title, status=self._status(turn, outcome.enrolment))
            )
        if outcome.status == "waitlisted":
            return Step(t("training_waitlisted", title=course.title, position=outcome.position))
        return Step(
            t(
                "training_enrolled",
                title=course.title,
                start=service.fmt_date(course.start_date),
                end=service.fmt_date(course.end_date),
                hours=course.hours,
                venue=course.venue,
                bring=course.bring or t("training_bring_default"),
            )
        )

    @staticmethod
    def _status(turn: Turn, enrolment: Any) -> str:
        if enrolment.status == "waitlisted":
            return t(
                "training_status_waitlisted",
                position=store.waitlist_position(turn.session, enrolment=enrolment),
            )
        return t(f"training_status_{enrolment.status}")

    @staticmethod
    def _secret(turn: Turn) -> str:
        return turn.app.settings.id_encryption_key.get_secret_value()
