"""The queries each aggregate needs, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa

from socratic_core import CollaboratorRole, ConflictError, ProjectStatus, SessionStatus, UserStatus
from socratic_core.db import Database
from socratic_core.models import (
    AuditLog,
    GeneratedCodebase,
    GeneratedFile,
    Project,
    ProjectCollaborator,
    Session,
    TechnicalSpecification,
    User,
    UserInstruction,
)
from socratic_core.repositories import SessionAccess


class TestUsers:
    """Users by username, by email, active ones."""

    def test_by_username_and_email(self, db: Database, make_user: Callable[..., User]) -> None:
        """Exact look-ups find the user, and None for unknown values."""
        ada = make_user(username="ada", email="ada@example.org")
        with db.unit_of_work() as uow:
            by_name = uow.users.get_by_username("ada")
            by_email = uow.users.get_by_email("ada@example.org")
            assert by_name is not None
            assert by_email is by_name
            assert by_name.id == ada.id
            assert uow.users.get_by_username("Ada") is None
            assert uow.users.get_by_email("nobody@example.org") is None

    def test_list_active(self, db: Database, make_user: Callable[..., User]) -> None:
        """Only active users are listed, by username."""
        make_user(username="zed")
        make_user(username="amy")
        make_user(username="sam", status=UserStatus.SUSPENDED)
        with db.unit_of_work() as uow:
            assert [u.username for u in uow.users.list_active()] == ["amy", "zed"]

    def test_enum_is_stored_as_its_lowercase_value(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """The status column holds `"suspended"`, and reads back as the enum member."""
        user = make_user(status=UserStatus.SUSPENDED)
        with db.unit_of_work() as uow:
            raw = uow.session.connection().exec_driver_sql(
                "SELECT status FROM users WHERE id = %s"
                if db.engine.dialect.name == "postgresql"
                else "SELECT status FROM users WHERE id = ?",
                (user.id,),
            )
            assert raw.scalar_one() == "suspended"
            assert uow.users.get_one(user.id).status is UserStatus.SUSPENDED


class TestProjects:
    """Projects by owner, and those a user can access."""

    def test_by_owner_and_accessible(self, db: Database, make_user: Callable[..., User]) -> None:
        """A user accesses the projects they own and those they collaborate on, each once."""
        ada, bob = make_user(), make_user()
        with db.unit_of_work() as uow:
            own = uow.projects.add(Project(owner_id=ada.id, name="own"))
            shared = uow.projects.add(Project(owner_id=bob.id, name="shared"))
            uow.projects.add(Project(owner_id=bob.id, name="private"))
            uow.collaborators.add(ProjectCollaborator(project_id=shared.id, user_id=ada.id))
            uow.collaborators.add(
                ProjectCollaborator(project_id=own.id, user_id=ada.id, role=CollaboratorRole.OWNER)
            )
            uow.commit()
        with db.unit_of_work() as uow:
            assert [p.name for p in uow.projects.list_by_owner(ada.id)] == ["own"]
            assert [p.name for p in uow.projects.list_accessible(ada.id)] == ["own", "shared"]
            assert len(uow.projects.list_accessible(bob.id)) == 2

    def test_collaborators(
        self, db: Database, project: Project, make_user: Callable[..., User]
    ) -> None:
        """Collaborations are found by project and user, with their role."""
        member = make_user()
        with db.unit_of_work() as uow:
            uow.collaborators.add(
                ProjectCollaborator(
                    project_id=project.id, user_id=member.id, role=CollaboratorRole.EDITOR
                )
            )
            uow.commit()
        with db.unit_of_work() as uow:
            found = uow.collaborators.get_for(project.id, member.id)
            assert found is not None
            assert found.role is CollaboratorRole.EDITOR
            assert uow.collaborators.get_for(project.id, "nobody") is None
            assert [c.user_id for c in uow.collaborators.list_for_project(project.id)] == [
                member.id
            ]
            assert [c.project_id for c in uow.collaborators.list_for_user(member.id)] == [
                project.id
            ]

    def test_json_list_round_trips(self, db: Database, make_user: Callable[..., User]) -> None:
        """`tech_stack` stores and returns a JSON list."""
        owner = make_user()
        with db.unit_of_work() as uow:
            project = uow.projects.add(
                Project(owner_id=owner.id, name="p", tech_stack=["python", "postgres"])
            )
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.projects.get_one(project.id).tech_stack == ["python", "postgres"]


class TestSessionsAndMessages:
    """A project's sessions; a session's history, last messages and next position."""

    def test_sessions_of_a_project(self, db: Database, project: Project) -> None:
        """Sessions are listed per project, oldest first."""
        with db.unit_of_work() as uow:
            first = uow.sessions.add(Session(project_id=project.id, title="one"))
            second = uow.sessions.add(Session(project_id=project.id, title="two"))
            uow.commit()
        with db.unit_of_work() as uow:
            found = uow.sessions.list_for_project(project.id)
            assert [s.id for s in found] == [first.id, second.id]
            assert uow.sessions.list_for_project("other") == []

    def test_history_and_last(self, db: Database, session_with_messages: Session) -> None:
        """History is in position order; `last` gives the newest N, oldest of them first."""
        with db.unit_of_work() as uow:
            history = uow.messages.history(session_with_messages.id)
            assert [m.position for m in history] == list(range(25))
            last = uow.messages.last(session_with_messages.id, 3)
            assert [m.content for m in last] == ["m22", "m23", "m24"]
            assert uow.messages.last(session_with_messages.id, 0) == []

    def test_next_position(self, db: Database, session_with_messages: Session) -> None:
        """The next position follows the highest one (also in a session's access); empty is 0."""
        with db.unit_of_work() as uow:
            assert uow.messages.next_position(session_with_messages.id) == 25
            assert uow.messages.next_position("empty") == 0
            access = uow.sessions.access_for(session_with_messages.id, "nobody")
            assert access is not None
            assert access.next_position == 25

    def test_access_for_a_session(
        self, db: Database, project: Project, make_user: Callable[..., User]
    ) -> None:
        """One query finds the session's and project's status, the user's role and status."""
        editor, stranger = make_user(), make_user(status=UserStatus.SUSPENDED)
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="t"))
            uow.collaborators.add(
                ProjectCollaborator(
                    project_id=project.id, user_id=editor.id, role=CollaboratorRole.EDITOR
                )
            )
            uow.commit()
        with db.unit_of_work() as uow:
            found = uow.sessions.access_for(session.id, editor.id)
            assert found == SessionAccess(
                session_status=SessionStatus.ACTIVE,
                project_id=project.id,
                owner_id=project.owner_id,
                project_status=ProjectStatus.ACTIVE,
                role=CollaboratorRole.EDITOR,
                user_status=UserStatus.ACTIVE,
                next_position=0,
            )
            other = uow.sessions.access_for(session.id, stranger.id)
            assert other is not None
            assert (other.role, other.user_status) == (None, UserStatus.SUSPENDED)
            nobody = uow.sessions.access_for(session.id, "nobody")
            assert nobody is not None
            assert (nobody.role, nobody.user_status) == (None, None)
            assert uow.sessions.access_for("missing", editor.id) is None

    def test_session_version_grows_on_update(self, db: Database, project: Project) -> None:
        """Sessions carry an optimistic lock that counts updates."""
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="t"))
            assert session.version == 1
            session.title = "renamed"
            uow.sessions.update(session)
            assert session.version == 2


