"""Audit chains per project: separate locks, anchors that catch truncation and recomputation."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from socratic_core import Event, Socratic
from socratic_core.db import Database
from socratic_core.errors import ConfigurationError, InvalidInputError
from socratic_core.models import GLOBAL_CHAIN, chain_for
from socratic_core.services._trail import AuditEntry, row_content
from socratic_core.services.chain import chain_hash
from socratic_core.services.events import CallbackEventSink

from ..conftest import FAST_HASHER
from .conftest import Harness

KEY = "a-long-random-anchor-key-for-tests"


@pytest.fixture
def anchored(harness: Harness) -> Socratic:
    """An app on the harness database that has an anchor key."""
    app = Socratic(
        database=harness.database,
        entry_points=False,
        password_hasher=FAST_HASHER,
        audit_anchor_key=KEY,
    )
    yield app
    app.close()


def _two_projects(h: Harness) -> tuple[str, str, str]:
    owner = h.user()
    first = h.app.projects.create(owner.id, name="First")
    second = h.app.projects.create(owner.id, name="Second")
    for name in ("a", "b"):
        h.app.projects.update(owner.id, first.id, description=name)
    return owner.id, first.id, second.id


def _rehash_from(h: Harness, chain: str, sequence: int) -> None:
    """Alter row `sequence` of `chain` and recompute every hash after it, as a forger would."""
    with h.database.unit_of_work() as uow:
        rows = [r for r in uow.audit.find() if r.chain == chain and r.sequence >= sequence]
        previous = rows[0].previous_hash
        updates = []
        for row in sorted(rows, key=lambda r: r.sequence):
            if row.sequence == sequence:
                row.action = "forged"
            row.previous_hash = previous
            row.hash = chain_hash(previous or "", row_content(row))
            previous = row.hash
            updates.append((row.id, row.action, row.previous_hash, row.hash))
    with h.database.engine.begin() as conn:
        for row_id, action, previous_hash, digest in updates:
            conn.execute(
                sa.text(
                    "UPDATE audit_logs SET action = :a, previous_hash = :p, hash = :h WHERE id = :i"
                ),
                {"a": action, "p": previous_hash, "h": digest, "i": row_id},
            )


class TestChains:
    """Each project has its own chain; actions outside projects share the global one."""

    def test_each_project_chain_counts_from_one(self, harness: Harness) -> None:
        """Two projects' rows are numbered 1, 2, 3 in their own chains."""
        _owner, first, second = _two_projects(harness)
        entries = harness.app.audit.entries().items
        by_chain: dict[str, list[int]] = {}
        for entry in entries:
            by_chain.setdefault(entry.chain, []).append(entry.sequence)
        assert by_chain == {GLOBAL_CHAIN: [1], chain_for(first): [1, 2, 3], chain_for(second): [1]}
        assert harness.app.audit.verify().chains == 3

    def test_recorded_entries_join_their_project_chain(self, harness: Harness) -> None:
        """`audit.record` with a project id appends to that project's chain."""
        _owner, first, _second = _two_projects(harness)
        row = harness.app.audit.record(AuditEntry(action="agent.attempt", project_id=first))
        assert (row.chain, row.sequence) == (chain_for(first), 4)

    @pytest.mark.postgres
    def test_other_projects_do_not_wait(self, postgres_url: str) -> None:
        """On PostgreSQL, while one project's chain lock is held, another project's write ends.

        (SQLite has one writer at a time: there every chain shares the database write lock.)
        """
        database = Database.from_url(postgres_url)
        database.drop_all()
        database.create_all()
        h = Harness(
            Socratic(database=database, entry_points=False, password_hasher=FAST_HASHER), database
        )
        owner, first, second = _two_projects(h)
        done = threading.Event()

        def other_project() -> None:
            h.app.projects.update(owner, second, description="while locked")
            done.set()

        try:
            with database.unit_of_work() as uow:
                uow.audit.lock_chain(chain_for(first))
                writer = threading.Thread(target=other_project)
                writer.start()
                finished_while_locked = done.wait(timeout=60)
            writer.join()
            assert finished_while_locked
            assert h.app.audit.verify().ok
        finally:
            h.app.close()
            database.dispose()


