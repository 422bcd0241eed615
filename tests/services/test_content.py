"""Sessions, messages, specifications and codebases on real databases."""

from __future__ import annotations

import hashlib

import pytest

from socratic_core.errors import InvalidInputError, NotFoundError
from socratic_core.models import MessageRole, SessionMode, SessionStatus

from .conftest import Harness


def _project(h: Harness) -> tuple[str, str]:
    owner = h.user()
    return owner.id, h.app.projects.create(owner.id, name="Content").id


class TestSessions:
    """Sessions keep their messages in order and page through them."""

    def test_start_add_and_page_history(self, harness: Harness) -> None:
        """Messages come back in order across keyset pages."""
        owner, project = _project(harness)
        session = harness.app.sessions.start(owner, project, title="Plan", mode="chat")
        assert (session.mode, session.status) == (SessionMode.CHAT, SessionStatus.ACTIVE)
        for i in range(7):
            harness.app.sessions.add_message(
                owner, session.id, f"m{i}", role="assistant" if i % 2 else "user"
            )
        pages, cursor = [], None
        while True:
            page = harness.app.sessions.history(owner, session.id, limit=3, cursor=cursor)
            pages.append([m.content for m in page.items])
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert pages == [["m0", "m1", "m2"], ["m3", "m4", "m5"], ["m6"]]
        assert [s.id for s in harness.app.sessions.list(owner, project)] == [session.id]

    def test_message_fields(self, harness: Harness) -> None:
        """Role, agent, author and metadata are stored with the message."""
        owner, project = _project(harness)
        session = harness.app.sessions.start(owner, project, title="Meta")
        message = harness.app.sessions.add_message(
            owner, session.id, "answer", role=MessageRole.AGENT, agent_id="coach",
            metadata={"tokens": 12},
        )  # fmt: skip
        assert (message.role, message.agent_id, message.user_id, message.metadata) == (
            MessageRole.AGENT,
            "coach",
            owner,
            {"tokens": 12},
        )

    def test_content_is_kept_verbatim(self, harness: Harness) -> None:
        """Leading indentation and trailing newlines of a message survive."""
        owner, project = _project(harness)
        session = harness.app.sessions.start(owner, project, title="Code")
        code = "    def f():\n        return 1\n"
        assert harness.app.sessions.add_message(owner, session.id, code).content == code
        assert harness.app.sessions.history(owner, session.id).items[0].content == code

    def test_closed_session_takes_no_messages(self, harness: Harness) -> None:
        """After close, adding a message is an input error."""
        owner, project = _project(harness)
        session = harness.app.sessions.start(owner, project, title="Done")
        assert harness.app.sessions.close(owner, session.id).status is SessionStatus.COMPLETED
        with pytest.raises(InvalidInputError, match="completed"):
            harness.app.sessions.add_message(owner, session.id, "late")

    def test_bad_input(self, harness: Harness) -> None:
        """Unknown modes and roles, empty content and bad page sizes are refused."""
        owner, project = _project(harness)
        with pytest.raises(InvalidInputError):
            harness.app.sessions.start(owner, project, title="X", mode="lecture")
        session = harness.app.sessions.start(owner, project, title="X")
        with pytest.raises(InvalidInputError):
            harness.app.sessions.add_message(owner, session.id, "hi", role="robot")
        with pytest.raises(InvalidInputError):
            harness.app.sessions.add_message(owner, session.id, "   ")
        with pytest.raises(InvalidInputError):
            harness.app.sessions.history(owner, session.id, limit=0)

    def test_hidden_session(self, harness: Harness) -> None:
        """A stranger cannot tell a session of someone else's project from a missing one."""
        owner, project = _project(harness)
        session = harness.app.sessions.start(owner, project, title="Private")
        stranger = harness.user()
        for session_id in (session.id, "missing"):
            with pytest.raises(NotFoundError, match=r"session .* not found"):
                harness.app.sessions.get(stranger.id, session_id)


