"""Instructions: users' AI behaviour rules, parsed on write, versioned, merged into rule sets."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from typing import Any

from socratic_core._events import EventName
from socratic_core.errors import ConflictError, NotFoundError
from socratic_core.models import UserInstruction
from socratic_core.rules import CheckDeclaration, RuleEngine, RuleSet, parse_instructions
from socratic_core.services._base import ServiceContext, _Service, authorize, load_actor
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.schemas import (
    InstructionRead,
    InstructionResult,
    InstructionRevisionRead,
)
from socratic_core.services.validation import require_id, require_ids, require_int, require_text
from socratic_core.uow import UnitOfWork

__all__ = ["InstructionService"]

_TITLE_LENGTH = 200
MAX_INSTRUCTION_LENGTH = 100_000
"""The most characters one instruction's text may have."""


class InstructionService:
    """Stores instruction text with the rules parsed from it, and builds active rule sets.

    Only the user who wrote an instruction can see or change it; a project instruction also
    needs a role in that project that may write instructions (owner or editor).

    Args:
        context: The unit-of-work factory, event sink and clock.
        engine: The rule engine whose checks give the instruction vocabulary (the facade's
            `Socratic.engine`); None uses the built-in vocabulary only.
    """

    def __init__(self, context: ServiceContext, *, engine: RuleEngine | None = None) -> None:
        self._service = _Service(context)
        self._engine = engine

    def create(
        self,
        actor_id: str,
        *,
        title: str,
        text: str,
        project_id: str | None = None,
        strict: bool = False,
    ) -> InstructionResult:
        """Parse and store a new, active instruction (revision 1).

        Args:
            actor_id: The acting user, who will own the instruction.
            title: 1 to 200 characters.
            text: The instruction text, up to 100,000 characters.
            project_id: The project it applies to; None for all the user's projects.
            strict: Refuse text with malformed statements instead of returning diagnostics.

        Returns:
            The stored instruction and the parser's diagnostics.

        Raises:
            InvalidInputError: An empty or oversized title or text.
            RuleSyntaxError: In strict mode, a malformed statement.
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer of the project.
        """
        length = len(text) if isinstance(text, str) else None
        request = {"title": title, "project_id": project_id, "length": length}
        with self._service._attempt(
            "instruction.create",
            actor_id=actor_id,
            entity_type="instruction",
            request=request,
            project=project_id,
        ) as op:
            title = require_text(title, field="title", max_length=_TITLE_LENGTH)
            ruleset = self._parse(text, strict=strict)
            with op.transaction() as uow:
                load_actor(uow, actor_id)
                if project_id is not None:
                    authorize(uow, actor_id, project_id, ProjectAction.WRITE_INSTRUCTIONS)
                instruction = uow.instructions.add(
                    UserInstruction(
                        user_id=actor_id,
                        project_id=project_id,
                        title=title,
                        rules_text=text,
                        **_parsed(ruleset),
                    )
                )
                uow.instructions.add_revision(instruction)
                op.entity_id = instruction.id
                op.response = {"rules": len(ruleset.rules), "categories": ruleset.categories}
                op.announce(EventName.INSTRUCTION_CREATED, {"project_id": project_id})
        return _result(instruction, ruleset)

    def update(
        self,
        actor_id: str,
        instruction_id: str,
        *,
        title: str | None = None,
        text: str | None = None,
        strict: bool = False,
        expected_version: int | None = None,
    ) -> InstructionResult:
        """Store new content as the instruction's next revision; earlier ones stay readable.

        Args:
            actor_id: The acting user (the instruction's owner).
            instruction_id: The instruction.
            title: A new title, or None to keep it.
            text: New text (parsed again), or None to keep it.
            strict: Refuse text with malformed statements.
            expected_version: The `version` the caller last read; a newer one is a conflict.

        Returns:
            The instruction at its new revision and the parser's diagnostics.

        Raises:
            ConflictError: The instruction changed since `expected_version`.
            InvalidInputError: An empty or oversized title or text.
            RuleSyntaxError: In strict mode, a malformed statement.
            NotFoundError: No such instruction, or one the actor may not see.
        """
        request = {"title": title, "length": len(text) if isinstance(text, str) else None}
        with self._service._attempt(
            "instruction.update",
            actor_id=actor_id,
            entity_type="instruction",
            entity_id=instruction_id,
            request=request,
            project=_project_of(instruction_id),
        ) as op:
            if expected_version is not None:
                require_int(expected_version, field="expected_version", minimum=0, maximum=2**31)
            new_title = (
                None
                if title is None
                else require_text(title, field="title", max_length=_TITLE_LENGTH)
            )
            ruleset = None if text is None else self._parse(text, strict=strict)
            with op.transaction() as uow:
                instruction = _own(uow, actor_id, instruction_id, write=True)
                _check_version(instruction, expected_version)
                if ruleset is None:
                    ruleset = RuleSet.from_dict({"rules": instruction.parsed_rules})
                else:
                    instruction.rules_text = text or ""
                    for key, value in _parsed(ruleset).items():
                        setattr(instruction, key, value)
                instruction.title = new_title or instruction.title
                instruction.revision += 1
                instruction = uow.instructions.update(instruction)
                uow.instructions.add_revision(instruction)
                op.response = {"revision": instruction.revision}
                op.announce(EventName.INSTRUCTION_CHANGED, {"revision": instruction.revision})
        return _result(instruction, ruleset)

    def activate(self, actor_id: str, instruction_id: str) -> InstructionRead:
        """Make an instruction part of the user's active rule set.

        Raises:
            NotFoundError: No such instruction, or one the actor may not see.
        """
        return self._set_active(actor_id, instruction_id, active=True)

    def deactivate(self, actor_id: str, instruction_id: str) -> InstructionRead:
        """Leave an instruction out of the user's active rule set (it is kept).

        Raises:
            NotFoundError: No such instruction, or one the actor may not see.
        """
        return self._set_active(actor_id, instruction_id, active=False)

    def _set_active(self, actor_id: str, instruction_id: str, *, active: bool) -> InstructionRead:
        with self._service._write(
            "instruction.activate" if active else "instruction.deactivate",
            actor_id=actor_id,
            entity_type="instruction",
            entity_id=instruction_id,
            project=_project_of(instruction_id),
        ) as op:
            instruction = _own(op.uow, actor_id, instruction_id, write=True)
            instruction.is_active = active
            instruction = op.uow.instructions.update(instruction)
            op.announce(EventName.INSTRUCTION_CHANGED, {"is_active": active})
        return InstructionRead.model_validate(instruction)

    def delete(self, actor_id: str, instruction_id: str) -> None:
        """Delete an instruction and its revisions (the audit trail keeps the record).

        Raises:
            NotFoundError: No such instruction, or one the actor may not see.
        """
        with self._service._write(
            "instruction.delete",
            actor_id=actor_id,
            entity_type="instruction",
            entity_id=instruction_id,
            project=_project_of(instruction_id),
        ) as op:
            op.uow.instructions.delete(_own(op.uow, actor_id, instruction_id, write=True))
            op.announce(EventName.INSTRUCTION_DELETED)

    def get(self, actor_id: str, instruction_id: str) -> InstructionRead:
        """Return one of the actor's instructions at its current revision.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such instruction, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, instruction_id=instruction_id)
        with self._service._read() as uow:
            return InstructionRead.model_validate(_own(uow, actor_id, instruction_id))

    def list(
        self, actor_id: str, *, project_id: str | None = None
    ) -> builtins.list[InstructionRead]:
        """Return the actor's instructions: all of them, or those of one project.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            load_actor(uow, actor_id)
            if project_id is None:
                rows = uow.instructions.list_by_user(actor_id)
            else:
                authorize(uow, actor_id, project_id, ProjectAction.READ_INSTRUCTIONS)
                rows = [
                    r for r in uow.instructions.list_by_project(project_id) if r.user_id == actor_id
                ]
            return [InstructionRead.model_validate(row) for row in rows]

    def revisions(
        self, actor_id: str, instruction_id: str
    ) -> builtins.list[InstructionRevisionRead]:
        """Return every revision of an instruction, oldest first.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such instruction, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, instruction_id=instruction_id)
        with self._service._read() as uow:
            _own(uow, actor_id, instruction_id)
            rows = uow.instructions.list_revisions(instruction_id)
            return [InstructionRevisionRead.model_validate(row) for row in rows]

    def revision(
        self, actor_id: str, instruction_id: str, revision: int
    ) -> InstructionRevisionRead:
        """Return one revision of an instruction.

        Raises:
            InvalidInputError: An id that is not text or too long, or a revision not an int.
            NotFoundError: No such instruction or revision, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, instruction_id=instruction_id)
        require_int(revision, field="revision", minimum=-(2**31), maximum=2**31)
        with self._service._read() as uow:
            _own(uow, actor_id, instruction_id)
            row = uow.instructions.get_revision(instruction_id, revision)
            if row is None:
                raise NotFoundError(
                    f"instruction {instruction_id!r} has no revision {revision}",
                    entity="instruction_revision",
                    entity_id=instruction_id,
                )
            return InstructionRevisionRead.model_validate(row)

    def active_rules(self, actor_id: str, project_id: str | None = None) -> RuleSet:
        """Return the actor's active rule set: global instructions, then the project's on top.

        Project rules take precedence over global ones for the same check and scope.

        Args:
            actor_id: The acting user.
            project_id: The project to include the instructions of, if any.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            load_actor(uow, actor_id)
            if project_id is not None:
                authorize(uow, actor_id, project_id, ProjectAction.READ_INSTRUCTIONS)
            rows = uow.instructions.list_active_for(actor_id, project_id)
            layers = [
                [
                    rule
                    for row in rows
                    if (row.project_id is None) is is_global
                    for rule in row.parsed_rules
                ]
                for is_global in (True, False)
            ]
        global_rules, project_rules = (RuleSet.from_dict({"rules": layer}) for layer in layers)
        return global_rules.merge(project_rules)

    def _parse(self, text: str, *, strict: bool) -> RuleSet:
        text = require_text(text, field="rules_text", max_length=MAX_INSTRUCTION_LENGTH)
        return parse_instructions(text, strict=strict, declarations=self._vocabulary())

    def _vocabulary(self) -> Iterable[CheckDeclaration] | None:
        return None if self._engine is None else self._engine.declarations


def _project_of(instruction_id: str) -> Callable[[UnitOfWork], str | None]:
    """The lookup of an instruction's project (whose audit chain its writes join)."""

    def lookup(uow: UnitOfWork) -> str | None:
        instruction = uow.instructions.get(require_id(instruction_id, field="instruction_id"))
        return None if instruction is None else instruction.project_id

    return lookup