class TestInstructions:
    """Instructions by user and project, the active set, and revision history."""

    def _add(self, db: Database, **fields: object) -> UserInstruction:
        with db.unit_of_work() as uow:
            instruction = uow.instructions.add(
                UserInstruction(title="t", rules_text="- No secrets", **fields)
            )
            uow.commit()
        return instruction

    def test_active_set_is_global_then_project(
        self, db: Database, project: Project, make_user: Callable[..., User]
    ) -> None:
        """Active global instructions come first, then the project's; others are left out."""
        user, other = project.owner_id, make_user().id
        project_rule = self._add(db, user_id=user, project_id=project.id)
        global_rule = self._add(db, user_id=user)
        self._add(db, user_id=user, is_active=False)
        self._add(db, user_id=other)
        with db.unit_of_work() as uow:
            active = uow.instructions.list_active_for(user, project.id)
            assert [i.id for i in active] == [global_rule.id, project_rule.id]
            assert [i.id for i in uow.instructions.list_active_for(user, None)] == [global_rule.id]
            assert len(uow.instructions.list_by_user(user)) == 3
            assert [i.id for i in uow.instructions.list_by_project(project.id)] == [project_rule.id]

    def test_revisions_keep_earlier_versions_readable(self, db: Database, project: Project) -> None:
        """Each recorded revision keeps its own text after the instruction changes."""
        instruction = self._add(db, user_id=project.owner_id, parsed_rules=[{"id": "x"}])
        with db.unit_of_work() as uow:
            current = uow.instructions.get_one(instruction.id)
            uow.instructions.add_revision(current)
            current.rules_text, current.revision = "- Always docstrings", 2
            uow.instructions.update(current)
            uow.instructions.add_revision(current)
            uow.commit()
        with db.unit_of_work() as uow:
            revisions = uow.instructions.list_revisions(instruction.id)
            assert [(r.revision, r.rules_text) for r in revisions] == [
                (1, "- No secrets"),
                (2, "- Always docstrings"),
            ]
            first = uow.instructions.get_revision(instruction.id, 1)
            assert first is not None
            assert first.parsed_rules == [{"id": "x"}]
            assert uow.instructions.get_revision(instruction.id, 3) is None
            assert uow.instructions.get_one(instruction.id).version == 2

    def test_recording_a_revision_twice_conflicts(self, db: Database, project: Project) -> None:
        """The same revision number cannot be recorded twice."""
        instruction = self._add(db, user_id=project.owner_id)
        with db.unit_of_work() as uow:
            uow.instructions.add_revision(instruction)
            with pytest.raises(ConflictError) as caught:
                uow.instructions.add_revision(instruction)
        assert caught.value.field == "revision"


