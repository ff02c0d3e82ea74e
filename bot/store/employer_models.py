"""Tables of issue 5: employers and their members, vacancies, job preferences, interests, pushes.

A worker in matching is identified by ``user.id`` (every person has a user row), so job seekers
who never enrolled and trained workers share one id space.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import now


class Employer(SQLModel, table=True):
    """A company registered by chat; only ``approved`` employers' vacancies reach workers."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    credit_code: str = Field(max_length=18, unique=True)  # 统一社会信用代码, validated with python-stdnum
    contact_name: str | None = Field(default=None, max_length=32)
    contact_phone: str | None = Field(default=None, max_length=20)
    city: str = Field(max_length=16)
    county: str | None = Field(default=None, max_length=16)
    status: str = Field(default="pending", max_length=16, index=True)  # pending | approved | rejected
    created_at: datetime = Field(default_factory=now)
    approved_at: datetime | None = None
    approved_by: str | None = Field(default=None, max_length=64)


class EmployerMember(SQLModel, table=True):
    """A WeChat user who acts for an employer (the one who registered, or a colleague who joined)."""

    __tablename__ = "employer_member"
    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    openid: str = Field(max_length=64, unique=True)  # one company per WeChat user
    role: str = Field(default="owner", max_length=16)  # owner | colleague
    joined_at: datetime = Field(default_factory=now)


class EmployerInvite(SQLModel, table=True):
    """A one-time 6-digit code a member gives a colleague; valid 24 hours, used once."""

    __tablename__ = "employer_invite"
    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    code: str = Field(max_length=6, index=True)
    created_by: str = Field(max_length=64)
    expires_at: datetime
    used_at: datetime | None = None
    used_by: str | None = Field(default=None, max_length=64)


class Vacancy(SQLModel, table=True):
    """A vacancy as confirmed by the employer; ``status`` open | filled | expired."""

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    posted_by: str | None = Field(default=None, max_length=64)
    occupation: str = Field(max_length=64)
    occupation_code: str = Field(max_length=16)
    headcount: int | None = None  # None: 若干
    city: str = Field(max_length=16)
    county: str | None = Field(default=None, max_length=16)
    salary_min: int | None = None
    salary_max: int | None = None
    salary_period: str | None = Field(default=None, max_length=8)
    salary_negotiable: bool = False
    phone: str | None = Field(default=None, max_length=20)
    benefits: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    requirements: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    raw_text: str | None = Field(default=None, sa_column=Column(Text))  # masked
    status: str = Field(default="open", max_length=16, index=True)
    posted_at: datetime = Field(default_factory=now)
    expires_at: datetime
    reminded_at: datetime | None = None
    closed_at: datetime | None = None
    updated_at: datetime = Field(default_factory=now)


class JobPreference(SQLModel, table=True):
    """What a job seeker told "找工作", plus the last list shown so "感兴趣 2" knows what 2 is."""

    __tablename__ = "job_preference"
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, unique=True)
    occupation: str | None = Field(default=None, max_length=64)
    occupation_code: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=16)
    county: str | None = Field(default=None, max_length=16)
    min_monthly_pay: int | None = None
    pay_asked: bool = False  # "不限" is an answer too: do not ask again
    name: str | None = Field(default=None, max_length=32)  # only when the training record has none
    phone: str | None = Field(default=None, max_length=20)
    opted_out: bool = False  # 不再推荐
    last_shown: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=now)


class JobInterest(SQLModel, table=True):
    """A worker said 感兴趣 to a vacancy; ``status`` asked | shared | declined."""

    __tablename__ = "job_interest"
    __table_args__ = (UniqueConstraint("openid", "vacancy_id"),)
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, index=True)
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    status: str = Field(default="asked", max_length=16)
    created_at: datetime = Field(default_factory=now)
    shared_at: datetime | None = None


class MatchPush(SQLModel, table=True):
    """Matches pushed after a recorded completion: one row per completion, so it happens once."""

    __tablename__ = "match_push"
    key: str = Field(primary_key=True, max_length=64)  # "enrolment:<id>"
    openid: str = Field(max_length=64, index=True)
    vacancy_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    pushed_at: datetime = Field(default_factory=now)
