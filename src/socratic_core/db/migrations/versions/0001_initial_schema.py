"""Initial schema: the ten tables of socratic_core's data layer.

Written from `alembic revision --autogenerate` and reviewed. Frozen: it does not import the
models, so later model changes cannot alter what it creates. Constraint and index names follow
`socratic_core.models.base.NAMING_CONVENTION`.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES: dict[str, tuple[str, ...]] = {
    "audit_logs": ("action", "agent_id", "created_at", "user_id"),
    "projects": ("owner_id",),
    "project_collaborators": ("user_id",),
    "sessions": ("created_by_id", "project_id"),
    "user_instructions": ("project_id", "user_id"),
    "generated_codebases": ("project_id", "specification_id"),
    "messages": ("user_id",),
}


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _enum(*values: str) -> sa.Enum:
    return sa.Enum(*values, native_enum=False, create_constraint=False, length=32)


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(36), primary_key=True)


def _ref(name: str, target: str, ondelete: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(
        name, sa.String(36), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def _timestamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _create_table(name: str, *items: Any) -> None:
    op.create_table(name, *items, *_timestamps())
    for column in _INDEXES.get(name, ()):
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def upgrade() -> None:
    """Create every table of the first schema."""
    _upgrade_users_and_audit()
    _upgrade_projects()
    _upgrade_instructions()
    _upgrade_sessions_and_codebases()


def _upgrade_users_and_audit() -> None:
    _create_table(
        "users",
        _id(),
        sa.Column("username", sa.String(50), nullable=False, unique=True),
        sa.Column("email", sa.String(255), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("first_name", sa.String(100)),
        sa.Column("last_name", sa.String(100)),
        sa.Column("status", _enum("active", "inactive", "suspended"), nullable=False),
        sa.Column("is_email_verified", sa.Boolean(), nullable=False),
        sa.Column("last_login", sa.DateTime(timezone=True)),
    )
    _create_table(
        "audit_logs",
        _id(),
        sa.Column("sequence", sa.BigInteger(), nullable=False, unique=True),
        _ref("user_id", "users.id", "SET NULL", nullable=True),
        sa.Column("agent_id", sa.String(100)),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("entity_type", sa.String(50)),
        sa.Column("entity_id", sa.String(64)),
        sa.Column("request", _json()),
        sa.Column("response", _json()),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("error_code", sa.String(64)),
        sa.Column("instruction_version", sa.String(255)),
        sa.Column("violations", _json(), nullable=False),
        sa.Column("previous_hash", sa.String(64)),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def _upgrade_projects() -> None:
    _create_table(
        "projects",
        _id(),
        _ref("owner_id", "users.id", "CASCADE"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column(
            "phase",
            _enum("planning", "design", "development", "testing", "deployment", "completed"),
            nullable=False,
        ),
        sa.Column("status", _enum("active", "archived", "deleted"), nullable=False),
        sa.Column("tech_stack", _json(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    _create_table(
        "project_collaborators",
        _id(),
        _ref("project_id", "projects.id", "CASCADE"),
        _ref("user_id", "users.id", "CASCADE"),
        sa.Column("role", _enum("owner", "editor", "viewer"), nullable=False),
        sa.UniqueConstraint("project_id", "user_id"),
    )
    _create_table(
        "sessions",
        _id(),
        _ref("project_id", "projects.id", "CASCADE"),
        _ref("created_by_id", "users.id", "SET NULL", nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("mode", _enum("socratic", "chat"), nullable=False),
        sa.Column("status", _enum("active", "completed", "archived"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    _create_table(
        "technical_specifications",
        _id(),
        _ref("project_id", "projects.id", "CASCADE"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("agent_id", sa.String(100)),
        sa.UniqueConstraint("project_id", "version"),
    )


def _upgrade_instructions() -> None:
    _create_table(
        "user_instructions",
        _id(),
        _ref("user_id", "users.id", "CASCADE"),
        _ref("project_id", "projects.id", "CASCADE", nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("rules_text", sa.Text(), nullable=False),
        sa.Column("parsed_rules", _json(), nullable=False),
        sa.Column("categories", _json(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    _create_table(
        "instruction_revisions",
        _id(),
        _ref("instruction_id", "user_instructions.id", "CASCADE"),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("rules_text", sa.Text(), nullable=False),
        sa.Column("parsed_rules", _json(), nullable=False),
        sa.Column("categories", _json(), nullable=False),
        sa.UniqueConstraint("instruction_id", "revision"),
    )


def _upgrade_sessions_and_codebases() -> None:
    _create_table(
        "messages",
        _id(),
        _ref("session_id", "sessions.id", "CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", _enum("user", "assistant", "system", "agent"), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("agent_id", sa.String(100)),
        _ref("user_id", "users.id", "SET NULL", nullable=True),
        sa.Column("metadata", _json(), nullable=False),
        sa.UniqueConstraint("session_id", "position"),
    )
    _create_table(
        "generated_codebases",
        _id(),
        _ref("project_id", "projects.id", "CASCADE"),
        _ref("specification_id", "technical_specifications.id", "SET NULL", nullable=True),
        sa.Column("agent_id", sa.String(100), nullable=False),
        sa.Column("status", _enum("pending", "generating", "completed", "failed"), nullable=False),
        sa.Column("language", sa.String(50)),
        sa.Column("summary", sa.Text()),
    )
    _create_table(
        "generated_files",
        _id(),
        _ref("codebase_id", "generated_codebases.id", "CASCADE"),
        sa.Column("path", sa.String(512), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("language", sa.String(50)),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("codebase_id", "path"),
    )


def downgrade() -> None:
    """Drop every table of the first schema (and everything in them)."""
    for name in (
        "generated_files",
        "generated_codebases",
        "messages",
        "instruction_revisions",
        "user_instructions",
        "technical_specifications",
        "sessions",
        "project_collaborators",
        "projects",
        "audit_logs",
        "users",
    ):
        op.drop_table(name)
