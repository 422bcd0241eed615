"""Generated codebases of a project: stored with their files, read back, listed."""

from __future__ import annotations

import builtins
from collections import Counter
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TypedDict

from socratic_core._events import EventName
from socratic_core.errors import InvalidInputError, NotFoundError
from socratic_core.models import (
    CodebaseStatus,
    GeneratedCodebase,
    GeneratedFile,
    TechnicalSpecification,
)
from socratic_core.services._base import ServiceContext, _Service, authorize
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.schemas import CodebaseDetail, CodebaseRead, FileRead
from socratic_core.services.validation import (
    require_choice,
    require_id,
    require_ids,
    require_str,
    require_text,
)
from socratic_core.uow import UnitOfWork

__all__ = [
    "CodebaseService",
    "add_codebase",
    "clean_paths",
    "detect_language",
    "specification_in",
]

_MAX_FILES = 10_000
_MAX_PATH = 512
_MAX_FILE_CHARS = 5_000_000
_AGENT_ID_LENGTH = 100
_SUMMARY_LENGTH = 10_000

_BY_SUFFIX = {
    ".py": "python", ".pyi": "python", ".js": "javascript", ".mjs": "javascript",
    ".cjs": "javascript", ".jsx": "javascript", ".ts": "typescript", ".tsx": "typescript",
    ".java": "java", ".kt": "kotlin", ".go": "go", ".rs": "rust", ".rb": "ruby", ".php": "php",
    ".cs": "csharp", ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp", ".hpp": "cpp",
    ".swift": "swift", ".scala": "scala", ".sh": "shell", ".bash": "shell", ".sql": "sql",
    ".html": "html", ".css": "css", ".md": "markdown", ".json": "json", ".yaml": "yaml",
    ".yml": "yaml", ".toml": "toml", ".xml": "xml", ".ini": "ini", ".cfg": "ini",
}  # fmt: skip
_BY_NAME = {"dockerfile": "dockerfile", "makefile": "makefile", "jenkinsfile": "groovy"}


def detect_language(path: str) -> str | None:
    """Return the language of a file from its path (`src/app.py` -> `python`), or None.

    Args:
        path: The file's path.

    Returns:
        A lower-case language name, or None when the path says nothing.
    """
    name = PurePosixPath(path).name
    return _BY_NAME.get(name.lower()) or _BY_SUFFIX.get(PurePosixPath(name).suffix.lower())


