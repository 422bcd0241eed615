"""Offset and keyset pages walk the same rows in the same order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from socratic_core import MessageRole, Page
from socratic_core.db import Database
from socratic_core.models import AuditLog, Message, Session, User
from socratic_core.repositories import Equals, OrderBy


def _walk_keyset(fetch: Callable[[str | None], Page[Any]]) -> list[list[str]]:
    """Follow `next_cursor` from the first page to the last; return each page's ids."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        pages.append([item.id for item in page.items])
        cursor = page.next_cursor
        if cursor is None:
            return pages


class TestMessagePages:
    """A session's history pages by position, offset and keyset alike."""

    @pytest.mark.parametrize("size", [1, 7, 25, 30])
    def test_keyset_and_offset_pages_agree(
        self, db: Database, session_with_messages: Session, size: int
    ) -> None:
        """Walking by cursor gives exactly the offset pages, and stops after the last row."""
        session_id = session_with_messages.id
        with db.unit_of_work() as uow:
            keyset = _walk_keyset(
                lambda cursor: uow.messages.history_page(session_id, limit=size, cursor=cursor)
            )
            offset = [
                [
                    m.id
                    for m in uow.messages.paginate(
                        Equals("session_id", session_id),
                        OrderBy("position"),
                        limit=size,
                        offset=start,
                    ).items
                ]
                for start in range(0, 25, size)
            ]
            assert keyset == offset
            assert sum(len(p) for p in keyset) == 25

    def test_offset_page_reports_total_and_next(
        self, db: Database, session_with_messages: Session
    ) -> None:
        """An offset page knows the total and whether another page follows."""
        with db.unit_of_work() as uow:
            filters = (Equals("session_id", session_with_messages.id), OrderBy("position"))
            page = uow.messages.paginate(*filters, limit=10, offset=20)
            assert (page.total, page.offset, len(page.items), page.has_next) == (25, 20, 5, False)
            assert uow.messages.paginate(*filters, limit=10).has_next

    def test_keyset_page_is_stable_under_inserts_before_the_cursor(
        self, db: Database, session_with_messages: Session
    ) -> None:
        """Rows added after a page was read do not shift the next keyset page."""
        session_id = session_with_messages.id
        with db.unit_of_work() as uow:
            first = uow.messages.history_page(session_id, limit=10)
            uow.messages.add(
                Message(session_id=session_id, position=-1, role=MessageRole.USER, content="x")
            )
            second = uow.messages.history_page(session_id, limit=10, cursor=first.next_cursor)
            assert [m.position for m in second.items] == list(range(10, 20))


class TestAuditPages:
    """Audit rows page by sequence, and by (created_at, id) in either direction."""

    @pytest.fixture
    def audit_rows(self, db: Database, make_user: Callable[..., User]) -> list[AuditLog]:
        """Twelve audit rows, every third one by the same user."""
        user = make_user()
        with db.unit_of_work() as uow:
            rows = uow.audit.add_many(
                [
                    AuditLog(
                        sequence=n,
                        user_id=user.id if n % 3 == 0 else None,
                        action="act",
                        hash=f"h{n}",
                    )
                    for n in range(1, 13)
                ]
            )
            uow.commit()
        return rows

    def test_sequence_pages_with_criteria(self, db: Database, audit_rows: list[AuditLog]) -> None:
        """Keyset pages over one user's rows match `find` for that user."""
        user_id = audit_rows[2].user_id
        with db.unit_of_work() as uow:
            pages = _walk_keyset(lambda c: uow.audit.page(user_id=user_id, limit=3, cursor=c))
            expected = [r.id for r in uow.audit.find(user_id=user_id)]
            assert pages == [expected[:3], expected[3:]]

    @pytest.mark.parametrize("descending", [False, True])
    def test_created_at_and_id_pages(
        self, db: Database, audit_rows: list[AuditLog], descending: bool
    ) -> None:
        """The generic (created_at, id) keyset walks every row once, in order."""
        with db.unit_of_work() as uow:
            pages = _walk_keyset(
                lambda c: uow.audit.paginate_keyset(limit=5, cursor=c, descending=descending)
            )
            expected = uow.audit.list(
                OrderBy("created_at", descending=descending), OrderBy("id", descending=descending)
            )
            assert [i for page in pages for i in page] == [r.id for r in expected]
            assert [len(p) for p in pages] == [5, 5, 2]
