"""Projects, sessions, instructions, specifications and codebases refuse hostile input alike."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from ..conftest import Hostile, stored_size

BAD_TEXT = ["ab\x00cd", "ab\ud800cd", None, 7, b"bytes"]


def _owner(h: Hostile) -> tuple[str, str, str]:
    owner = h.user("owner")
    project = h.app.projects.create(owner.id, name="Target")
    session = h.app.sessions.start(owner.id, project.id, title="S")
    return owner.id, project.id, session.id


class TestProjects:
    """Project writes name the bad field and store nothing."""

    @pytest.mark.parametrize("value", BAD_TEXT)
    def test_bad_name(self, hostile: Hostile, value: object) -> None:
        """A bad project name is refused; no project is stored."""
        owner = hostile.user("owner")
        hostile.refuses(lambda: hostile.app.projects.create(owner.id, name=value), "name")  # type: ignore[arg-type]
        assert hostile.count("projects") == 0

    def test_oversized_description(self, hostile: Hostile) -> None:
        """A refused 20 MB description leaves a small audit row."""
        owner = hostile.user("owner")
        row = hostile.refuses(
            lambda: hostile.app.projects.create(owner.id, name="P", description="d" * 20_000_000),
            "description",
        )
        assert row["request"]["description"]["$length"] == 20_000_000
        assert stored_size(row) < 3_000
        assert hostile.count("projects") == 0

    @pytest.mark.parametrize("stack", [[None], "python", [b"x"], ["ok", "bad\x00"], ["x"] * 51])
    def test_bad_tech_stack(self, hostile: Hostile, stack: Any) -> None:
        """Items that are not clean text, a bare string or too many items are refused."""
        owner = hostile.user("owner")
        hostile.refuses(
            lambda: hostile.app.projects.create(owner.id, name="P", tech_stack=stack),
            "tech_stack",
        )
        assert hostile.count("projects") == 0

    @pytest.mark.parametrize("actor", ["id\x00", None, 10**20, "x" * 1000])
    def test_bad_actor(self, hostile: Hostile, actor: object) -> None:
        """A bad acting user id is refused and audited (without a user to blame)."""
        hostile.refuses(lambda: hostile.app.projects.create(actor, name="P"), "actor_id")  # type: ignore[arg-type]

    def test_bad_update_leaves_the_project_as_it_was(self, hostile: Hostile) -> None:
        """An update with one bad field changes nothing, not even the good fields."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.projects.update(
                owner, project_id, name="New name", description="bad\x00"
            ),
            "description",
        )
        project = hostile.app.projects.get(owner, project_id)
        assert (project.name, project.version) == ("Target", 1)

    @pytest.mark.parametrize(("call", "field"), [("phase", "phase"), ("role", "role")])
    def test_bad_choices(self, hostile: Hostile, call: str, field: str) -> None:
        """A phase or role that is not one of the choices is refused naming it."""
        owner, project_id, _session = _owner(hostile)
        other = hostile.user("other")
        if call == "phase":
            hostile.refuses(
                lambda: hostile.app.projects.change_phase(owner, project_id, None),  # type: ignore[arg-type]
                field,
            )
        else:
            hostile.refuses(
                lambda: hostile.app.projects.add_collaborator(owner, project_id, other.id, 5),  # type: ignore[arg-type]
                field,
            )

    def test_bad_collaborator_id(self, hostile: Hostile) -> None:
        """A NUL in the collaborator's id is refused on PostgreSQL as on SQLite."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.projects.add_collaborator(owner, project_id, "u\x00"), "user_id"
        )


def _cyclic() -> dict[str, Any]:
    data: dict[str, Any] = {}
    data["self"] = data
    return data


def _deep(levels: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for _ in range(levels):
        data = {"d": data}
    return data


class TestMessages:
    """`add_message` validates content, role, agent and metadata before writing anything."""

    @pytest.mark.parametrize(
        "metadata",
        [
            {1: "a"},
            {"x": math.nan},
            {"x": math.inf},
            {"x": {1, 2}},
            {"x": datetime(2026, 1, 1)},
            {"x": b"raw"},
            {"x": "nul\x00"},
            _cyclic(),
            _deep(50),
            {"x": "y" * 70_000},
            ["not", "an", "object"],
        ],
    )
    def test_bad_metadata(self, hostile: Hostile, metadata: Any) -> None:
        """Metadata that is not bounded plain JSON is refused; no message, one audit row."""
        owner, _project, session_id = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.sessions.add_message(owner, session_id, "hi", metadata=metadata),
            "metadata",
        )
        assert hostile.count("messages") == 0

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"content": "a\x00b"}, "content"),
            ({"content": None}, "content"),
            ({"content": "\ud800"}, "content"),
            ({"content": "hi", "role": None}, "role"),
            ({"content": "hi", "role": "root"}, "role"),
            ({"content": "hi", "agent_id": "a" * 101}, "agent_id"),
            ({"content": "hi", "agent_id": "bot\x00"}, "agent_id"),
        ],
    )
    def test_bad_fields(self, hostile: Hostile, kwargs: dict[str, Any], field: str) -> None:
        """Each bad field is named; nothing is stored."""
        owner, _project, session_id = _owner(hostile)
        kwargs = dict(kwargs)  # the parameter is shared by both databases
        content = kwargs.pop("content")
        hostile.refuses(
            lambda: hostile.app.sessions.add_message(owner, session_id, content, **kwargs), field
        )
        assert hostile.count("messages") == 0

    def test_good_metadata_is_kept(self, hostile: Hostile) -> None:
        """Plain nested JSON metadata is stored as given."""
        owner, _project, session_id = _owner(hostile)
        meta = {"tokens": 12, "tags": ["a", "b"], "score": 0.5, "nested": {"ok": True}}
        message = hostile.app.sessions.add_message(owner, session_id, "hi", metadata=meta)
        assert message.metadata == meta

    @pytest.mark.parametrize("title", BAD_TEXT)
    def test_bad_session_title(self, hostile: Hostile, title: object) -> None:
        """A bad session title is refused; no session is stored."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.sessions.start(owner, project_id, title=title),  # type: ignore[arg-type]
            "title",
        )
        assert hostile.count("sessions") == 1