class CodebaseService:
    """Stores what a code-generating agent produced, with each file's size, hash and language.

    Args:
        context: The unit-of-work factory, event sink and clock.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._service = _Service(context)

    def store(
        self,
        actor_id: str,
        project_id: str,
        *,
        agent_id: str,
        files: Mapping[str, str],
        specification_id: str | None = None,
        summary: str | None = None,
        status: CodebaseStatus | str = CodebaseStatus.COMPLETED,
    ) -> CodebaseDetail:
        """Store a generated codebase and its files in one go (owners and editors).

        Args:
            actor_id: The acting user (who asked for the generation).
            project_id: The project.
            agent_id: The agent that generated it.
            files: Relative path -> text content (at most 10,000 files).
            specification_id: The specification it was built from, of the same project.
            summary: What was built.
            status: How far the generation got (default `completed`).

        Returns:
            The codebase with its files, by path.

        Raises:
            InvalidInputError: A bad path (absolute, `..`, too long), two paths that name the
                same file (`a.py` and `./a.py`), too many files, bad status.
            NotFoundError: No such project or specification, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        paths_asked = list(files) if isinstance(files, Mapping) else None
        request = {"project_id": project_id, "paths": paths_asked, "summary": summary}
        with self._service._attempt(
            "codebase.store",
            actor_id=actor_id,
            entity_type="codebase",
            request=request,
            project=project_id,
        ) as op:
            op.agent_id = agent_id
            fields = _codebase_fields(agent_id, specification_id, summary, status)
            clean_paths(files)  # a bad path is refused before the transaction opens
            with op.transaction() as uow:
                authorize(uow, actor_id, project_id, ProjectAction.STORE_CODEBASE)
                _check_specification(uow, project_id, specification_id)
                codebase, stored = add_codebase(uow, project_id=project_id, files=files, **fields)
                op.entity_id = codebase.id
                op.response = {"files": [[f.path, f.size, f.sha256] for f in stored]}
                op.announce(EventName.CODEBASE_STORED, {"files": len(stored)})
        return _detail(codebase, stored)

    def get(self, actor_id: str, codebase_id: str) -> CodebaseDetail:
        """Return a codebase with its files.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such codebase, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, codebase_id=codebase_id)
        with self._service._read() as uow:
            codebase = _codebase_for(uow, actor_id, codebase_id)
            return _detail(codebase, uow.files.list_for_codebase(codebase_id))

    def list(self, actor_id: str, project_id: str) -> builtins.list[CodebaseRead]:
        """Return a project's codebases (without their files), oldest first.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            authorize(uow, actor_id, project_id, ProjectAction.READ_CODEBASES)
            return [
                CodebaseRead.model_validate(c) for c in uow.codebases.list_for_project(project_id)
            ]

    def file(self, actor_id: str, codebase_id: str, path: str) -> FileRead:
        """Return one file of a codebase by its path, cleaned as `store` cleans it (`./a.py`).

        Raises:
            InvalidInputError: A path that no codebase can hold (absolute, `..`, too long).
            NotFoundError: No such codebase or file, or a codebase the actor may not see.
        """
        require_ids(actor_id=actor_id, codebase_id=codebase_id)
        clean = _clean_path(path, field="path")
        with self._service._read() as uow:
            _codebase_for(uow, actor_id, codebase_id)
            found = uow.files.get_by_path(codebase_id, clean)
            if found is None:
                raise NotFoundError(f"no file {path!r} in the codebase", entity="generated_file")
            return FileRead.model_validate(found)


def _detail(codebase: GeneratedCodebase, files: builtins.list[GeneratedFile]) -> CodebaseDetail:
    base = CodebaseRead.model_validate(codebase)
    return CodebaseDetail(**base.model_dump(), files=[FileRead.model_validate(f) for f in files])


def _codebase_for(uow: UnitOfWork, actor_id: str, codebase_id: str) -> GeneratedCodebase:
    codebase = uow.codebases.get(codebase_id)
    try:
        if codebase is None:
            raise NotFoundError("hidden")
        authorize(uow, actor_id, codebase.project_id, ProjectAction.READ_CODEBASES)
    except NotFoundError as exc:
        raise NotFoundError(
            f"codebase {codebase_id!r} not found", entity="codebase", entity_id=codebase_id
        ) from exc
    return codebase


def specification_in(
    uow: UnitOfWork, project_id: str, specification_id: str
) -> TechnicalSpecification:
    """Return a specification of the project, inside a unit of work the caller holds open.

    Args:
        uow: The open unit of work.
        project_id: The project the specification must belong to.
        specification_id: The specification.

    Returns:
        The specification.

    Raises:
        NotFoundError: No such specification in the project.
    """
    _check_specification(uow, project_id, specification_id)
    return uow.specifications.get_one(specification_id)


def add_codebase(
    uow: UnitOfWork,
    *,
    project_id: str,
    agent_id: str,
    files: Mapping[str, str],
    specification_id: str | None = None,
    summary: str | None = None,
    status: CodebaseStatus = CodebaseStatus.COMPLETED,
) -> tuple[GeneratedCodebase, builtins.list[GeneratedFile]]:
    """Add a codebase and its files inside a unit of work the caller holds open.

    For a caller that stores a codebase with other records in one transaction (the agent
    runner); it has authorized the actor and checked `specification_id` already.

    Args:
        uow: The open unit of work (not committed here).
        project_id: The project.
        agent_id: The agent that generated it.
        files: Relative path -> text content, cleaned as `CodebaseService.store` cleans them.
        specification_id: The specification it was built from.
        summary: What was built.
        status: How far the generation got (default `completed`).

    Returns:
        The codebase and its files, by path.

    Raises:
        InvalidInputError: A bad path, two paths naming one file, too many or too large files.
    """
    paths = clean_paths(files)
    codebase = uow.codebases.add(
        GeneratedCodebase(
            project_id=project_id,
            specification_id=specification_id,
            agent_id=agent_id,
            language=_main_language(paths),
            summary=summary,
            status=status,
        )
    )
    contents = sorted(paths.items())
    stored = uow.files.add_many(
        [
            GeneratedFile.from_content(
                codebase_id=codebase.id, path=path, content=text, language=detect_language(path)
            )
            for path, text in contents
        ]
    )
    return codebase, stored


