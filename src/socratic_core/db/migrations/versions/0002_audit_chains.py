"""Audit chains: one hash chain per project plus one global chain, instead of a single chain.

Adds `audit_logs.chain` (every existing row joins the `global` chain, where its sequence and
hashes stay valid: the chain name is not hashed) and replaces the unique `sequence` with a unique
`(chain, sequence)`. New rows of a project go to that project's chain. On PostgreSQL it also
creates `socratic_lock_chain_tip(chain)`, which takes a chain's advisory lock and then reads its
tip in one round trip.

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


_LOCK_TIP_FUNCTION = """
CREATE OR REPLACE FUNCTION socratic_lock_chain_tip(
    chain_name text, OUT tip_sequence bigint, OUT tip_hash varchar
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5292711, hashtext(chain_name));
    SELECT a.sequence, a.hash INTO tip_sequence, tip_hash FROM audit_logs AS a
    WHERE a.chain = chain_name ORDER BY a.sequence DESC LIMIT 1;
END
$$
"""


def upgrade() -> None:
    """Add the chain column, key sequences by chain, and (PostgreSQL) the lock function."""
    with op.batch_alter_table("audit_logs") as batch:
        batch.add_column(sa.Column("chain", sa.String(64), nullable=False, server_default="global"))
        batch.drop_constraint("uq_audit_logs_sequence", type_="unique")
        batch.create_unique_constraint("uq_audit_logs_chain_sequence", ["chain", "sequence"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_LOCK_TIP_FUNCTION)


def downgrade() -> None:
    """Go back to one chain; refused when rows of several chains would collide on sequence."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS socratic_lock_chain_tip(text)")
    with op.batch_alter_table("audit_logs") as batch:
        batch.drop_constraint("uq_audit_logs_chain_sequence", type_="unique")
        batch.create_unique_constraint("uq_audit_logs_sequence", ["sequence"])
        batch.drop_column("chain")
