"""The audit trail: recording outside a service, querying, verifying the chains, anchoring them.

Rows form one hash chain per project plus a global one (see `socratic_core.models.audit`).
`verify()` walks every chain and reports which one breaks where. A chain alone cannot show that
rows were removed from its end, or that someone rewrote a row and recomputed every hash after it:
`anchor()` signs every chain's tip with the host's key, and `verify(anchors=...)` checks that each
anchored row is still there with the same hash.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from socratic_core.errors import ConfigurationError, InvalidInputError
from socratic_core.models import AuditLog, chain_for
from socratic_core.repositories import Between, Equals, Page
from socratic_core.repositories.filters import WhereFilter
from socratic_core.services._trail import HASHED_FIELDS, AuditEntry, append_entry, prepare_entry
from socratic_core.services.chain import (
    GENESIS_HASH,
    canonical_datetime,
    canonical_json,
    chain_hash,
)
from socratic_core.services.schemas import AuditAnchor, AuditEntryRead, ChainTip, ChainVerification
from socratic_core.services.validation import require_ids, require_int, require_str
from socratic_core.uow import UnitOfWork

__all__ = ["AuditService"]

_MAX_PAGE = 1000
_ORDER = ("created_at", "chain", "sequence")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AuditService:
    """Records, finds, verifies and anchors audit rows.

    Services audit their own writes; `record` and `append` are for other callers (the agent
    runner, a host's own actions).

    Args:
        uow_factory: Makes a new unit of work.
        clock: The current time, aware UTC.
        anchor_key: The secret that signs anchors (`SOCRATIC_AUDIT_ANCHOR_KEY`); without it,
            `anchor()` and `verify(anchors=...)` raise `ConfigurationError`.
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        clock: Callable[[], datetime] = _utcnow,
        anchor_key: str | bytes | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._anchor_key = anchor_key.encode() if isinstance(anchor_key, str) else anchor_key

    def record(self, entry: AuditEntry) -> AuditEntryRead:
        """Append `entry` to its chain in a transaction of its own.

        Args:
            entry: What to record; its fields are redacted and bounded before the chain's lock
                is taken. `entry.project_id` picks the chain.

        Returns:
            The stored row.
        """
        prepared = prepare_entry(entry)
        with self._uow_factory() as uow:
            row = append_entry(uow, prepared, clock=self._clock)
            uow.commit()
        return AuditEntryRead.model_validate(row)

    def append(self, uow: UnitOfWork, entry: AuditEntry) -> AuditLog:
        """Append `entry` in the caller's unit of work: it commits (or not) with the caller's work.

        The chain's lock is taken here unless the caller took `uow.audit.lock_chain(chain)`
        before; take it first thing in the unit of work when its other work must see the chain
        (or the project) as of the lock.

        Args:
            uow: The caller's active unit of work.
            entry: What to record.

        Returns:
            The added (not yet committed) row.
        """
        return append_entry(uow, entry, clock=self._clock)

    def entries(
        self,
        *,
        project_id: str | None = None,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        entity_type: str | None = None,
        entity_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[AuditEntryRead]:
        """Return one page of the rows matching every criterion, oldest first.

        Rows are ordered by time, then chain and sequence, so each chain's rows come in chain
        order.

        Args:
            project_id: Only the rows of this project's chain.
            user_id: Only this user's rows.
            agent_id: Only this agent's rows.
            action: Only this action (`"project.create"`).
            entity_type: Only rows about this kind of entity.
            entity_id: Only rows about this entity.
            since: Only rows created at or after this time.
            until: Only rows created before this time.
            limit: Rows per page, 1 to 1000.
            cursor: The `next_cursor` of the previous page.

        Raises:
            InvalidInputError: A bad criterion, limit or cursor.
        """
        require_int(limit, field="limit", minimum=1, maximum=_MAX_PAGE)
        fields = {
            "user_id": user_id,
            "agent_id": agent_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
        }
        require_ids(project_id=project_id, **fields)
        filters: list[WhereFilter] = [Equals(k, v) for k, v in fields.items() if v is not None]
        if project_id is not None:
            filters.append(Equals("chain", chain_for(project_id)))
        if since is not None or until is not None:
            filters.append(Between("created_at", since, until))
        with self._uow_factory() as uow:
            page = uow.audit.paginate_keyset(*filters, limit=limit, cursor=cursor, keys=_ORDER)
            items = [AuditEntryRead.model_validate(row) for row in page.items]
        return Page(items=items, limit=page.limit, next_cursor=page.next_cursor)

    def anchor(self) -> AuditAnchor:
        """Return every chain's tip, signed with the anchor key: keep it outside the database.

        Raises:
            ConfigurationError: No anchor key was configured.
        """
        key = self._key()
        with self._uow_factory() as uow:
            tips = {
                chain: ChainTip(sequence=sequence, hash=digest)
                for chain, (sequence, digest) in uow.audit.tips().items()
            }
        created_at = self._clock()
        return AuditAnchor(created_at=created_at, tips=tips, signature=_sign(key, created_at, tips))

    def verify(
        self, *, batch_size: int = 2000, anchors: AuditAnchor | Mapping[str, Any] | None = None
    ) -> ChainVerification:
        """Walk every chain in sequence order and report where each one breaks.

        A row breaks its chain when its sequence skips (a row was deleted), its `previous_hash`
        is not the hash of the row before (rows removed or reordered), or its own hash does not
        cover its content (the row was altered). With `anchors` (from `anchor()`, or its JSON),
        a chain that now ends before an anchored tip was truncated, and an anchored row whose
        hash changed means the chain was recomputed. Each batch is read in a short unit of work
        of its own, so verification never holds a long transaction.

        Args:
            batch_size: Rows read per query, at least 1.
            anchors: Signed tips to hold the chains to.

        Returns:
            `ok=True` and the numbers of rows and chains checked, or the first problem and
            every chain that has one.

        Raises:
            InvalidInputError: A batch size below 1, or anchors that are not an anchor.
            ConfigurationError: Anchors were given but no anchor key was configured.
        """
        require_int(batch_size, field="batch_size", minimum=1, maximum=10**9)
        tips = self._anchored_tips(anchors)
        with self._uow_factory() as uow:
            chains = sorted({*uow.audit.chains(), *tips})
        checked, problems = 0, []
        for chain in chains:
            count, problem = self._verify_chain(chain, batch_size, tips.get(chain))
            checked += count
            if problem is not None:
                problems.append((chain, *problem))
        if not problems:
            return ChainVerification(ok=True, checked=checked, chains=len(chains))
        chain, sequence, row_id, reason = problems[0]
        return ChainVerification(
            ok=False,
            checked=checked,
            chains=len(chains),
            chain=chain,
            broken_sequence=sequence,
            broken_id=row_id,
            reason=reason,
            broken_chains=[problem[0] for problem in problems],
        )

    def _verify_chain(
        self, chain: str, batch_size: int, anchored: ChainTip | None
    ) -> tuple[int, tuple[int, str | None, str] | None]:
        checked, previous, after = 0, GENESIS_HASH, 0
        while True:
            with self._uow_factory() as uow:
                # Check each row as it is decoded: the batch's rows never pile up in memory.
                for row in uow.audit.iter_chain_rows(
                    after_sequence=after, limit=batch_size, chain=chain
                ):
                    checked += 1
                    reason = _problem(row, checked, previous, anchored)
                    if reason is not None:
                        return checked, (row["sequence"], row["id"], reason)
                    previous = row["hash"]
            # Every row so far is intact, so the last one's sequence is `checked`.
            if checked - after < batch_size:  # a short batch: the end of the chain
                break
            after = checked
        if anchored is not None and checked < anchored.sequence:
            reason = (
                f"the chain ends at sequence {checked} but was anchored at "
                f"{anchored.sequence}: rows were removed from its end"
            )
            return checked, (checked + 1, None, reason)
        return checked, None

    def _anchored_tips(
        self, anchors: AuditAnchor | Mapping[str, Any] | None
    ) -> dict[str, ChainTip]:
        if anchors is None:
            return {}
        key = self._key()
        try:
            anchor = AuditAnchor.model_validate(anchors)
        except ValueError as exc:
            raise InvalidInputError("anchors are not an audit anchor", field="anchors") from exc
        for chain in anchor.tips:
            require_str(chain, field="anchors", max_length=64)
        expected = _sign(key, anchor.created_at, anchor.tips)
        # As bytes: compare_digest raises TypeError on a str that is not ASCII.
        if not hmac.compare_digest(expected.encode(), anchor.signature.encode()):
            raise InvalidInputError(
                "the anchors' signature does not match: they were altered or signed with "
                "another key",
                field="anchors",
                reason="bad signature",
            )
        return dict(anchor.tips)

    def _key(self) -> bytes:
        if not self._anchor_key:
            raise ConfigurationError(
                "no audit anchor key is configured: set SOCRATIC_AUDIT_ANCHOR_KEY "
                "(or pass audit_anchor_key= to Socratic)"
            )
        return self._anchor_key


def _sign(key: bytes, created_at: datetime, tips: Mapping[str, ChainTip]) -> str:
    payload = {
        "created_at": canonical_datetime(created_at),
        "tips": {chain: [tip.sequence, tip.hash] for chain, tip in tips.items()},
    }
    return hmac.new(key, canonical_json(payload).encode(), hashlib.sha256).hexdigest()


def _problem(
    row: dict[str, Any], expected_sequence: int, previous: str, anchored: ChainTip | None
) -> str | None:
    sequence = row["sequence"]
    if sequence != expected_sequence:
        return f"sequence {sequence} where {expected_sequence} was expected: rows are missing"
    if row["previous_hash"] != previous:
        return "its previous_hash is not the hash of the row before it"
    content = {key: row[key] for key in HASHED_FIELDS}
    created_at = content["created_at"]
    if isinstance(created_at, datetime):  # the same text the encoder makes, made cheaper
        content["created_at"] = canonical_datetime(created_at)
    if row["hash"] != chain_hash(previous, content):
        return "its content does not match its hash: the row was altered"
    if anchored is not None and sequence == anchored.sequence and row["hash"] != anchored.hash:
        return "its hash differs from the anchored one: the chain was recomputed"
    return None
