"""Projects, phases and collaborators on real databases."""

from __future__ import annotations

import pytest

from socratic_core import EventName
from socratic_core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socratic_core.models import CollaboratorRole, ProjectPhase, ProjectStatus

from .conftest import Harness


class TestCreateAndRead:
    """Creating a project makes its creator the owner."""

    def test_creator_becomes_owner(self, harness: Harness) -> None:
        """The project starts in planning, active, with the creator as its owner member."""
        owner = harness.user()
        project = harness.app.projects.create(owner.id, name="Demo", tech_stack=["python"])
        assert (project.owner_id, project.phase, project.status) == (
            owner.id,
            ProjectPhase.PLANNING,
            ProjectStatus.ACTIVE,
        )
        members = harness.app.projects.collaborators(owner.id, project.id)
        assert [(m.user_id, m.role) for m in members] == [(owner.id, CollaboratorRole.OWNER)]
        assert harness.app.projects.get(owner.id, project.id).tech_stack == ["python"]

    def test_list_shows_owned_and_shared_projects(self, harness: Harness) -> None:
        """A user lists the projects they own or collaborate on, never deleted ones."""
        alice, bob = harness.user(), harness.user()
        mine = harness.app.projects.create(alice.id, name="Mine")
        shared = harness.app.projects.create(bob.id, name="Shared")
        harness.app.projects.create(bob.id, name="Private")
        harness.app.projects.add_collaborator(bob.id, shared.id, alice.id, "viewer")
        gone = harness.app.projects.create(alice.id, name="Gone")
        harness.app.projects.delete(alice.id, gone.id)
        assert {p.id for p in harness.app.projects.list(alice.id)} == {mine.id, shared.id}

    def test_bad_input_names_the_field(self, harness: Harness) -> None:
        """An empty name or an oversized description is refused on its field."""
        owner = harness.user()
        with pytest.raises(InvalidInputError) as empty:
            harness.app.projects.create(owner.id, name="   ")
        assert empty.value.field == "name"
        with pytest.raises(InvalidInputError) as long:
            harness.app.projects.create(owner.id, name="X", description="x" * 10_001)
        assert long.value.field == "description"


class TestVisibility:
    """A project the user may not see is indistinguishable from one that does not exist."""

    def test_hidden_and_missing_give_the_same_error(self, harness: Harness) -> None:
        """A stranger gets the same NotFoundError shape as for a project that never existed."""
        owner, stranger = harness.user(), harness.user()
        project = harness.app.projects.create(owner.id, name="Secret")
        with pytest.raises(NotFoundError) as hidden:
            harness.app.projects.get(stranger.id, project.id)
        with pytest.raises(NotFoundError) as missing:
            harness.app.projects.get(stranger.id, "00000000-0000-0000-0000-000000000000")
        assert (hidden.value.entity, type(hidden.value)) == (missing.value.entity, NotFoundError)
        assert str(hidden.value).replace(project.id, "ID") == str(missing.value).replace(
            "00000000-0000-0000-0000-000000000000", "ID"
        )

    def test_deleted_project_is_gone_for_everyone(self, harness: Harness) -> None:
        """After a soft delete even the owner gets NotFoundError, but the row is kept."""
        owner = harness.user()
        project = harness.app.projects.create(owner.id, name="Temp")
        harness.app.projects.delete(owner.id, project.id)
        with pytest.raises(NotFoundError):
            harness.app.projects.get(owner.id, project.id)
        with harness.database.unit_of_work() as uow:
            assert uow.projects.get_one(project.id).status is ProjectStatus.DELETED