class TestInstructionsSpecificationsCodebases:
    """The other content services refuse the same classes of input."""

    @pytest.mark.parametrize("text", BAD_TEXT)
    def test_bad_instruction_text(self, hostile: Hostile, text: object) -> None:
        """Bad instruction text is refused before it is parsed; nothing is stored."""
        owner = hostile.user("owner")
        hostile.refuses(
            lambda: hostile.app.instructions.create(owner.id, title="T", text=text),  # type: ignore[arg-type]
            "rules_text",
        )
        assert hostile.count("user_instructions") == 0

    def test_bad_specification(self, hostile: Hostile) -> None:
        """A NUL in specification content is refused; nothing is stored."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.specifications.create(
                owner, project_id, title="Spec", content="a\x00"
            ),
            "content",
        )
        assert hostile.count("technical_specifications") == 0

    @pytest.mark.parametrize(
        ("files", "field"),
        [
            ({"a\x00.py": "x"}, "files"),
            ({"a.py": "x\x00"}, "files"),
            ({"a.py": None}, "files"),
            ({"a.py": "\ud800"}, "files"),
            ({7: "x"}, "files"),
            (None, "files"),
        ],
    )
    def test_bad_files(self, hostile: Hostile, files: Any, field: str) -> None:
        """Bad paths and contents are refused; no codebase or file is stored."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.codebases.store(owner, project_id, agent_id="coder", files=files),
            field,
        )
        assert hostile.count("generated_codebases") == 0

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [({"agent_id": "a" * 101}, "agent_id"), ({"agent_id": None}, "agent_id")],
    )
    def test_bad_codebase_agent(self, hostile: Hostile, kwargs: dict[str, Any], field: str) -> None:
        """An agent id longer than its column, or none, is refused on both databases."""
        owner, project_id, _session = _owner(hostile)
        hostile.refuses(
            lambda: hostile.app.codebases.store(owner, project_id, files={"a.py": "x"}, **kwargs),
            field,
        )
        assert hostile.count("generated_codebases") == 0
