"""找工作: ask only what is missing → top 5 with reasons → 感兴趣 N → consent per employer → employer told.

```mermaid
stateDiagram-v2
    [*] --> occupation: 找工作 (no job known)
    [*] --> area: job known, no place
    [*] --> pay: job and place known
    occupation --> area
    area --> pay
    pay --> [*]: top 5 shown
    [*] --> consent: 感兴趣 2
    consent --> name: 同意, name unknown
    consent --> phone: 同意, phone unknown
    name --> phone
    consent --> [*]: 同意 (employer told) / 不同意
    phone --> [*]: employer told
```
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from bot.flows.base import Flow, Step, Turn
from bot.flows.yesno import agrees, declines
from bot.services import matching_service, vacancy_draft
from bot.services.employment_commands import number_in
from bot.services.employment_notices import result_items, share_contact
from bot.store import job_seekers, training, users, vacancies
from bot.store.employer_models import Employer, JobPreference
from bot.store.training_models import Worker
from content.messages import t
from intents import gazetteer
from intents.occupations import normalise_occupation
from intents.vacancy import parse_vacancy
from matching import monthly_equivalent

NOTICE_VERSION = "job-v1"
RESULTS = 5
_ANY_PAY = re.compile(r"不限|都行|无所谓|随便|没要求|多少都行|面议")
_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,10}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class JobState(StrEnum):
    occupation = "job:occupation"
    area = "job:area"
    pay = "job:pay"
    consent = "job:consent"
    name = "job:name"
    phone = "job:phone"


_QUESTIONS = {
    JobState.occupation: "job_ask_occupation",
    JobState.area: "job_ask_area",
    JobState.pay: "job_ask_pay",
    JobState.consent: "job_consent_again",
    JobState.name: "job_ask_name",
    JobState.phone: "job_ask_phone",
}


def _take_what_was_said(pref: JobPreference, text: str) -> None:
    """ "想在黄岛找个电焊工的活，6000以上": job, place and pay need not be asked again."""
    if not text:
        return
    parsed = parse_vacancy(text)
    if parsed.occupation_code and parsed.occupation:
        pref.occupation, pref.occupation_code = parsed.occupation, parsed.occupation_code
    if parsed.city:
        pref.city, pref.county = parsed.city, parsed.county
    if parsed.salary_min is not None:
        pref.min_monthly_pay = round(monthly_equivalent(parsed.salary_min, parsed.salary_period))
        pref.pay_asked = True


def _worker(turn: Turn) -> Worker | None:
    return training.get_worker(turn.session, openid=turn.openid)


class FindJobFlow(Flow):
    name = "job"
    title = "找工作"

    def begin(self, turn: Turn, **params: Any) -> Step:
        action = params.get("action")
        if action == "stop_recommend":
            pref = job_seekers.preference_or_new(turn.session, openid=turn.openid)
            pref.opted_out = True
            job_seekers.save_preference(turn.session, pref=pref)
            return Step(t("job_stopped"))
        if action == "job_interest":
            return self._interest(turn)
        pref = job_seekers.preference_or_new(turn.session, openid=turn.openid)
        prefix = ""
        if pref.opted_out:
            pref.opted_out = False
            prefix = t("job_resumed") + "\n"
        if not users.has_consent(turn.session, openid=turn.openid, purpose=job_seekers.MATCHING_PURPOSE):
            users.grant_consent(
                turn.session,
                openid=turn.openid,
                purpose=job_seekers.MATCHING_PURPOSE,
                notice_version=NOTICE_VERSION,
            )
            prefix += t("job_notice") + "\n"
        _take_what_was_said(pref, turn.text)
        job_seekers.save_preference(turn.session, pref=pref)
        step = self._next(turn, pref)
        return Step(prefix + step.text, step.state)

    def ask(self, state: str, turn: Turn) -> str:
        return t(_QUESTIONS[JobState(state)])

    def handle(self, state: str, turn: Turn) -> Step:
        text = turn.text.strip()
        match JobState(state):
            case JobState.consent:
                return self._consent(turn, text)
            case JobState.name:
                if not _NAME.match(text):
                    return Step.again(t("job_name_bad"), state)
                turn.data["name"] = text
                return self._share_or_ask(turn)
            case JobState.phone:
                digits = re.sub(r"\D", "", text)
                if not _MOBILE.match(digits):
                    return Step.again(t("job_phone_bad"), state)
                turn.data["phone"] = digits
                return self._share_or_ask(turn)
        pref = job_seekers.preference_or_new(turn.session, openid=turn.openid)
        if state == JobState.occupation:
            occupation = normalise_occupation(text)
            if occupation is None:
                return Step.again(t("job_occupation_bad"), state)
            pref.occupation, pref.occupation_code = occupation.name, occupation.code
        elif state == JobState.area:
            places = gazetteer.find_places(text)
            place = places[0] if places else gazetteer.resolve(text)
            if place is None:
                return Step.again(t("job_area_bad"), state)
            pref.city, pref.county = place.city, place.county
        elif state == JobState.pay:
            if _ANY_PAY.search(text):
                pref.min_monthly_pay = None
            else:
                parsed = parse_vacancy(
                    text if re.search(r"薪|工资|元|块|千|万|k", text, re.I) else f"月薪{text}"
                )
                if parsed.salary_min is None:
                    return Step.again(t("job_pay_bad"), state)
                pref.min_monthly_pay = round(monthly_equivalent(parsed.salary_min, parsed.salary_period))
            pref.pay_asked = True
        job_seekers.save_preference(turn.session, pref=pref)
        return self._next(turn, pref)

    # -- asking what is missing, then the list ----------------------------------------------

    def _next(self, turn: Turn, pref: JobPreference) -> Step:
        worker = _worker(turn)
        has_job = bool(
            pref.occupation_code or matching_service.trained_codes(turn.session, openid=turn.openid)
        )
        if not has_job:
            return Step(t("job_ask_occupation"), JobState.occupation)
        has_place = bool(pref.city or turn.user.latitude is not None or (worker and worker.city))
        if not has_place:
            return Step(t("job_ask_area"), JobState.area)
        if not pref.pay_asked:
            return Step(t("job_ask_pay"), JobState.pay)
        suggestions = matching_service.suggestions_for(turn.session, openid=turn.openid, k=RESULTS)
        pref.last_shown = [s.vacancy.id for s in suggestions if s.vacancy.id is not None]
        job_seekers.save_preference(turn.session, pref=pref)
        if not suggestions:
            return Step(t("job_none"))
        return Step(t("job_results", items=result_items(suggestions)))

    # -- 感兴趣 N → consent → the employer is told -------------------------------------------

    def _interest(self, turn: Turn) -> Step:
        pref = job_seekers.preference(turn.session, openid=turn.openid)
        number = number_in(turn.text)
        shown = pref.last_shown if pref else []
        if number is None or not 1 <= number <= len(shown):
            return Step(t("job_interest_unknown"))
        vacancy = vacancies.get(turn.session, vacancy_id=shown[number - 1])
        if vacancy is None or not vacancies.is_visible(turn.session, vacancy=vacancy):
            return Step(t("job_interest_gone"))
        employer = turn.session.get(Employer, vacancy.employer_id)
        assert employer is not None and vacancy.id is not None
        item = job_seekers.record_interest(
            turn.session, openid=turn.openid, vacancy_id=vacancy.id, employer_id=vacancy.employer_id
        )
        if item.status == "shared":
            return Step(t("job_already_shared", company=employer.name, phone=vacancy.phone or ""))
        turn.data.update(vacancy_id=vacancy.id)
        purpose = job_seekers.share_purpose(vacancy.employer_id)
        if users.has_consent(turn.session, openid=turn.openid, purpose=purpose):
            return self._share_or_ask(turn)  # consent for this employer was given before
        return Step(
            t(
                "job_consent_ask",
                summary=vacancy_draft.summary(vacancy_draft.from_row(vacancy)),
                company=employer.name,
            ),
            JobState.consent,
        )

    def _consent(self, turn: Turn, text: str) -> Step:
        vacancy = vacancies.get(turn.session, vacancy_id=int(turn.data.get("vacancy_id", 0)))
        if vacancy is None:
            return Step(t("job_interest_gone"))
        if declines(text):
            item = job_seekers.interest(turn.session, openid=turn.openid, vacancy_id=vacancy.id or 0)
            if item is not None:
                job_seekers.set_interest_status(turn.session, item=item, status="declined")
            return Step(t("job_consent_declined", phone=vacancy.phone or ""))
        if not agrees(text):
            if turn.wants_another_action(text):
                return Step.elsewhere()
            return Step.again("", JobState.consent)
        users.grant_consent(
            turn.session,
            openid=turn.openid,
            purpose=job_seekers.share_purpose(vacancy.employer_id),
            notice_version=NOTICE_VERSION,
        )
        return self._share_or_ask(turn)

    def _share_or_ask(self, turn: Turn) -> Step:
        """Share once name and phone are known; ask for whichever is missing first."""
        vacancy = vacancies.get(turn.session, vacancy_id=int(turn.data.get("vacancy_id", 0)))
        if vacancy is None or vacancy.id is None or not vacancies.is_visible(turn.session, vacancy=vacancy):
            return Step(t("job_interest_gone"))
        worker = _worker(turn)
        pref = job_seekers.preference_or_new(turn.session, openid=turn.openid)
        name = (worker.name if worker else None) or pref.name or turn.data.get("name")
        phone = (worker.phone if worker else None) or pref.phone or turn.data.get("phone")
        if not name:
            return Step(t("job_ask_name"), JobState.name)
        if not phone:
            return Step(t("job_ask_phone"), JobState.phone)
        if worker is None and (pref.name != name or pref.phone != phone):
            pref.name, pref.phone = name, phone
            job_seekers.save_preference(turn.session, pref=pref)
        item = job_seekers.record_interest(
            turn.session, openid=turn.openid, vacancy_id=vacancy.id, employer_id=vacancy.employer_id
        )
        reasons = matching_service.reasons_for_employer(turn.session, openid=turn.openid, vacancy=vacancy)
        share_contact(turn.session, item=item, vacancy=vacancy, name=name, phone=phone, reasons=reasons)
        employer = turn.session.get(Employer, vacancy.employer_id)
        return Step(t("job_shared", company=employer.name if employer else "企业", phone=vacancy.phone or ""))
