"""Forged cursors, and a hostile sign-in next to an honest write on another project."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import pytest

from socratic_core.errors import SocraticError
from socratic_core.repositories.audit import SqlAlchemyAuditLogRepository
from socratic_core.services import _trail
from socratic_core.uow import SqlAlchemyUnitOfWork

from ..conftest import Hostile


def _forge(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


FORGED = [
    ["abc"],
    [10**30],
    [True],
    [{"dt": "2026-01-01T00:00:00"}],
    [None],
    [1, 2],
    ["x\u0000"],
]


class TestForgedCursors:
    """A forged cursor is `InvalidInputError` on both databases, before any query."""

    @pytest.mark.parametrize("values", FORGED)
    def test_history(self, hostile: Hostile, values: list[Any]) -> None:
        """Message history refuses a cursor that does not fit its position key."""
        owner = hostile.user("owner")
        project = hostile.app.projects.create(owner.id, name="P")
        session = hostile.app.sessions.start(owner.id, project.id, title="S")
        hostile.refuses_read(
            lambda: hostile.app.sessions.history(owner.id, session.id, cursor=_forge(values)),
            "cursor",
        )

    @pytest.mark.parametrize("values", [*FORGED, ["2026", "global", 1]])
    def test_audit_entries(self, hostile: Hostile, values: list[Any]) -> None:
        """The audit trail refuses a cursor that does not fit its (time, chain, sequence) key."""
        hostile.user("owner")
        hostile.refuses_read(lambda: hostile.app.audit.entries(cursor=_forge(values)), "cursor")

    def test_not_a_cursor(self, hostile: Hostile) -> None:
        """A cursor that is not even text is refused too."""
        hostile.refuses_read(lambda: hostile.app.audit.entries(cursor=42), "cursor")  # type: ignore[arg-type]


@pytest.fixture
def lock_probe(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Record, per thread, redaction work done while that thread holds an audit chain lock."""
    state = threading.local()
    seen: dict[str, Any] = {"under_lock": [], "redacted": []}
    lock_chain = SqlAlchemyAuditLogRepository.lock_chain
    exit_uow = SqlAlchemyUnitOfWork.__exit__
    redact_text = _trail.redact_text

    def locking(self: SqlAlchemyAuditLogRepository, chain: str = "global") -> None:
        lock_chain(self, chain)
        state.locked = True

    def exiting(self: SqlAlchemyUnitOfWork, *args: Any) -> None:
        state.locked = False
        exit_uow(self, *args)

    def redacting(text: str) -> str:
        name = threading.current_thread().name
        seen["redacted"].append((name, len(text)))
        if getattr(state, "locked", False):
            seen["under_lock"].append((name, len(text)))
        return redact_text(text)

    monkeypatch.setattr(SqlAlchemyAuditLogRepository, "lock_chain", locking)
    monkeypatch.setattr(SqlAlchemyUnitOfWork, "__exit__", exiting)
    monkeypatch.setattr(_trail, "redact_text", redacting)
    return seen


class TestHostileSignInBesideAWrite:
    """A redaction bomb in a failed sign-in neither slows the chain lock nor fails other work."""

    def test_concurrent_create_succeeds(self, hostile: Hostile, lock_probe: dict[str, Any]) -> None:
        """`authenticate("a:" * 30000)` beside `projects.create`: both finish as they should.

        The sign-in's redaction work all happens before it takes a chain lock (none under it),
        and the other project's write succeeds.
        """
        owner = hostile.user("owner")
        outcome: dict[str, Any] = {}
        start = threading.Barrier(2)

        def sign_in() -> None:
            start.wait()
            try:
                hostile.app.users.authenticate("a:" * 30000, "x")
            except SocraticError as error:
                outcome["sign_in"] = error.code

        def create() -> None:
            start.wait()
            outcome["project"] = hostile.app.projects.create(owner.id, name="Honest").name

        threads = [
            threading.Thread(target=sign_in, name="sign-in"),
            threading.Thread(target=create, name="create"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcome == {"sign_in": "invalid_input", "project": "Honest"}
        assert any(name == "sign-in" and size > 1000 for name, size in lock_probe["redacted"])
        assert [entry for entry in lock_probe["under_lock"] if entry[0] == "sign-in"] == []
        assert hostile.app.audit.verify().ok

    def test_honest_write_redacts_its_request_before_the_lock(
        self, hostile: Hostile, lock_probe: dict[str, Any]
    ) -> None:
        """A write's request (what the caller sent) is redacted before its chain lock is taken."""
        owner = hostile.user("owner")
        lock_probe["under_lock"].clear()
        description = "secret=" + "s" * 5000
        hostile.app.projects.create(owner.id, name="P", description=description)
        assert all(size < 100 for _name, size in lock_probe["under_lock"])