class TestPhases:
    """Phases move one step at a time."""

    def test_walk_forward_and_back(self, harness: Harness) -> None:
        """Every phase in turn, then one step back, each announced."""
        owner = harness.user()
        project = harness.app.projects.create(owner.id, name="Walk")
        for phase in list(ProjectPhase)[1:]:
            project = harness.app.projects.change_phase(owner.id, project.id, phase)
        assert project.phase is ProjectPhase.COMPLETED
        project = harness.app.projects.change_phase(owner.id, project.id, "deployment")
        assert project.phase is ProjectPhase.DEPLOYMENT
        changes = [e.data for e in harness.events if e.name is EventName.PROJECT_PHASE_CHANGED]
        assert changes[0] == {"from": "planning", "to": "design"}
        assert changes[-1] == {"from": "completed", "to": "deployment"}

    def test_skipping_is_refused_clearly(self, harness: Harness) -> None:
        """Skipping ahead is an input error naming the next phase; the phase stays."""
        owner = harness.user()
        project = harness.app.projects.create(owner.id, name="Skip")
        with pytest.raises(InvalidInputError, match="next phase is design") as caught:
            harness.app.projects.change_phase(owner.id, project.id, ProjectPhase.TESTING)
        assert caught.value.field == "phase"
        assert harness.app.projects.get(owner.id, project.id).phase is ProjectPhase.PLANNING


class TestUpdate:
    """Updates respect the optimistic lock the caller read."""

    def test_update_and_stale_version(self, harness: Harness) -> None:
        """An update with the current version works; one with the old version conflicts."""
        owner = harness.user()
        project = harness.app.projects.create(owner.id, name="V")
        updated = harness.app.projects.update(
            owner.id, project.id, name="V2", expected_version=project.version
        )
        assert (updated.name, updated.version) == ("V2", project.version + 1)
        with pytest.raises(ConflictError) as caught:
            harness.app.projects.update(
                owner.id, project.id, name="V3", expected_version=project.version
            )
        assert caught.value.field == "version"
        assert harness.app.projects.get(owner.id, project.id).name == "V2"


class TestCollaborators:
    """Membership is the owner's business."""

    def test_add_change_remove(self, harness: Harness) -> None:
        """The owner adds a viewer, promotes them to editor, then removes them."""
        owner, bob = harness.user(), harness.user()
        project = harness.app.projects.create(owner.id, name="Team")
        added = harness.app.projects.add_collaborator(owner.id, project.id, bob.id)
        assert added.role is CollaboratorRole.VIEWER
        changed = harness.app.projects.change_role(owner.id, project.id, bob.id, "editor")
        assert changed.role is CollaboratorRole.EDITOR
        harness.app.projects.remove_collaborator(owner.id, project.id, bob.id)
        with pytest.raises(NotFoundError):
            harness.app.projects.get(bob.id, project.id)

    def test_membership_rules(self, harness: Harness) -> None:
        """No second owner, no duplicate member, the owner stays, unknown users are not found."""
        owner, bob = harness.user(), harness.user()
        project = harness.app.projects.create(owner.id, name="Rules")
        with pytest.raises(InvalidInputError):
            harness.app.projects.add_collaborator(owner.id, project.id, bob.id, "owner")
        harness.app.projects.add_collaborator(owner.id, project.id, bob.id, "editor")
        with pytest.raises(ConflictError):
            harness.app.projects.add_collaborator(owner.id, project.id, bob.id, "viewer")
        with pytest.raises(InvalidInputError):
            harness.app.projects.remove_collaborator(owner.id, project.id, owner.id)
        with pytest.raises(NotFoundError):
            harness.app.projects.add_collaborator(owner.id, project.id, "no-such-user")

    def test_editor_cannot_manage_members(self, harness: Harness) -> None:
        """An editor gets PermissionDeniedError naming the action."""
        owner, editor, carol = harness.user(), harness.user(), harness.user()
        project = harness.app.projects.create(owner.id, name="Edit")
        harness.app.projects.add_collaborator(owner.id, project.id, editor.id, "editor")
        with pytest.raises(PermissionDeniedError) as caught:
            harness.app.projects.add_collaborator(editor.id, project.id, carol.id)
        assert caught.value.action == "collaborator.add"
