"""Audit chains: one hash chain per project plus one global chain, instead of a single chain.

Adds `audit_logs.chain` (every existing row joins the `global` chain, where its sequence and
hashes stay valid: the chain name is not hashed) and replaces the unique `sequence` with a unique
`(chain, sequence)`. New rows of a project go to that project's chain.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the chain column and key sequences by chain."""
    with op.batch_alter_table("audit_logs") as batch:
        batch.add_column(sa.Column("chain", sa.String(64), nullable=False, server_default="global"))
        batch.drop_constraint("uq_audit_logs_sequence", type_="unique")
        batch.create_unique_constraint("uq_audit_logs_chain_sequence", ["chain", "sequence"])


def downgrade() -> None:
    """Go back to one chain; refused when rows of several chains would collide on sequence."""
    with op.batch_alter_table("audit_logs") as batch:
        batch.drop_constraint("uq_audit_logs_chain_sequence", type_="unique")
        batch.create_unique_constraint("uq_audit_logs_sequence", ["sequence"])
        batch.drop_column("chain")
