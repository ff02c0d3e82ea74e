"""看候选人: an employer picks one of its open vacancies and sees a masked shortlist with reasons.

Contact details appear only for workers who consented to share them with this employer.

```mermaid
stateDiagram-v2
    [*] --> [*]: one open vacancy (shortlist shown)
    [*] --> pick: several open vacancies
    pick --> [*]: shortlist shown
```
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.flows.base import Flow, Step, Turn
from bot.services import matching_service, vacancy_draft
from bot.services.employment_commands import number_in
from bot.store import employers, vacancies
from bot.store.employer_models import Vacancy
from content.messages import t

SHORTLIST = 5


class CandidatesState(StrEnum):
    pick = "candidates:pick"


def shortlist_text(turn: Turn, employer_id: int, row: Vacancy) -> str:
    assert row.id is not None
    found = matching_service.shortlist(turn.session, employer_id=employer_id, vacancy_id=row.id, k=SHORTLIST)
    lines = [t("cand_header", summary=vacancy_draft.summary(vacancy_draft.from_row(row)))]
    if not found:
        lines.append(t("cand_none"))
    for n, c in enumerate(found, 1):
        reasons = "｜".join(c.reasons[:3])
        if c.contact is not None:
            lines.append(
                t(
                    "cand_item_contact",
                    n=n,
                    label=c.label,
                    name=c.contact[0],
                    phone=c.contact[1],
                    reasons=reasons,
                )
            )
        else:
            lines.append(t("cand_item", n=n, label=c.label, reasons=reasons))
    lines.append(t("cand_footer"))
    return "\n".join(lines)


class EmployerCandidatesFlow(Flow):
    name = "candidates"
    title = "看候选人"

    def begin(self, turn: Turn, **params: Any) -> Step:
        employer = employers.employer_of(turn.session, openid=turn.openid)
        if employer is None or employer.id is None:
            return Step(t("emp_not_employer"))
        if employer.status != "approved":
            return Step(t("cand_pending"))
        rows = vacancies.open_for_employer(turn.session, employer_id=employer.id)
        if not rows:
            return Step(t("cand_no_vacancy"))
        number = number_in(turn.text)
        if number is not None and 1 <= number <= len(rows):
            return Step(shortlist_text(turn, employer.id, rows[number - 1]))
        if len(rows) == 1:
            return Step(shortlist_text(turn, employer.id, rows[0]))
        items = "\n".join(
            f"{n}. {vacancy_draft.summary(vacancy_draft.from_row(r))}" for n, r in enumerate(rows, 1)
        )
        turn.data.update(pick_ids=[r.id for r in rows], items=items)
        return Step(t("vac_pick", items=items), CandidatesState.pick)

    def ask(self, state: str, turn: Turn) -> str:
        return t("vac_pick", items=turn.data.get("items", ""))

    def handle(self, state: str, turn: Turn) -> Step:
        ids: list[int] = turn.data.get("pick_ids", [])
        text = turn.text.strip()
        number = int(text) if text.isdigit() else None
        if number is None or not 1 <= number <= len(ids):
            return Step.again(t("vac_pick_bad", count=len(ids)), state)
        employer = employers.employer_of(turn.session, openid=turn.openid)
        if employer is None or employer.id is None:
            return Step(t("emp_not_employer"))
        row = vacancies.get_for_employer(turn.session, vacancy_id=ids[number - 1], employer_id=employer.id)
        if row is None:
            return Step(t("cand_no_vacancy"))
        return Step(shortlist_text(turn, employer.id, row))
