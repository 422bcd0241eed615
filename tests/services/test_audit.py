"""The audit trail on real databases: one row per write, redaction, tamper detection, races."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from socratic_core.errors import InvalidInputError
from socratic_core.models import GLOBAL_CHAIN, chain_for
from socratic_core.services._trail import AuditEntry, row_content
from socratic_core.services.chain import GENESIS_HASH, chain_hash
from socratic_core.services.redaction import REDACTED

from .conftest import Harness


def _execute(h: Harness, sql: str, **params: object) -> None:
    with h.database.engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def _sequences(h: Harness, chain: str = GLOBAL_CHAIN) -> list[int]:
    with h.database.engine.connect() as conn:
        query = "SELECT sequence FROM audit_logs WHERE chain = :chain ORDER BY sequence"
        return list(conn.execute(sa.text(query), {"chain": chain}).scalars())


def _all_rows(h: Harness) -> int:
    with h.database.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM audit_logs")).scalar_one())


def _busy_project(h: Harness) -> tuple[str, str, str]:
    owner = h.user()
    project = h.app.projects.create(owner.id, name="Audited")
    session = h.app.sessions.start(owner.id, project.id, title="S")
    for text in ("one", "two", "three"):
        h.app.sessions.add_message(owner.id, session.id, text)
    return owner.id, project.id, session.id


class TestOneRowPerWrite:
    """Every write action leaves exactly one audit row, chained to the one before."""

    def test_rows_match_the_actions(self, harness: Harness) -> None:
        """Registration joins the global chain; the project's five writes chain in its own."""
        owner_id, project_id, session_id = _busy_project(harness)
        entries = harness.app.audit.entries().items
        assert [e.action for e in entries] == [
            "user.register",
            "project.create",
            "session.start",
            "session.add_message",
            "session.add_message",
            "session.add_message",
        ]
        assert all(e.success and e.user_id == owner_id for e in entries)
        assert entries[1].entity_id == project_id
        assert entries[2].entity_id == session_id
        assert [e.chain for e in entries] == [GLOBAL_CHAIN] + [chain_for(project_id)] * 5
        assert [e.sequence for e in entries] == [1, 1, 2, 3, 4, 5]
        assert entries[0].previous_hash == entries[1].previous_hash == GENESIS_HASH
        for before, after in itertools.pairwise(entries[1:]):
            assert after.previous_hash == before.hash
        in_project = harness.app.audit.entries(project_id=project_id).items
        assert [e.sequence for e in in_project] == [1, 2, 3, 4, 5]

    def test_reads_are_not_audited(self, harness: Harness) -> None:
        """Reading leaves the trail as it was."""
        owner_id, project_id, session_id = _busy_project(harness)
        before = _sequences(harness)
        harness.app.projects.get(owner_id, project_id)
        harness.app.sessions.history(owner_id, session_id)
        assert _sequences(harness) == before


class TestRedaction:
    """Secrets never reach an audit row."""

    def test_request_values_that_look_like_credentials(self, harness: Harness) -> None:
        """A description holding a URL password and an API key is stored as is, audited masked."""
        owner = harness.user()
        description = "db postgresql://app:hunter2@db/x key sk-abcdefghijklmnopqrstuvwx"
        project = harness.app.projects.create(owner.id, name="Leaky", description=description)
        assert harness.app.projects.get(owner.id, project.id).description == description
        entry = harness.app.audit.entries(action="project.create").items[0]
        stored = json.dumps(entry.request)
        assert "hunter2" not in stored
        assert "sk-abcdefghijklmnopqrstuvwx" not in stored
        assert REDACTED in stored

    def test_recorded_entries_are_redacted_by_key_and_value(self, harness: Harness) -> None:
        """An entry recorded by a host loses secret keys and credential values."""
        row = harness.app.audit.record(
            AuditEntry(
                action="agent.run",
                agent_id="coder",
                request={"api_key": "abc", "prompt": "use Bearer abcdefghijkl please"},
                response={"nested": {"client_secret": "s3"}, "ok": True},
            )
        )
        assert row.request == {"api_key": REDACTED, "prompt": f"use Bearer {REDACTED} please"}
        assert row.response == {"nested": {"client_secret": REDACTED}, "ok": True}
        assert harness.app.audit.verify().ok


