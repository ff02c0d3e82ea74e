"""企业登记: company, credit code, contact, place → pending approval; plus colleague invite codes.

```mermaid
stateDiagram-v2
    [*] --> consent: 我要招人 / 菜单 企业招聘 / qrscene_employer
    consent --> company: 同意
    company --> credit_code
    credit_code --> credit_code: checksum fails
    credit_code --> contact_name
    contact_name --> contact_phone
    contact_phone --> place
    place --> [*]: registered (pending)
```
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from stdnum.cn import uscc

from bot.flows.base import Flow, Step, Turn
from bot.flows.yesno import agrees, declines
from bot.store import employers, users
from content.messages import t
from intents import gazetteer
from intents.vacancy import parse_vacancy

NOTICE_VERSION = "emp-v1"
CONSENT_PURPOSE = "employer_registration"
_NAME = re.compile(r"^[\u4e00-\u9fa5·A-Za-z ]{2,20}$")


class EmployerState(StrEnum):
    consent = "employer:consent"
    company = "employer:company"
    credit_code = "employer:credit_code"
    contact_name = "employer:contact_name"
    contact_phone = "employer:contact_phone"
    place = "employer:place"


_QUESTIONS = {
    EmployerState.consent: "emp_consent_again",
    EmployerState.company: "emp_ask_company",
    EmployerState.credit_code: "emp_ask_credit_code",
    EmployerState.contact_name: "emp_ask_contact_name",
    EmployerState.contact_phone: "emp_ask_contact_phone",
    EmployerState.place: "emp_ask_place",
}


def status_text(status: str) -> str:
    return t(f"emp_status_{status}") if status in ("pending", "approved", "rejected") else status


class EmployerOnboardFlow(Flow):
    name = "employer"
    title = "企业登记"

    def begin(self, turn: Turn, **params: Any) -> Step:
        """Joins with a code, makes an invite code, shows the company, or starts registration."""
        action = params.get("action")
        if action == "join_employer":
            return self._join(turn)
        if action == "invite_colleague":
            return self._invite(turn)
        employer = employers.employer_of(turn.session, openid=turn.openid)
        if employer is not None:
            return Step(t("emp_home", company=employer.name, status=status_text(employer.status)))
        if params.get("pending_text"):
            turn.data["pending_text"] = params["pending_text"]
        return Step(t("emp_consent_notice"), EmployerState.consent)

    def ask(self, state: str, turn: Turn) -> str:
        return t(_QUESTIONS[EmployerState(state)])

    def handle(self, state: str, turn: Turn) -> Step:
        text = turn.text.strip()
        match EmployerState(state):
            case EmployerState.consent:
                return self._consent(turn, text)
            case EmployerState.company:
                if not 4 <= len(text) <= 60 or text.isdigit():
                    return Step.again(t("emp_company_bad"), state)
                turn.data["company"] = text
                return Step(t("emp_ask_credit_code"), EmployerState.credit_code)
            case EmployerState.credit_code:
                return self._credit_code(turn, text)
            case EmployerState.contact_name:
                if not _NAME.match(text):
                    return Step.again(t("emp_contact_name_bad"), state)
                turn.data["contact_name"] = text
                return Step(t("emp_ask_contact_phone"), EmployerState.contact_phone)
            case EmployerState.contact_phone:
                phone = parse_vacancy("电话" + text).phone
                if phone is None:
                    return Step.again(t("emp_contact_phone_bad"), state)
                turn.data["contact_phone"] = phone
                return Step(t("emp_ask_place"), EmployerState.place)
            case EmployerState.place:
                return self._place(turn, text)

    def _consent(self, turn: Turn, text: str) -> Step:
        if declines(text):
            return Step(t("emp_consent_declined"))
        if not agrees(text):
            if turn.wants_another_action(text):
                return Step.elsewhere()  # "找工作" or "加入企业 123456": not an answer to this question
            return Step.again("", EmployerState.consent)
        users.grant_consent(
            turn.session, openid=turn.openid, purpose=CONSENT_PURPOSE, notice_version=NOTICE_VERSION
        )
        return Step(t("emp_ask_company"), EmployerState.company)

    def _credit_code(self, turn: Turn, text: str) -> Step:
        code = re.sub(r"[\s\-]", "", text).upper()
        if not uscc.is_valid(code):
            return Step.again(t("emp_credit_code_bad"), EmployerState.credit_code)
        code = uscc.compact(code)
        existing = employers.by_credit_code(turn.session, credit_code=code)
        if existing is not None:
            return Step(t("emp_credit_code_taken", company=existing.name))
        turn.data["credit_code"] = code
        return Step(t("emp_ask_contact_name"), EmployerState.contact_name)

    def _place(self, turn: Turn, text: str) -> Step:
        places = gazetteer.find_places(text)
        place = places[0] if places else gazetteer.resolve(text)
        if place is None:
            return Step.again(t("emp_place_bad"), EmployerState.place)
        if place.county is None:
            return Step.again(t("emp_place_need_county", city=place.city), EmployerState.place)
        data = turn.data
        if employers.by_credit_code(turn.session, credit_code=data["credit_code"]) is not None:
            return Step(t("emp_credit_code_taken", company=data["company"]))
        employer = employers.register(
            turn.session,
            openid=turn.openid,
            name=data["company"],
            credit_code=data["credit_code"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            city=place.city,
            county=place.county,
        )
        turn.user.role = "employer"
        turn.session.add(turn.user)
        done = t("emp_registered", company=employer.name)
        pending = data.get("pending_text")
        if pending:
            from bot.flows.post_vacancy import start_draft

            step = start_draft(turn, pending)
            return Step(f"{done}\n\n{step.text}", step.state)
        return Step(done)

    def _join(self, turn: Turn) -> Step:
        digits = re.sub(r"\D", "", turn.text)
        if not digits:
            return Step(t("emp_join_how"))
        if len(digits) != 6:
            return Step(t("emp_join_invalid"))
        code = digits
        try:
            employer = employers.redeem_invite(turn.session, code=code, openid=turn.openid)
        except employers.InviteError as exc:
            return Step(t("emp_join_already" if str(exc) == "already_member" else "emp_join_invalid"))
        turn.user.role = "employer"
        turn.session.add(turn.user)
        return Step(t("emp_join_ok", company=employer.name))

    def _invite(self, turn: Turn) -> Step:
        employer = employers.employer_of(turn.session, openid=turn.openid)
        if employer is None or employer.id is None:
            return Step(t("emp_not_employer"))
        if employer.status != "approved":
            return Step(t("emp_invite_pending"))
        invite = employers.create_invite(turn.session, employer_id=employer.id, created_by=turn.openid)
        return Step(t("emp_invite_code", code=invite.code))
