"""Route groups `instructions` (with revisions and the active rules) and `rules` (parse, check)."""

# No `from __future__ import annotations`: see _accounts.py.

import threading
from typing import Annotated, Any

from fastapi import Header, Query, Response
from pydantic import BaseModel, ConfigDict

from socratic_core.api._bodies import CheckBody, InstructionBody, InstructionChange, ParseBody
from socratic_core.api._routing import Routes
from socratic_core.rules import (
    AgentOutput,
    RuleEngine,
    RuleSet,
    render_canonical,
    render_sarif,
    report_to_dict,
)
from socratic_core.services.schemas import (
    InstructionRead,
    InstructionResult,
    InstructionRevisionRead,
)

__all__ = ["ParsedRules", "ReportBody", "build_instructions", "build_rules"]

SARIF_MEDIA_TYPE = "application/sarif+json"
_SYNTAX = ("invalid_input", "rule_syntax")


class ParsedRules(BaseModel):
    """Rules parsed from instruction text, and each one's canonical form.

    The `RuleSet.to_dict()` shape, plus `canonical` in the same order as `rules`: how every
    statement was understood.
    """

    model_config = ConfigDict(extra="allow")

    version: int
    rules: list[dict[str, Any]]
    diagnostics: list[dict[str, Any]]
    canonical: list[str]


class ReportBody(BaseModel):
    """A check report (`report_to_dict()`).

    The verdict, every violation, unenforced rule, plugin failure and file diagnostic.
    """

    model_config = ConfigDict(extra="allow")

    verdict: str
    files_checked: int
    violations: list[dict[str, Any]]
    unenforced: list[dict[str, Any]]
    plugin_failures: list[dict[str, Any]]
    file_diagnostics: list[dict[str, Any]]


def _parsed(ruleset: RuleSet) -> dict[str, Any]:
    return ruleset.to_dict() | {"canonical": [render_canonical(rule) for rule in ruleset]}


def build_instructions(routes: Routes) -> None:
    """Instructions: write, revise, (de)activate, delete, read revisions, the active rules."""
    instructions = routes.app.instructions
    Actor = Annotated[str, routes.user]  # noqa: N806 - a type alias
    one = "/instructions/{instruction_id}"

    @routes.route("POST", "/instructions", model=InstructionResult, status=201, errors=_SYNTAX)
    def create_instruction(actor: Actor, body: InstructionBody) -> InstructionResult:
        """Parse and store a new instruction; the parser's diagnostics come back with it.

        With `strict`, a malformed statement is a 422 `rule_syntax` with its line and column.
        """
        return instructions.create(actor, **body.model_dump())

    @routes.route("GET", "/instructions", model=list[InstructionRead])
    def list_instructions(
        actor: Actor, project_id: Annotated[str | None, Query()] = None
    ) -> list[InstructionRead]:
        """List the acting user's instructions: all, or those of one project."""
        return instructions.list(actor, project_id=project_id)

    @routes.route("GET", one, model=InstructionRead)
    def get_instruction(actor: Actor, instruction_id: str) -> InstructionRead:
        """Return one of the acting user's instructions at its current revision."""
        return instructions.get(actor, instruction_id)

    @routes.route("PATCH", one, model=InstructionResult, errors=(*_SYNTAX, "conflict"))
    def update_instruction(
        actor: Actor, instruction_id: str, body: InstructionChange
    ) -> InstructionResult:
        """Store new content as the next revision; a stale `expected_version` is a 409."""
        return instructions.update(actor, instruction_id, **body.model_dump())

    @routes.route("POST", one + "/activate", model=InstructionRead)
    def activate_instruction(actor: Actor, instruction_id: str) -> InstructionRead:
        """Make an instruction part of the acting user's active rules."""
        return instructions.activate(actor, instruction_id)

    @routes.route("POST", one + "/deactivate", model=InstructionRead)
    def deactivate_instruction(actor: Actor, instruction_id: str) -> InstructionRead:
        """Leave an instruction out of the active rules (it is kept)."""
        return instructions.deactivate(actor, instruction_id)

    @routes.route("DELETE", one)
    def delete_instruction(actor: Actor, instruction_id: str) -> None:
        """Delete an instruction and its revisions (the audit trail keeps the record)."""
        instructions.delete(actor, instruction_id)

    @routes.route("GET", one + "/revisions", model=list[InstructionRevisionRead])
    def list_revisions(actor: Actor, instruction_id: str) -> list[InstructionRevisionRead]:
        """List every revision of an instruction, oldest first."""
        return instructions.revisions(actor, instruction_id)

    @routes.route("GET", one + "/revisions/{revision}", model=InstructionRevisionRead)
    def get_revision(actor: Actor, instruction_id: str, revision: int) -> InstructionRevisionRead:
        """Return one revision of an instruction."""
        return instructions.revision(actor, instruction_id, revision)

    @routes.route("GET", "/active-rules", model=ParsedRules)
    def active_rules(
        actor: Actor, project_id: Annotated[str | None, Query()] = None
    ) -> dict[str, Any]:
        """Return the acting user's active rules: global ones, then the project's on top."""
        return _parsed(instructions.active_rules(actor, project_id))


def build_rules(routes: Routes) -> None:
    """Parse instruction text, and check output against rules; no database for the former."""
    app = routes.app
    Actor = Annotated[str, routes.user]  # noqa: N806 - a type alias
    engines: list[RuleEngine] = []
    lock = threading.Lock()

    def engine() -> RuleEngine:
        # Built on first use (it collects the plugins' checks), then shared by every request.
        with lock:
            if not engines:
                engines.append(RuleEngine(app.plugins))
            return engines[0]

    @routes.route("POST", "/rules/parse", model=ParsedRules, errors=_SYNTAX)
    def parse_rules(_actor: Actor, body: ParseBody) -> dict[str, Any]:
        """Parse instruction text into rules and diagnostics, with each rule's canonical form.

        With `strict`, a malformed statement is a 422 `rule_syntax` with its line and column.
        """
        return _parsed(engine().compile(body.text, strict=body.strict))

    sarif = {SARIF_MEDIA_TYPE: {"schema": {"type": "object"}}}

    @routes.route("POST", "/rules/check", model=ReportBody, errors=_SYNTAX, alternatives=sarif)
    def check_rules(
        actor: Actor, body: CheckBody, accept: Annotated[str | None, Header()] = None
    ) -> Any:
        """Check files and a text answer against rules; the JSON report comes back.

        The rules are `rules_text` when given, else the acting user's active rules (with those
        of `project_id`). Send `Accept: application/sarif+json` for a SARIF 2.1.0 log instead.
        """
        checker = engine()
        if body.rules_text is not None:
            rules = checker.compile(body.rules_text)
        else:
            rules = app.instructions.active_rules(actor, body.project_id)
        report = checker.validate(AgentOutput(text=body.text, files=body.files), rules)
        if accept is not None and SARIF_MEDIA_TYPE in accept:
            log = render_sarif(report, declarations=checker.declarations, sources=body.files)
            return Response(log, media_type=SARIF_MEDIA_TYPE)
        return report_to_dict(report)