class TestVerify:
    """Verification walks the chain in batches and finds the first broken row."""

    def test_intact_chain(self, harness: Harness) -> None:
        """A clean trail verifies, across several small batches, chain by chain."""
        _busy_project(harness)
        result = harness.app.audit.verify(batch_size=4)
        assert (result.ok, result.checked, result.chains, result.broken_sequence) == (
            True,
            6,
            2,
            None,
        )

    def test_empty_chain(self, harness: Harness) -> None:
        """An empty trail is intact."""
        assert harness.app.audit.verify().ok

    def test_altered_row(self, harness: Harness) -> None:
        """Changing a row's content in SQL breaks its chain at that row, and says which chain."""
        _owner, project_id, _session = _busy_project(harness)
        chain = chain_for(project_id)
        _execute(
            harness,
            "UPDATE audit_logs SET action = 'forged' WHERE chain = :c AND sequence = 3",
            c=chain,
        )
        result = harness.app.audit.verify(batch_size=4)
        assert (result.ok, result.chain, result.broken_sequence) == (False, chain, 3)
        assert result.broken_chains == [chain]
        assert "altered" in (result.reason or "")

    def test_every_broken_chain_is_named(self, harness: Harness) -> None:
        """Two chains altered at once are both reported."""
        _owner, project_id, _session = _busy_project(harness)
        _execute(harness, "UPDATE audit_logs SET success = NOT success WHERE sequence = 1")
        result = harness.app.audit.verify()
        assert not result.ok
        assert result.broken_chains == sorted([GLOBAL_CHAIN, chain_for(project_id)])

    def test_deleted_row(self, harness: Harness) -> None:
        """Deleting a row breaks the chain at the row after it."""
        _owner, project_id, _session = _busy_project(harness)
        chain = chain_for(project_id)
        _execute(harness, "DELETE FROM audit_logs WHERE chain = :c AND sequence = 3", c=chain)
        result = harness.app.audit.verify(batch_size=2)
        assert (result.ok, result.chain, result.broken_sequence) == (False, chain, 4)
        assert result.checked == 1 + 3  # the global row, then rows 1, 2 and 4 of the project
        assert "missing" in (result.reason or "")

    def test_deleted_batch(self, harness: Harness) -> None:
        """Deleting every row of one whole batch still breaks the chain at the row after them."""
        _owner, project_id, _session = _busy_project(harness)
        chain = chain_for(project_id)
        _execute(harness, "DELETE FROM audit_logs WHERE chain = :c AND sequence IN (3, 4)", c=chain)
        result = harness.app.audit.verify(batch_size=2)
        assert (result.ok, result.broken_sequence, result.checked) == (False, 5, 1 + 3)
        assert "missing" in (result.reason or "")

    @pytest.mark.parametrize("batch_size", [1, 3, 6, 7])
    def test_batch_sizes(self, harness: Harness, batch_size: int) -> None:
        """Every row is checked once, whether or not the batch size divides the chain."""
        _busy_project(harness)
        result = harness.app.audit.verify(batch_size=batch_size)
        assert (result.ok, result.checked) == (True, 6)

    def test_bad_batch_size(self, harness: Harness) -> None:
        """A batch size below 1 is refused rather than looping or crashing."""
        with pytest.raises(InvalidInputError) as caught:
            harness.app.audit.verify(batch_size=0)
        assert caught.value.field == "batch_size"

    def test_rehashed_row(self, harness: Harness) -> None:
        """Altering a row and recomputing its own hash still breaks the link of the next row."""
        _owner, project_id, _session = _busy_project(harness)
        chain = chain_for(project_id)
        with harness.database.unit_of_work() as uow:
            row = next(r for r in uow.audit.find() if r.chain == chain and r.sequence == 2)
            row.action = "forged"
            forged = chain_hash(row.previous_hash or GENESIS_HASH, row_content(row))
        _execute(
            harness,
            "UPDATE audit_logs SET action = 'forged', hash = :digest "
            "WHERE chain = :c AND sequence = 2",
            digest=forged,
            c=chain,
        )
        result = harness.app.audit.verify()
        assert (result.ok, result.chain, result.broken_sequence) == (False, chain, 3)
        assert "previous_hash" in (result.reason or "")