class TestAudit:
    """Audit rows by user, agent, action and time; the chain's tip and next sequence."""

    def _rows(self, db: Database, user: User) -> list[AuditLog]:
        specs = [
            (user.id, "counselor", "ask"),
            (None, "generator", "generate"),
            (user.id, "generator", "generate"),
            (user.id, None, "login"),
        ]
        with db.unit_of_work() as uow:
            rows = []
            for user_id, agent_id, action in specs:
                rows.append(
                    uow.audit.add(
                        AuditLog(
                            sequence=uow.audit.next_sequence(),
                            user_id=user_id,
                            agent_id=agent_id,
                            action=action,
                            request={"q": action},
                            hash=f"h{len(rows)}",
                        )
                    )
                )
            uow.commit()
        return rows

    def test_find_by_criteria(self, db: Database, make_user: Callable[..., User]) -> None:
        """Each criterion narrows the rows; results come in sequence order."""
        user = make_user()
        rows = self._rows(db, user)
        with db.unit_of_work() as uow:
            assert [r.sequence for r in uow.audit.find(user_id=user.id)] == [1, 3, 4]
            assert [r.sequence for r in uow.audit.find(agent_id="generator")] == [2, 3]
            assert [r.sequence for r in uow.audit.find(action="generate", user_id=user.id)] == [3]
            window = uow.audit.find(since=rows[1].created_at, until=rows[3].created_at)
            assert [r.sequence for r in window] == [2, 3]
            assert [r.sequence for r in uow.audit.find(limit=2)] == [1, 2]
            later = rows[3].created_at + timedelta(seconds=1)
            assert uow.audit.find(since=later) == []

    def test_tip_and_next_sequence(self, db: Database, make_user: Callable[..., User]) -> None:
        """The tip is the highest sequence; the next one follows it."""
        with db.unit_of_work() as uow:
            assert uow.audit.latest() is None
            assert uow.audit.tip() is None
            assert uow.audit.next_sequence() == 1
        self._rows(db, make_user())
        with db.unit_of_work() as uow:
            tip = uow.audit.latest()
            assert tip is not None
            assert (tip.sequence, tip.hash, tip.request) == (4, "h3", {"q": "login"})
            assert uow.audit.tip() == (4, "h3")
            assert uow.audit.next_sequence() == 5

    def test_chain_rows_past_missing_sequences(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """Chain rows are the next rows by sequence, even across a gap in the sequences."""
        self._rows(db, make_user())
        with db.unit_of_work() as uow:
            uow.session.execute(sa.delete(AuditLog).where(AuditLog.sequence.in_([2, 3])))
            uow.commit()
        with db.unit_of_work() as uow:
            first = uow.audit.chain_rows(after_sequence=0, limit=2)
            assert [(r["sequence"], r["request"]) for r in first] == [
                (1, {"q": "ask"}),
                (4, {"q": "login"}),
            ]
            rest = list(uow.audit.iter_chain_rows(after_sequence=1, limit=2))
            assert [r["sequence"] for r in rest] == [4]
            assert uow.audit.chain_rows(after_sequence=4, limit=2) == []

    def test_lock_chain_then_append(self, db: Database) -> None:
        """Taking the chain lock and appending works on both databases."""
        with db.unit_of_work() as uow:
            uow.audit.lock_chain()
            uow.audit.add(AuditLog(sequence=uow.audit.next_sequence(), action="x", hash="h"))
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.audit.count() == 1

    def test_duplicate_sequence_conflicts(self, db: Database) -> None:
        """Two rows cannot share a sequence number."""
        with db.unit_of_work() as uow:
            uow.audit.add(AuditLog(sequence=1, action="a", hash="h"))
            with pytest.raises(ConflictError) as caught:
                uow.audit.add(AuditLog(sequence=1, action="b", hash="h"))
        assert caught.value.field == "sequence"


class TestSpecificationsAndCodebases:
    """The latest specification; a codebase's files and a file by path."""

    def test_latest_specification(self, db: Database, project: Project) -> None:
        """The latest is the highest version; the next version follows it."""
        with db.unit_of_work() as uow:
            assert uow.specifications.latest_for_project(project.id) is None
            assert uow.specifications.next_version(project.id) == 1
            for version in (2, 1):
                uow.specifications.add(
                    TechnicalSpecification(
                        project_id=project.id, version=version, title=f"v{version}", content="..."
                    )
                )
            uow.commit()
        with db.unit_of_work() as uow:
            latest = uow.specifications.latest_for_project(project.id)
            assert latest is not None
            assert latest.title == "v2"
            assert [s.version for s in uow.specifications.list_for_project(project.id)] == [1, 2]
            assert uow.specifications.next_version(project.id) == 3

    def test_files_of_a_codebase(self, db: Database, project: Project) -> None:
        """Files list by path, are found by path, and go with their codebase."""
        with db.unit_of_work() as uow:
            codebase = GeneratedCodebase(project_id=project.id, agent_id="generator")
            codebase.files.extend(
                GeneratedFile.from_content(codebase_id=codebase.id, path=p, content="pass\n")
                for p in ("src/b.py", "src/a.py")
            )
            uow.codebases.add(codebase)
            uow.commit()
        with db.unit_of_work() as uow:
            assert [c.id for c in uow.codebases.list_for_project(project.id)] == [codebase.id]
            files = uow.files.list_for_codebase(codebase.id)
            assert [f.path for f in files] == ["src/a.py", "src/b.py"]
            found = uow.files.get_by_path(codebase.id, "src/a.py")
            assert found is not None
            assert (found.size, len(found.sha256)) == (5, 64)
            assert uow.files.get_by_path(codebase.id, "missing.py") is None
            uow.codebases.delete(uow.codebases.get_one(codebase.id))
            assert uow.files.count() == 0
