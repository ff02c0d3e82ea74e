"""training: workers, brands, courses, enrolments and their events (issue 4)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:21:36.226478
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("target_trained", sa.Integer(), nullable=False),
        sa.Column("target_placed", sa.Integer(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("brand", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_brand_code"), ["code"], unique=True)

    op.create_table(
        "worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("id_sealed", sa.Text(), nullable=True),
        sa.Column("id_index", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id_masked", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("county", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("priority_group", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_id_index"), ["id_index"], unique=False)
        batch_op.create_index(batch_op.f("ix_worker_openid"), ["openid"], unique=True)

    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("occupation", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("occupation_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("employer_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("county", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("venue", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("cost_note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("subsidy_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("certificate_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("certificate_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("enrol_deadline", sa.Date(), nullable=False),
        sa.Column("eligibility", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("keywords", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("bring", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_course_occupation_code"), ["occupation_code"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("queued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("attended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("completed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("certified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("certificate_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("cancelled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("worker_id", "course_id", name="uq_enrolment_worker_course"),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index("ix_enrolment_course_status", ["course_id", "status"], unique=False)

    op.create_table(
        "enrolment_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["enrolment_id"], ["enrolment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("enrolment_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_event_enrolment_id"), ["enrolment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enrolment_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_event_enrolment_id"))

    op.drop_table("enrolment_event")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index("ix_enrolment_course_status")

    op.drop_table("enrolment")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_occupation_code"))
        batch_op.drop_index(batch_op.f("ix_course_code"))
        batch_op.drop_index(batch_op.f("ix_course_brand_id"))

    op.drop_table("course")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_openid"))
        batch_op.drop_index(batch_op.f("ix_worker_id_index"))

    op.drop_table("worker")
    with op.batch_alter_table("brand", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_brand_code"))

    op.drop_table("brand")
