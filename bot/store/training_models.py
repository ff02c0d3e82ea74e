"""Tables of training (issue 4): workers, labour brands, courses, enrolments and their events.

A worker's row holds personal data only after they confirmed an enrolment; the ID number is sealed
(``bot.sealed``) with a blind index for look-ups and a masked copy for display. An enrolment's
``status`` says whether it holds a seat; attendance, completion and certificate are timestamps set
by staff, each also recorded as an ``EnrolmentEvent``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import now

BRAND_TYPES = ("技能型", "服务型", "文化和旅游", "民生保障型")
COURSE_KINDS = ("菜单式", "定岗定向")
CERTIFICATE_TYPES = ("职业技能等级证书", "专项职业能力证书", "职业资格证书")
# enrolled and waitlisted are active; only enrolled holds a seat.
ENROLMENT_STATUSES = ("enrolled", "waitlisted", "cancelled")
ACTIVE_STATUSES = ("enrolled", "waitlisted")


class Worker(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=40)
    phone: str = Field(max_length=20)
    id_sealed: str | None = Field(default=None, sa_column=Column(Text))
    id_index: str | None = Field(default=None, max_length=64, index=True)
    id_masked: str | None = Field(default=None, max_length=32)
    city: str | None = Field(default=None, max_length=32)
    county: str | None = Field(default=None, max_length=32)
    priority_group: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


class Brand(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=64)
    type: str = Field(max_length=16)  # one of BRAND_TYPES
    unit: str = Field(max_length=128)  # the construction unit (建设单位)
    city: str = Field(max_length=32)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    target_trained: int = 0  # per year
    target_placed: int = 0  # per year
    demo: bool = False
    updated_at: datetime = Field(default_factory=now)


class Course(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    title: str = Field(max_length=128)
    brand_id: int = Field(sa_column=Column(Integer, ForeignKey("brand.id"), nullable=False, index=True))
    occupation: str = Field(max_length=64)
    occupation_code: str | None = Field(default=None, max_length=16, index=True)
    kind: str = Field(max_length=16)  # one of COURSE_KINDS
    employer_name: str | None = Field(default=None, max_length=128)  # for 定岗定向
    city: str = Field(max_length=32)
    county: str | None = Field(default=None, max_length=32)
    venue: str = Field(max_length=200)
    start_date: date
    end_date: date
    hours: int
    capacity: int
    cost_note: str = Field(default="", max_length=200)
    subsidy_note: str = Field(default="", max_length=300)
    certificate_type: str | None = Field(default=None, max_length=32)  # one of CERTIFICATE_TYPES
    certificate_name: str | None = Field(default=None, max_length=128)
    enrol_deadline: date
    eligibility: str = Field(default="", max_length=300)
    keywords: str = Field(default="", max_length=300)  # extra words users say, "|"-separated
    bring: str = Field(default="", max_length=300)  # what to bring on the first day
    demo: bool = False
    updated_at: datetime = Field(default_factory=now)


class Enrolment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("worker_id", "course_id", name="uq_enrolment_worker_course"),
        Index("ix_enrolment_course_status", "course_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    # NULL once the worker erased their data: the row stays as an anonymous count.
    worker_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("worker.id", ondelete="SET NULL"), nullable=True)
    )
    course_id: int = Field(sa_column=Column(Integer, ForeignKey("course.id"), nullable=False))
    status: str = Field(max_length=16)  # one of ENROLMENT_STATUSES
    queued_at: datetime = Field(default_factory=now)  # waitlist order; reset on re-enrolment
    attended_at: datetime | None = None
    completed_at: datetime | None = None
    certified_at: datetime | None = None
    certificate_no: str | None = Field(default=None, max_length=64)
    cancelled_at: datetime | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


class EnrolmentEvent(SQLModel, table=True):
    """What happened to an enrolment, when, and who did it (``worker``, ``staff:<name>``, ``system``)."""

    __tablename__ = "enrolment_event"
    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("enrolment.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=80)
    at: datetime = Field(default_factory=now)
    note: str | None = Field(default=None, sa_column=Column(Text))