class TestAnchors:
    """Signed tips detect what a chain alone cannot: a cut tail and a recomputed chain."""

    def test_anchor_needs_a_key(self, harness: Harness) -> None:
        """Without a key, `anchor()` says which setting to set."""
        with pytest.raises(ConfigurationError, match="SOCRATIC_AUDIT_ANCHOR_KEY"):
            harness.app.audit.anchor()

    def test_intact_trail_matches_its_anchor(self, harness: Harness, anchored: Socratic) -> None:
        """An anchor taken now, checked after more writes, still verifies."""
        owner, first, _second = _two_projects(harness)
        anchor = anchored.audit.anchor()
        assert anchor.tips[chain_for(first)].sequence == 3
        anchored.projects.update(owner, first, description="later")
        result = anchored.audit.verify(anchors=anchor.model_dump(mode="json"))
        assert result.ok, result

    def test_truncated_tail(self, harness: Harness, anchored: Socratic) -> None:
        """Deleting the last rows of a chain passes a plain verify but not the anchored one."""
        _owner, first, _second = _two_projects(harness)
        anchor = anchored.audit.anchor()
        with harness.database.engine.begin() as conn:
            conn.execute(
                sa.text("DELETE FROM audit_logs WHERE chain = :c AND sequence >= 2"),
                {"c": chain_for(first)},
            )
        assert anchored.audit.verify().ok
        result = anchored.audit.verify(anchors=anchor)
        assert (result.ok, result.chain, result.broken_sequence) == (False, chain_for(first), 2)
        assert "removed from its end" in (result.reason or "")

    def test_recomputed_chain(self, harness: Harness, anchored: Socratic) -> None:
        """Rewriting a row and recomputing every hash after it is caught at the anchored row."""
        _owner, first, _second = _two_projects(harness)
        anchor = anchored.audit.anchor()
        _rehash_from(harness, chain_for(first), 2)
        assert anchored.audit.verify().ok
        result = anchored.audit.verify(anchors=anchor)
        assert (result.ok, result.chain, result.broken_sequence) == (False, chain_for(first), 3)
        assert "recomputed" in (result.reason or "")

    def test_deleted_chain(self, harness: Harness, anchored: Socratic) -> None:
        """A whole chain deleted is a chain anchored at 1 that now ends at 0."""
        _owner, _first, second = _two_projects(harness)
        anchor = anchored.audit.anchor()
        with harness.database.engine.begin() as conn:
            conn.execute(
                sa.text("DELETE FROM audit_logs WHERE chain = :c"), {"c": chain_for(second)}
            )
        result = anchored.audit.verify(anchors=anchor)
        assert (result.ok, result.broken_chains) == (False, [chain_for(second)])

    def test_forged_anchor(self, harness: Harness, anchored: Socratic) -> None:
        """An anchor whose tips were edited (or signed with another key) is refused."""
        _two_projects(harness)
        data = anchored.audit.anchor().model_dump(mode="json")
        data["tips"][GLOBAL_CHAIN]["sequence"] = 99
        with pytest.raises(InvalidInputError) as caught:
            anchored.audit.verify(anchors=data)
        assert caught.value.field == "anchors"

    def test_signature_that_is_not_hex(self, harness: Harness, anchored: Socratic) -> None:
        """A signature with non-ASCII characters is a bad signature, not a TypeError."""
        _two_projects(harness)
        data = anchored.audit.anchor().model_dump(mode="json")
        data["signature"] = "é" * 64
        with pytest.raises(InvalidInputError, match="signature does not match"):
            anchored.audit.verify(anchors=data)


class TestEvents:
    """Event data reaches listeners redacted, as the hook documentation says."""

    def test_secret_in_a_project_name(self, harness: Harness) -> None:
        """A project name holding an API key assignment reaches `on_event` masked."""
        heard: list[Event] = []
        app = Socratic(
            database=harness.database,
            entry_points=False,
            password_hasher=FAST_HASHER,
            events=CallbackEventSink(heard.append),
        )
        owner = app.users.register(username="evt", email="evt@example.com", password="Pw-12345678")
        app.projects.create(owner.id, name="OPENAI_API_KEY=sk-abcdefghijklmnopqrstuv")
        created = [e for e in heard if e.name.value == "project.created"]
        assert "sk-abcdefghijklmnopqrstuv" not in str(created[0].data)
        assert "OPENAI_API_KEY=" in created[0].data["name"]
        app.close()


class TestAnchorKeyFromSettings:
    """`SOCRATIC_AUDIT_ANCHOR_KEY` reaches the audit service through `from_settings`."""

    def test_environment_key_signs_anchors(
        self, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With the variable set, `anchor()` works and its signature verifies."""
        monkeypatch.setenv("SOCRATIC_AUDIT_ANCHOR_KEY", KEY)
        monkeypatch.setenv("SOCRATIC_DATABASE_URL", sqlite_url)
        with Socratic.from_settings(entry_points=False, password_hasher=FAST_HASHER) as app:
            app.users.register(username="env", email="env@example.com", password="Pw-12345678")
            anchor = app.audit.anchor()
            assert anchor.tips[GLOBAL_CHAIN].sequence == 1
            assert app.audit.verify(anchors=anchor).ok
