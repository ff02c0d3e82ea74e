"""发布招聘: a vacancy typed as free text → missing fields asked one by one → card → 1 to publish.

Also the commands on posted vacancies: 修改 (edit), 招满了 (close), 续期 (renew), 我的岗位 (list).

```mermaid
stateDiagram-v2
    [*] --> text: 我要招人 / 菜单 (no vacancy in the message)
    [*] --> missing: a vacancy message lacking a field
    [*] --> confirm: a complete vacancy message
    text --> missing
    text --> confirm
    missing --> missing: next missing field
    missing --> confirm
    confirm --> confirm: 修改 人数 5
    confirm --> [*]: 1 (published)
    [*] --> pick: 招满了 / 修改 / 续期 with several open vacancies
    pick --> [*]
```
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.flows.base import Flow, Step, Turn
from bot.services import vacancy_draft
from bot.services.employment_commands import number_in
from bot.services.employment_notices import local_date
from bot.services.vacancy_draft import Draft
from bot.store import employers, vacancies
from bot.store.employer_models import Employer, Vacancy
from content.messages import t

MANAGE_ACTIONS = ("vacancy_filled", "vacancy_edit", "vacancy_renew", "my_vacancies")
_ASK = {
    "occupation": "vac_ask_occupation",
    "headcount": "vac_ask_headcount",
    "city": "vac_ask_city",
    "salary": "vac_ask_salary",
    "phone": "vac_ask_phone",
}
_PUBLISH = ("1", "发布", "确认", "确认发布", "对", "没问题", "好", "好的", "可以")


class VacancyState(StrEnum):
    text = "vacancy:text"
    missing = "vacancy:missing"
    confirm = "vacancy:confirm"
    pick = "vacancy:pick"


def _employer(turn: Turn) -> Employer | None:
    return employers.employer_of(turn.session, openid=turn.openid)


def _has_content(draft: Draft) -> bool:
    return bool(draft.get("occupation_code") or draft.get("headcount") or draft.get("salary_min"))


def start_draft(turn: Turn, text: str) -> Step:
    """Parse a vacancy message and ask for the first missing field, or show the card."""
    draft = vacancy_draft.from_text(text)
    employer = _employer(turn)
    if not draft.get("phone") and employer is not None and employer.contact_phone:
        draft["phone"] = employer.contact_phone  # the registered contact is the natural default
    turn.data.update(draft=draft, raw=text[:1000])
    return _next(turn)


def _next(turn: Turn) -> Step:
    draft: Draft = turn.data["draft"]
    missing = vacancy_draft.missing(draft)
    if missing:
        turn.data["asking"] = missing[0]
        return Step(t(_ASK[missing[0]]), VacancyState.missing)
    return Step(t("vac_card", card=vacancy_draft.card_lines(draft)), VacancyState.confirm)


def _summary(row: Vacancy) -> str:
    return vacancy_draft.summary(vacancy_draft.from_row(row))


class PostVacancyFlow(Flow):
    name = "vacancy"
    title = "发布招聘"

    def begin(self, turn: Turn, **params: Any) -> Step:
        """Employers post or manage; anyone else is offered registration, keeping their vacancy text."""
        action = params.get("action") or "post_vacancy"
        employer = _employer(turn)
        if employer is None:
            from bot.flows.registry import FLOWS, flow_for_action

            own_profile = flow_for_action("my_status")
            if action == "vacancy_edit" and own_profile is not None:
                return own_profile.begin(turn, action="my_status")  # "修改 姓名…" from a worker
            if action in MANAGE_ACTIONS:
                return Step(t("emp_not_employer"))

            pending = turn.text if _has_content(vacancy_draft.from_text(turn.text)) else None
            return FLOWS["employer"].begin(turn, action="employer", pending_text=pending)
        if action in MANAGE_ACTIONS:
            return self._manage(turn, employer, action)
        if turn.text and _has_content(vacancy_draft.from_text(turn.text)):
            return start_draft(turn, turn.text)
        return Step(t("vac_ask_text"), VacancyState.text)

    def ask(self, state: str, turn: Turn) -> str:
        match VacancyState(state):
            case VacancyState.text:
                return t("vac_ask_text")
            case VacancyState.missing:
                return t(_ASK[turn.data.get("asking", "occupation")])
            case VacancyState.confirm:
                return t("vac_confirm_again")
            case VacancyState.pick:
                return t("vac_pick", items=turn.data.get("items", ""))

    def handle(self, state: str, turn: Turn) -> Step:
        text = turn.text.strip()
        match VacancyState(state):
            case VacancyState.text:
                if not _has_content(vacancy_draft.from_text(text)):
                    return self._not_understood(turn, text, t("vac_text_bad"), state)
                return start_draft(turn, text)
            case VacancyState.missing:
                draft = dict(turn.data["draft"])  # a copy: the router stores only a changed data dict
                if vacancy_draft.is_new_vacancy(draft, text):
                    return start_draft(turn, text)
                if not vacancy_draft.fill_from_answer(draft, turn.data.get("asking", "occupation"), text):
                    return self._not_understood(turn, text, t("vac_field_bad"), state)
                vacancy_draft.county_from_raw(draft, turn.data.get("raw", ""))
                turn.data["draft"] = draft
                return _next(turn)
            case VacancyState.confirm:
                return self._confirm(turn, text)
            case VacancyState.pick:
                return self._picked(turn, text)

    def _confirm(self, turn: Turn, text: str) -> Step:
        if text.rstrip("。.!！") in _PUBLISH:
            return self._publish(turn)
        edit = vacancy_draft.parse_edit(text)
        if edit is not None:
            draft = dict(turn.data["draft"])
            if not vacancy_draft.set_field(draft, *edit):
                return Step.again(t("vac_edit_bad"), VacancyState.confirm)
            turn.data["draft"] = draft
            return _next(turn)
        if (
            _has_content(vacancy_draft.from_text(text))
            and len(vacancy_draft.missing(vacancy_draft.from_text(text))) < 3
        ):
            return start_draft(turn, text)  # they sent the whole vacancy again, corrected
        return self._not_understood(turn, text, "", VacancyState.confirm)

    def _not_understood(self, turn: Turn, text: str, hint: str, state: str) -> Step:
        """ "看候选人" or "我的岗位" mid-draft is a new request; anything else is asked again."""
        if turn.wants_another_action(text):
            return Step.elsewhere()
        return Step.again(hint, state)

    def _publish(self, turn: Turn) -> Step:
        employer = _employer(turn)
        if employer is None or employer.id is None:
            return Step(t("emp_not_employer"))
        draft: Draft = turn.data["draft"]
        row = vacancies.post(
            turn.session,
            employer_id=employer.id,
            posted_by=turn.openid,
            fields=vacancy_draft.to_fields(draft),
            raw_text=turn.data.get("raw", ""),
        )
        key = "vac_posted" if employer.status == "approved" else "vac_posted_pending"
        return Step(t(key, summary=vacancy_draft.summary(draft), id=row.id))

    # -- commands on posted vacancies ----------------------------------------------------------

    def _manage(self, turn: Turn, employer: Employer, action: str) -> Step:
        assert employer.id is not None
        rows = vacancies.open_for_employer(turn.session, employer_id=employer.id)
        if not rows:
            return Step(t("vac_none_open"))
        items = "\n".join(f"{n}. {_summary(row)}" for n, row in enumerate(rows, 1))
        if action == "my_vacancies":
            return Step(t("vac_list", items=items))
        if action == "vacancy_edit":
            edit = vacancy_draft.parse_edit(turn.text)
            if edit is None:
                return Step(t("vac_edit_bad"))
            turn.data["edit"] = list(edit)
        number = number_in(turn.text) if action != "vacancy_edit" else None
        if number is not None and 1 <= number <= len(rows):
            return self._apply(turn, action, rows[number - 1])
        if len(rows) == 1:
            return self._apply(turn, action, rows[0])
        turn.data.update(pick_action=action, pick_ids=[row.id for row in rows], items=items)
        return Step(t("vac_pick", items=items), VacancyState.pick)

    def _picked(self, turn: Turn, text: str) -> Step:
        ids: list[int] = turn.data.get("pick_ids", [])
        number = int(text) if text.strip().isdigit() else None
        if number is None or not 1 <= number <= len(ids):
            return Step.again(t("vac_pick_bad", count=len(ids)), VacancyState.pick)
        employer = _employer(turn)
        row = vacancies.get_for_employer(
            turn.session,
            vacancy_id=ids[number - 1],
            employer_id=employer.id if employer and employer.id else -1,
        )
        if row is None or row.status != "open":
            return Step(t("vac_none_open"))
        return self._apply(turn, turn.data["pick_action"], row)

    def _apply(self, turn: Turn, action: str, row: Vacancy) -> Step:
        if action == "vacancy_filled":
            vacancies.close(turn.session, vacancy=row, status="filled")
            return Step(t("vac_filled", summary=_summary(row)))
        if action == "vacancy_renew":
            vacancies.renew(turn.session, vacancy=row)
            return Step(t("vac_renewed", summary=_summary(row), date=local_date(row.expires_at)))
        draft = vacancy_draft.from_row(row)
        field, value = turn.data.get("edit") or ("", "")
        if not vacancy_draft.set_field(draft, field, value):
            return Step(t("vac_edit_bad"))
        vacancies.update_fields(turn.session, vacancy=row, fields=vacancy_draft.to_fields(draft))
        return Step(t("vac_edited", summary=vacancy_draft.summary(draft)))