class TestQueries:
    """The trail can be queried by user, entity, action and time, page by page."""

    def test_filters(self, harness: Harness) -> None:
        """Each filter narrows the rows; a time range after the last row finds none."""
        owner_id, project_id, session_id = _busy_project(harness)
        other = harness.user()
        app = harness.app
        assert len(app.audit.entries(user_id=owner_id).items) == 6
        assert [e.action for e in app.audit.entries(user_id=other.id).items] == ["user.register"]
        assert len(app.audit.entries(action="session.add_message").items) == 3
        by_entity = app.audit.entries(entity_type="project", entity_id=project_id).items
        assert [e.action for e in by_entity] == ["project.create"]
        last = app.audit.entries().items[-1].created_at
        assert app.audit.entries(since=last + timedelta(seconds=1)).items == []
        assert len(app.audit.entries(until=last + timedelta(seconds=1)).items) == 7
        assert session_id in {e.entity_id for e in app.audit.entries(entity_type="session").items}

    def test_keyset_pages_cover_everything_once(self, harness: Harness) -> None:
        """Walking pages of two gives every row once, in order."""
        _busy_project(harness)
        seen, cursor = [], None
        while True:
            page = harness.app.audit.entries(limit=2, cursor=cursor)
            seen.extend(e.sequence for e in page.items)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == [1, 1, 2, 3, 4, 5]

    def test_bad_limit(self, harness: Harness) -> None:
        """A limit outside 1..1000 is an input error."""
        with pytest.raises(InvalidInputError):
            harness.app.audit.entries(limit=0)


class TestConcurrentWriters:
    """Concurrent writers never fork or break the chain."""

    def test_eight_threads(self, harness: Harness) -> None:
        """8 threads adding messages at once leave a gapless, verifiable chain."""
        owner_id, project_id, session_id = _busy_project(harness)
        errors: list[BaseException] = []

        def write(worker: int) -> None:
            try:
                for i in range(15):
                    harness.app.sessions.add_message(owner_id, session_id, f"{worker}-{i}")
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert _sequences(harness, chain_for(project_id)) == list(range(1, 5 + 8 * 15 + 1))
        assert harness.app.audit.verify().ok
        history = harness.app.sessions.history(owner_id, session_id, limit=500).items
        assert [m.position for m in history] == list(range(3 + 8 * 15))


_WRITER = """
import sys
from socratic_core.services.audit import AuditService
from socratic_core.services._trail import AuditEntry
from socratic_core.db import Database
db = Database.from_url(sys.argv[1])
audit = AuditService(db.unit_of_work)
for i in range(int(sys.argv[2])):
    audit.record(AuditEntry(action="process.write", request={"i": i}))
db.dispose()
"""


class TestConcurrentProcesses:
    """Several processes (as several hosts would) append to one chain without breaking it."""

    def test_three_processes(self, harness: Harness, database_url: str) -> None:
        """Three writer processes leave a gapless, verifiable chain."""
        writers = [
            subprocess.Popen([sys.executable, "-c", _WRITER, database_url, "20"]) for _ in range(3)
        ]
        assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
        assert _sequences(harness) == list(range(1, 61))
        assert harness.app.audit.verify().ok