def _check_specification(uow: UnitOfWork, project_id: str, specification_id: str | None) -> None:
    if specification_id is None:
        return
    spec = uow.specifications.get(specification_id)
    if spec is None or spec.project_id != project_id:
        raise NotFoundError(
            f"specification {specification_id!r} not found in the project",
            entity="specification",
            entity_id=specification_id,
        )


class _CodebaseFields(TypedDict):
    agent_id: str
    specification_id: str | None
    summary: str | None
    status: CodebaseStatus


def _codebase_fields(
    agent_id: object, specification_id: str | None, summary: object, status: object
) -> _CodebaseFields:
    if specification_id is not None:
        require_id(specification_id, field="specification_id")
    return {
        "agent_id": require_text(agent_id, field="agent_id", max_length=_AGENT_ID_LENGTH),
        "specification_id": specification_id,
        "summary": None
        if summary is None
        else require_text(summary, field="summary", max_length=_SUMMARY_LENGTH, strip=False),
        "status": require_choice(status, CodebaseStatus, field="status"),
    }


def clean_paths(files: Mapping[str, str]) -> dict[str, str]:
    """Check and clean a codebase's paths, as every store of a codebase does.

    The agent runner calls it in its quality gate, so that a model's bad path fails that
    attempt (and is fed back) instead of reaching the store.

    Args:
        files: Relative path -> text content.

    Returns:
        Clean path (`./` parts dropped, backslashes read as `/`) -> content.

    Raises:
        InvalidInputError: A bad path (absolute, `..`, a drive, too long), two paths that name
            one file, content that is not text or too large, or too many files.
    """
    if not isinstance(files, Mapping):
        raise InvalidInputError(
            f"files must map paths to text, not {type(files).__name__}", field="files"
        )
    if len(files) > _MAX_FILES:
        raise InvalidInputError(f"at most {_MAX_FILES} files", field="files")
    cleaned: dict[str, str] = {}
    originals: dict[str, str] = {}
    for path, content in files.items():
        clean = _clean_path(path, field="files")
        require_str(content, field="files", max_length=_MAX_FILE_CHARS)
        if clean in cleaned:
            raise InvalidInputError(
                f"file paths {originals[clean]!r} and {path!r} both name {clean!r}",
                field="files",
                reason="duplicate path",
            )
        cleaned[clean] = content
        originals[clean] = path
    return cleaned


def _clean_path(path: str, *, field: str) -> str:
    require_str(path, field=field, max_length=_MAX_PATH)
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if (
        not parts
        or path.startswith(("/", "\\"))
        or ".." in parts
        or len(path) > _MAX_PATH
        or ":" in parts[0]
    ):
        raise InvalidInputError(
            f"invalid file path {path!r}: it must be relative, inside the codebase, "
            f"and at most {_MAX_PATH} characters",
            field=field,
            reason="invalid path",
        )
    return "/".join(part for part in parts if part != ".")


def _main_language(files: Mapping[str, str]) -> str | None:
    weights: Counter[str] = Counter()
    for path, content in files.items():
        if len(content) > _MAX_FILE_CHARS:
            raise InvalidInputError(
                f"{path} is over {_MAX_FILE_CHARS} characters", field="files", reason="too large"
            )
        language = detect_language(path)
        if language is not None:
            weights[language] += len(content) + 1
    return weights.most_common(1)[0][0] if weights else None
