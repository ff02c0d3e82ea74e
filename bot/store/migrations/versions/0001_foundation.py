"""foundation: users, state, dedup, outbox, tokens

Revision ID: 0001
Revises:
Create Date: 2026-11-26 09:10:50.067047
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_token",
        sa.Column("app_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=True),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("refreshing_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("app_id"),
    )
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("notice_version", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_openid"), ["openid"], unique=False)

    op.create_table(
        "conversation",
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("openid"),
    )
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("replayed", sa.Boolean(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dead_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dead_letter_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_dead_letter_openid"), ["openid"], unique=False)

    op.create_table(
        "handoff_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_request_openid"), ["openid"], unique=False)

    op.create_table(
        "inbound_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("msg_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_message_openid"), ["openid"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbound_message_received_at"), ["received_at"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_errcode", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("wechat_msg_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("delivery", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_openid"), ["openid"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_wechat_msg_id"), ["wechat_msg_id"], unique=False)

    op.create_table(
        "processed_message",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("deferred", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("processed_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processed_message_claimed_at"), ["claimed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_processed_message_openid"), ["openid"], unique=False)

    op.create_table(
        "send_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("msg_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("send_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_send_report_msg_id"), ["msg_id"], unique=False)

    op.create_table(
        "service_window",
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("message_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("message_spent", sa.Integer(), nullable=False),
        sa.Column("click_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("click_spent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("openid"),
    )
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("openid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=False),
        sa.Column("followed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("unfollowed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("qrscene", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("last_inbound_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("location_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_openid"), ["openid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_openid"))

    op.drop_table("user")
    op.drop_table("staff_audit")
    op.drop_table("service_window")
    with op.batch_alter_table("send_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_send_report_msg_id"))

    op.drop_table("send_report")
    with op.batch_alter_table("processed_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_message_openid"))
        batch_op.drop_index(batch_op.f("ix_processed_message_claimed_at"))

    op.drop_table("processed_message")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_wechat_msg_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_openid"))
        batch_op.drop_index("ix_outbox_due")

    op.drop_table("outbox")
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_message_received_at"))
        batch_op.drop_index(batch_op.f("ix_inbound_message_openid"))

    op.drop_table("inbound_message")
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_request_openid"))

    op.drop_table("handoff_request")
    with op.batch_alter_table("dead_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dead_letter_openid"))
        batch_op.drop_index(batch_op.f("ix_dead_letter_key"))

    op.drop_table("dead_letter")
    op.drop_table("conversation")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_openid"))

    op.drop_table("consent")
    op.drop_table("access_token")
