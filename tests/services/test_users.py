"""Users and authentication on real databases."""

from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from socratic_core import EventName, PasswordHasher, Socratic
from socratic_core.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socratic_core.models import UserStatus
from socratic_core.services.schemas import UserRead

from ..conftest import PASSWORD
from .conftest import Harness


def _audit_rows(h: Harness) -> list[dict[str, object]]:
    with h.database.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM audit_logs ORDER BY sequence")).mappings()
        return [dict(row) for row in rows]


class TestRegister:
    """Registration validates, hashes and never returns the password."""

    def test_register_returns_a_schema_without_secrets(self, harness: Harness) -> None:
        """The returned user has no password field and its email domain is lower-cased."""
        user = harness.app.users.register(
            username="alice", email="Alice@Example.COM", password=PASSWORD, first_name="Alice"
        )
        dumped = user.model_dump()
        assert user.email == "Alice@example.com"
        assert user.status is UserStatus.ACTIVE
        assert not any("password" in key for key in dumped)
        assert PASSWORD not in json.dumps(dumped, default=str)

    def test_password_is_stored_as_scrypt(self, harness: Harness) -> None:
        """The stored hash is an scrypt hash, not the password."""
        user = harness.user("bob")
        with harness.database.engine.connect() as conn:
            stored = conn.execute(
                sa.text("SELECT password_hash FROM users WHERE id = :id"), {"id": user.id}
            ).scalar_one()
        assert stored.startswith("scrypt$")
        assert PASSWORD not in stored

    @pytest.mark.parametrize("field", ["username", "email"])
    def test_duplicates_are_conflicts_naming_the_field(self, harness: Harness, field: str) -> None:
        """A taken username or email is a ConflictError naming that field."""
        harness.app.users.register(username="carol", email="carol@example.com", password=PASSWORD)
        other = {"username": "carol2", "email": "carol2@example.com"}
        other[field] = {"username": "carol", "email": "carol@example.com"}[field]
        with pytest.raises(ConflictError) as caught:
            harness.app.users.register(**other, password=PASSWORD)
        assert caught.value.field == field

    def test_weak_password_is_refused_and_audited(self, harness: Harness) -> None:
        """A weak password is refused; the failure is audited without the password."""
        with pytest.raises(InvalidInputError) as caught:
            harness.app.users.register(username="dave", email="d@example.com", password="short")
        assert caught.value.field == "password"
        rows = _audit_rows(harness)
        assert [(r["action"], r["success"], r["error_code"]) for r in rows] == [
            ("user.register", False, "invalid_input")
        ]
        assert "short" not in json.dumps(rows, default=str)