def _parsed(ruleset: RuleSet) -> dict[str, Any]:
    return {"parsed_rules": ruleset.to_dict()["rules"], "categories": ruleset.categories}


def _result(instruction: UserInstruction, ruleset: RuleSet) -> InstructionResult:
    return InstructionResult(
        instruction=InstructionRead.model_validate(instruction),
        diagnostics=[diagnostic.to_dict() for diagnostic in ruleset.diagnostics],
    )


def _own(
    uow: UnitOfWork, actor_id: str, instruction_id: str, *, write: bool = False
) -> UserInstruction:
    instruction = uow.instructions.get(instruction_id)
    try:
        load_actor(uow, actor_id)
        if instruction is None or instruction.user_id != actor_id:
            raise NotFoundError("hidden")
        if instruction.project_id is not None:
            action = ProjectAction.WRITE_INSTRUCTIONS if write else ProjectAction.READ_INSTRUCTIONS
            authorize(uow, actor_id, instruction.project_id, action)
    except NotFoundError as exc:
        raise NotFoundError(
            f"instruction {instruction_id!r} not found",
            entity="instruction",
            entity_id=instruction_id,
        ) from exc
    return instruction


def _check_version(instruction: UserInstruction, expected: int | None) -> None:
    if expected is not None and expected != instruction.version:
        raise ConflictError(
            f"instruction changed since version {expected} (now {instruction.version})",
            entity="instruction",
            entity_id=instruction.id,
            field="version",
        )
