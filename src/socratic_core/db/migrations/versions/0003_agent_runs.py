"""Agent runs: one record per run of the agent runner, whatever its outcome.

Frozen like every migration: it does not import the models. Constraint and index names follow
`socratic_core.models.base.NAMING_CONVENTION`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _ref(name: str, target: str, ondelete: str, *, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(
        name, sa.String(36), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    """Create the `agent_runs` table."""
    status = sa.Enum(
        "accepted",
        "warned",
        "rejected",
        "failed",
        "timed_out",
        native_enum=False,
        create_constraint=False,
        length=32,
    )
    op.create_table(
        "agent_runs",
        sa.Column("id", sa.String(36), primary_key=True),
        _ref("project_id", "projects.id", "CASCADE", nullable=False),
        _ref("user_id", "users.id", "SET NULL"),
        _ref("session_id", "sessions.id", "SET NULL"),
        _ref("codebase_id", "generated_codebases.id", "SET NULL"),
        _ref("specification_id", "technical_specifications.id", "SET NULL"),
        sa.Column("agent", sa.String(100), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("status", status, nullable=False),
        sa.Column("verdict", sa.String(16)),
        sa.Column("best_attempt", sa.Boolean(), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("attempts", _json(), nullable=False),
        sa.Column("instruction_revisions", _json(), nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("message_ids", _json(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("project_id", "user_id"):
        op.create_index(op.f(f"ix_agent_runs_{column}"), "agent_runs", [column])


def downgrade() -> None:
    """Drop the `agent_runs` table."""
    op.drop_table("agent_runs")
