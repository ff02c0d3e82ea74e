"""employers, vacancies, matching: employer, members, invites, vacancy, job preferences, interests, pushes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:23:11.587065
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('employer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('credit_code', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('credit_code')
    )
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_status'), ['status'], unique=False)

    op.create_table('job_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('occupation_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('min_monthly_pay', sa.Integer(), nullable=True),
    sa.Column('pay_asked', sa.Boolean(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.Column('last_shown', sa.JSON(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('openid')
    )
    op.create_table('match_push',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('openid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('vacancy_ids', sa.JSON(), nullable=False),
    sa.Column('pushed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('match_push', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_push_openid'), ['openid'], unique=False)

    op.create_table('employer_invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('used_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('employer_invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_invite_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_invite_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('openid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('joined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('openid')
    )
    with op.batch_alter_table('employer_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_member_employer_id'), ['employer_id'], unique=False)

    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('posted_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('occupation_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('salary_min', sa.Integer(), nullable=True),
    sa.Column('salary_max', sa.Integer(), nullable=True),
    sa.Column('salary_period', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('salary_negotiable', sa.Boolean(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('benefits', sa.JSON(), nullable=False),
    sa.Column('requirements', sa.JSON(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('posted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reminded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_status'), ['status'], unique=False)

    op.create_table('job_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('shared_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], ),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('openid', 'vacancy_id')
    )
    with op.batch_alter_table('job_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_interest_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_interest_openid'), ['openid'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_interest_vacancy_id'), ['vacancy_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('job_interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_interest_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_job_interest_openid'))
        batch_op.drop_index(batch_op.f('ix_job_interest_employer_id'))

    op.drop_table('job_interest')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_status'))
        batch_op.drop_index(batch_op.f('ix_vacancy_employer_id'))

    op.drop_table('vacancy')
    with op.batch_alter_table('employer_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_member_employer_id'))

    op.drop_table('employer_member')
    with op.batch_alter_table('employer_invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_invite_employer_id'))
        batch_op.drop_index(batch_op.f('ix_employer_invite_code'))

    op.drop_table('employer_invite')
    with op.batch_alter_table('match_push', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_push_openid'))

    op.drop_table('match_push')
    op.drop_table('job_preference')
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_status'))

    op.drop_table('employer')
