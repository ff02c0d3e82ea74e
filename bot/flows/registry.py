"""Which flow handles which action, and which action a menu click means.

A capability plugs in here: write ``bot/flows/<name>.py`` with a ``Flow`` subclass, add it to
``FLOWS`` and map its action names in ``ACTIONS``; menu ``CLICK`` keys come from
``content/data/menu.yaml``. Nothing in the gateway changes.
"""

from __future__ import annotations

from bot.flows.base import Flow
from bot.flows.courses import CoursesFlow
from bot.flows.employer_candidates import EmployerCandidatesFlow
from bot.flows.employer_onboard import EmployerOnboardFlow
from bot.flows.enrol import EnrolFlow
from bot.flows.faq import FaqFlow
from bot.flows.find_job import FindJobFlow
from bot.flows.my_training import MyTrainingFlow
from bot.flows.post_vacancy import PostVacancyFlow

FLOWS: dict[str, Flow] = {flow.name: flow for flow in (
    FaqFlow(), EmployerOnboardFlow(), PostVacancyFlow(), FindJobFlow(), EmployerCandidatesFlow(),
    CoursesFlow(), EnrolFlow(), MyTrainingFlow(),  # training (issue 4)
)}

# action intent → flow name. Actions with no flow yet get an honest "coming soon" reply.
ACTIONS: dict[str, str] = {
    # employment (issue 5); the short commands come from bot.services.employment_commands
    "employer": "employer", "join_employer": "employer", "invite_colleague": "employer",
    "post_vacancy": "vacancy", "vacancy_filled": "vacancy", "vacancy_edit": "vacancy",
    "vacancy_renew": "vacancy", "my_vacancies": "vacancy",
    "find_job": "job", "job_interest": "job", "stop_recommend": "job",
    "candidates": "candidates",
    # training (issue 4)
    "courses": "courses", "brands": "courses", "enrol": "enrol", "my_status": "mine", "delete_data": "mine",
}


def flow_for_state(state: str) -> Flow | None:
    return FLOWS.get(state.split(":", 1)[0])


def flow_for_action(action: str) -> Flow | None:
    name = ACTIONS.get(action)
    return FLOWS.get(name) if name else None