class TestAuthenticate:
    """Authentication checks the password, records the login, and reveals nothing on failure."""

    def test_success_sets_last_login(self, harness: Harness) -> None:
        """A correct password returns the user with last_login set; by email too."""
        user = harness.user("erin")
        assert user.last_login is None
        logged = harness.app.users.authenticate("erin", PASSWORD)
        assert logged.id == user.id
        assert logged.last_login is not None
        assert harness.app.users.authenticate("erin@example.com", PASSWORD).id == user.id

    def test_unknown_user_and_wrong_password_look_the_same(self, harness: Harness) -> None:
        """Both failures raise AuthenticationError with the very same message."""
        harness.user("frank")
        with pytest.raises(AuthenticationError) as wrong:
            harness.app.users.authenticate("frank", "Wrong-password-1")
        with pytest.raises(AuthenticationError) as unknown:
            harness.app.users.authenticate("nobody", "Wrong-password-1")
        assert str(wrong.value) == str(unknown.value)

    def test_failures_are_audited_without_the_password(self, harness: Harness) -> None:
        """Failed logins leave audit rows with their error code and no password."""
        harness.user("gina")
        for login in ("gina", "ghost"):
            with pytest.raises(AuthenticationError):
                harness.app.users.authenticate(login, "Guess-password-9")
        failed = [r for r in _audit_rows(harness) if r["action"] == "user.authenticate"]
        assert [r["error_code"] for r in failed] == ["authentication_failed"] * 2
        assert "Guess-password-9" not in json.dumps(failed, default=str)

    def test_suspended_users_cannot_sign_in_or_act(self, harness: Harness) -> None:
        """A suspended user is refused at login and when acting; reactivation restores both."""
        user = harness.user("hank")
        harness.app.users.suspend(user.id)
        with pytest.raises(AuthenticationError, match="suspended"):
            harness.app.users.authenticate("hank", PASSWORD)
        with pytest.raises(PermissionDeniedError):
            harness.app.projects.create(user.id, name="Nope")
        harness.app.users.reactivate(user.id)
        assert harness.app.users.authenticate("hank", PASSWORD).status is UserStatus.ACTIVE

    def test_no_password_in_logs(self, harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
        """Nothing socratic_core logs during sign-up and sign-in contains the password."""
        with caplog.at_level(logging.DEBUG):
            harness.user("ivan")
            harness.app.users.authenticate("ivan", PASSWORD)
            with pytest.raises(AuthenticationError):
                harness.app.users.authenticate("ivan", "Not-the-password-1")
        assert PASSWORD not in caplog.text
        assert "Not-the-password-1" not in caplog.text


class TestAccountChanges:
    """Password changes, email verification and lookups."""

    def test_change_password(self, harness: Harness) -> None:
        """After a change the old password fails and the new one works."""
        user = harness.user("judy")
        harness.app.users.change_password(
            user.id, current_password=PASSWORD, new_password="N3w-secret-pass-9!"
        )
        with pytest.raises(AuthenticationError):
            harness.app.users.authenticate("judy", PASSWORD)
        assert harness.app.users.authenticate("judy", "N3w-secret-pass-9!").id == user.id

    def test_change_password_needs_the_current_one(self, harness: Harness) -> None:
        """A wrong current password is refused and nothing changes."""
        user = harness.user("kate")
        with pytest.raises(AuthenticationError):
            harness.app.users.change_password(
                user.id, current_password="Wrong-one-123", new_password="N3w-secret-pass-8!"
            )
        assert harness.app.users.authenticate("kate", PASSWORD).id == user.id

    def test_verify_email_and_lookups(self, harness: Harness) -> None:
        """Verifying sets the flag; get, get_by_username and search find the user."""
        user = harness.user("liam")
        assert harness.app.users.verify_email(user.id).is_email_verified
        assert harness.app.users.get(user.id).is_email_verified
        assert harness.app.users.get_by_username("liam").id == user.id
        assert [u.username for u in harness.app.users.search("IA")] == ["liam"]
        with pytest.raises(NotFoundError):
            harness.app.users.get("no-such-id")

    def test_events_follow_commits(self, harness: Harness) -> None:
        """Registration and sign-in announce their events after committing."""
        user = harness.user("mia")
        harness.app.users.authenticate("mia", PASSWORD)
        assert [(e.name, e.entity_id) for e in harness.events] == [
            (EventName.USER_REGISTERED, user.id),
            (EventName.USER_AUTHENTICATED, user.id),
        ]


class TestPasswordUpgrade:
    """A hash made with weaker parameters is replaced at the next successful sign-in."""

    def test_sign_in_rehashes_an_outdated_hash(self, harness: Harness) -> None:
        """A user registered at n=2**4 signs in through an app at n=2**8: the hash is upgraded."""
        user = _register_weakly(harness, "old")
        assert _stored_hash(harness, user.id).split("$")[1] == "n=16,r=8,p=1"
        harness.app.users.authenticate("old", PASSWORD)
        upgraded = _stored_hash(harness, user.id)
        assert upgraded.split("$")[1] == "n=256,r=8,p=1"
        assert harness.app.users.authenticate("old", PASSWORD).id == user.id
        assert _stored_hash(harness, user.id) == upgraded  # no second rehash

    def test_failed_sign_in_keeps_the_old_hash(self, harness: Harness) -> None:
        """A wrong password upgrades nothing."""
        user = _register_weakly(harness, "old2")
        before = _stored_hash(harness, user.id)
        with pytest.raises(AuthenticationError):
            harness.app.users.authenticate("old2", "Wrong-password-9")
        assert _stored_hash(harness, user.id) == before


class TestSuspendedUsers:
    """A suspended user cannot verify an email address."""

    def test_verify_email_refused(self, harness: Harness) -> None:
        """`verify_email` on a suspended user is `PermissionDeniedError`; nothing changes."""
        user = harness.user()
        harness.app.users.suspend(user.id)
        with pytest.raises(PermissionDeniedError):
            harness.app.users.verify_email(user.id)
        assert not harness.app.users.get(user.id).is_email_verified
        last = harness.app.audit.entries(action="user.verify_email").items[-1]
        assert (last.success, last.error_code) == (False, "permission_denied")


def _register_weakly(h: Harness, name: str) -> UserRead:
    weak = Socratic(database=h.database, entry_points=False, password_hasher=PasswordHasher(n=2**4))
    try:
        return weak.users.register(username=name, email=f"{name}@example.com", password=PASSWORD)
    finally:
        weak.close()


def _stored_hash(h: Harness, user_id: str) -> str:
    with h.database.unit_of_work() as uow:
        user = uow.users.get(user_id)
        assert user is not None
        return user.password_hash
