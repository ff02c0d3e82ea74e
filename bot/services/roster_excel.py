"""A course's roster as Excel, and marks (到课, 结业, 取证) read back from the same sheet.

Personal data is masked unless staff give a reason, which is written to ``staff_audit``. Marks from
a sheet are all checked before any is applied; each applied mark becomes an enrolment event.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from bot import clock
from bot.privacy import mask_name, mask_phone
from bot.services.training import worker_id_number
from bot.store import training as store
from bot.store.models import StaffAudit
from bot.store.training_models import Course, Enrolment, Worker

log = logging.getLogger("laborbot.training.audit")
SHEET = "花名册"
HEADERS = [
    "报名编号",
    "序号",
    "姓名",
    "手机号",
    "身份证号",
    "地区",
    "重点群体",
    "状态",
    "报名时间",
    "到课",
    "结业",
    "取证",
    "证书编号",
]
STATUS_TEXT = {"enrolled": "已报名", "waitlisted": "候补", "cancelled": "已取消"}
YES = {"是", "√", "✓", "y", "yes", "1", "true"}
NO = {"否", "×", "n", "no", "0", "false"}
MARK_COLUMNS = {"到课": "attended", "结业": "completed", "取证": "certified"}


class RosterError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def audit(session: Session, *, actor: str, action: str, subject: str, reason: str) -> None:
    """Record who saw personal data in full and why: a ``staff_audit`` row and a log line (no data in it)."""
    session.add(StaffAudit(actor=actor, action=action, subject=subject, reason=reason, at=clock.now()))
    log.info(
        "staff saw personal data in full",
        extra={"actor": actor, "action": action, "subject": subject, "reason": reason[:200]},
    )


def _local(at: datetime | None) -> str:
    return (at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M") if at else ""


def export_roster(session: Session, *, course: Course, secret: str, full: bool) -> bytes:
    """The roster of one course; ``full`` shows names, phones and ID numbers in clear (audit first)."""
    assert course.id is not None
    workbook = Workbook()
    sheet: Worksheet = workbook.active
    sheet.title = SHEET
    sheet.append([f"{course.title}（{course.code}）{course.start_date}至{course.end_date}　{course.venue}"])
    sheet.append(HEADERS)
    for n, (enrolment, worker) in enumerate(store.roster(session, course_id=course.id), start=1):
        sheet.append(
            [
                enrolment.id,
                n,
                *_person(worker, secret=secret, full=full),
                STATUS_TEXT.get(enrolment.status, enrolment.status),
                _local(enrolment.created_at),
                "是" if enrolment.attended_at else "",
                "是" if enrolment.completed_at else "",
                "是" if enrolment.certified_at else "",
                enrolment.certificate_no or "",
            ]
        )
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _person(worker: Worker | None, *, secret: str, full: bool) -> list[str]:
    if worker is None:
        return ["（已删除）", "", "", "", ""]
    id_number = (worker_id_number(worker, secret=secret) or "") if full else (worker.id_masked or "")
    return [
        worker.name if full else mask_name(worker.name),
        worker.phone if full else mask_phone(worker.phone),
        id_number,
        f"{worker.city or ''}{worker.county or ''}",
        worker.priority_group or "",
    ]


@dataclass(frozen=True)
class MarkRow:
    row: int
    enrolment_id: int
    marks: dict[str, bool]
    certificate_no: str | None


def read_marks(session: Session, *, course: Course, data: bytes) -> list[MarkRow]:
    """Check every row of an uploaded roster; raise ``RosterError`` naming each bad one."""
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # not an .xlsx file
        raise RosterError([f"无法读取Excel文件（{type(exc).__name__}），请上传.xlsx格式"]) from None
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(
        (i for i, r in enumerate(rows[:5]) if r and "报名编号" in [str(c or "").strip() for c in r]), None
    )
    if header_at is None:
        raise RosterError(["没有找到“报名编号”这一列，请用导出的花名册填写"])
    header = [str(c or "").strip() for c in rows[header_at]]
    problems: list[str] = []
    result: list[MarkRow] = []
    for number, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = dict(zip(header, cells, strict=False))
        if not any(v not in (None, "") for v in values.values()):
            continue
        parsed = _mark_row(session, course, number, values, problems)
        if parsed is not None:
            result.append(parsed)
    if problems:
        raise RosterError(problems)
    return result


def _mark_row(
    session: Session, course: Course, number: int, values: dict[str, Any], problems: list[str]
) -> MarkRow | None:
    raw_id = values.get("报名编号")
    try:
        enrolment_id = int(str(raw_id).strip())
    except ValueError:
        problems.append(f"第{number}行：报名编号应为数字")
        return None
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.course_id != course.id:
        problems.append(f"第{number}行：报名编号{enrolment_id}不属于这门课程")
        return None
    marks: dict[str, bool] = {}
    for column, field in MARK_COLUMNS.items():
        text = str(values.get(column) or "").strip().lower()
        if text in YES:
            marks[field] = True
        elif text in NO:
            marks[field] = False
        elif text:
            problems.append(f"第{number}行：“{column}”请填“是”或“否”")
    if any(marks.values()) and enrolment.status != "enrolled":
        problems.append(
            f"第{number}行：报名编号{enrolment_id}不是已报名状态（{STATUS_TEXT[enrolment.status]}），不能登记"
        )
        return None
    certificate = values.get("证书编号")
    return MarkRow(
        number, enrolment_id, marks, str(certificate).strip() if certificate not in (None, "") else None
    )


def apply_marks(session: Session, *, rows: list[MarkRow], actor: str) -> int:
    """Record the marks; returns how many changes were made (each is an enrolment event)."""
    changes = 0
    for row in rows:
        enrolment = session.get(Enrolment, row.enrolment_id)
        assert enrolment is not None
        changes += len(
            store.mark(
                session,
                enrolment=enrolment,
                actor=actor,
                certificate_no=row.certificate_no,
                note=f"Excel第{row.row}行",
                **row.marks,
            )
        )
    return changes