class TestSpecifications:
    """Specifications are numbered per project and all versions stay readable."""

    def test_versions(self, harness: Harness) -> None:
        """Each create takes the next version; latest and list agree."""
        owner, project = _project(harness)
        first = harness.app.specifications.create(owner, project, title="v1", content="A")
        second = harness.app.specifications.create(
            owner, project, title="v2", content="B", agent_id="architect"
        )
        assert (first.version, second.version) == (1, 2)
        assert harness.app.specifications.latest(owner, project).id == second.id
        assert [s.version for s in harness.app.specifications.list(owner, project)] == [1, 2]
        assert harness.app.specifications.get(owner, first.id).content == "A"

    def test_none_yet(self, harness: Harness) -> None:
        """A project without a specification has no latest one."""
        owner, project = _project(harness)
        with pytest.raises(NotFoundError):
            harness.app.specifications.latest(owner, project)


class TestCodebases:
    """Codebases keep their files with size, hash and language."""

    def test_store_and_read_back(self, harness: Harness) -> None:
        """Files come back by path with size, SHA-256 and a language detected from the path."""
        owner, project = _project(harness)
        spec = harness.app.specifications.create(owner, project, title="S", content="C")
        files = {
            "src/app.py": "print('héllo')\n",
            "./README.md": "# Demo\n",
            "Dockerfile": "FROM python\n",
        }
        stored = harness.app.codebases.store(
            owner, project, agent_id="gen", files=files, specification_id=spec.id, summary="Demo"
        )
        assert [f.path for f in stored.files] == ["Dockerfile", "README.md", "src/app.py"]
        app_py = stored.files[2]
        data = files["src/app.py"].encode()
        assert (app_py.size, app_py.sha256, app_py.language) == (
            len(data),
            hashlib.sha256(data).hexdigest(),
            "python",
        )
        assert stored.language == "python"
        assert harness.app.codebases.get(owner, stored.id).files == stored.files
        assert harness.app.codebases.file(owner, stored.id, "README.md").language == "markdown"
        assert [c.id for c in harness.app.codebases.list(owner, project)] == [stored.id]

    @pytest.mark.parametrize("path", ["/etc/passwd", "../up.py", "a/../../b.py", "C:/x.py", ""])
    def test_unsafe_paths_are_refused(self, harness: Harness, path: str) -> None:
        """Absolute paths and paths leaving the codebase are refused."""
        owner, project = _project(harness)
        with pytest.raises(InvalidInputError):
            harness.app.codebases.store(owner, project, agent_id="gen", files={path: "x"})

    @pytest.mark.parametrize(
        "files",
        [
            {"a.py": "x = 1\n", "./a.py": "x = 2\n"},
            {"src/a.py": "x", "src/./a.py": "y"},
            {"src/a.py": "x", "src\\a.py": "y"},
        ],
    )
    def test_paths_naming_the_same_file_are_refused(
        self, harness: Harness, files: dict[str, str]
    ) -> None:
        """Two paths that clean to one name are refused, naming both, and nothing is stored."""
        owner, project = _project(harness)
        with pytest.raises(InvalidInputError) as caught:
            harness.app.codebases.store(
                owner, project, agent_id="gen", files={"keep.md": "k", **files}
            )
        assert (caught.value.field, caught.value.reason) == ("files", "duplicate path")
        assert all(repr(path) in str(caught.value) for path in files)
        assert harness.app.codebases.list(owner, project) == []

    def test_file_path_is_cleaned_like_stored_paths(self, harness: Harness) -> None:
        """A file is found by any spelling of its path that `store` would clean to the same name."""
        owner, project = _project(harness)
        stored = harness.app.codebases.store(
            owner, project, agent_id="gen", files={"./src/a.py": "x = 1\n"}
        )
        for path in ("src/a.py", "./src/a.py", "src/./a.py", "src\\a.py"):
            assert harness.app.codebases.file(owner, stored.id, path).content == "x = 1\n"
        with pytest.raises(NotFoundError):
            harness.app.codebases.file(owner, stored.id, "src/b.py")
        with pytest.raises(InvalidInputError) as caught:
            harness.app.codebases.file(owner, stored.id, "../src/a.py")
        assert caught.value.field == "path"

    def test_specification_of_another_project(self, harness: Harness) -> None:
        """A specification must belong to the same project."""
        owner, project = _project(harness)
        other = harness.app.projects.create(owner, name="Other")
        spec = harness.app.specifications.create(owner, other.id, title="S", content="C")
        with pytest.raises(NotFoundError):
            harness.app.codebases.store(
                owner, project, agent_id="gen", files={"a.py": ""}, specification_id=spec.id
            )
