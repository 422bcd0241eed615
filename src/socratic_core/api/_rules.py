"""Route groups `instructions` (with revisions and the active rules) and `rules` (parse, check)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from pydantic import BaseModel, ConfigDict

from socratic_core.api._bodies import CheckBody, InstructionBody, InstructionChange, ParseBody
from socratic_core.api._routing import Actor, App, Engine, RouteGroup
from socratic_core.rules import (
    AgentOutput,
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

__all__ = ["ParsedRules", "ReportBody", "instructions", "rules"]

SARIF_MEDIA_TYPE = "application/sarif+json"
_SYNTAX = ("invalid_input", "rule_syntax")

instructions = RouteGroup("instructions")
rules = RouteGroup("rules")


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


_ONE = "/instructions/{instruction_id}"


@instructions.route("POST", "/instructions", model=InstructionResult, status=201, errors=_SYNTAX)
def create_instruction(app: App, actor: Actor, body: InstructionBody) -> InstructionResult:
    """Parse and store a new instruction; the parser's diagnostics come back with it.

    With `strict`, a malformed statement is a 422 `rule_syntax` with its line and column.
    """
    return app.instructions.create(actor, **body.model_dump())


@instructions.route("GET", "/instructions", model=list[InstructionRead])
def list_instructions(
    app: App, actor: Actor, project_id: Annotated[str | None, Query()] = None
) -> list[InstructionRead]:
    """List the acting user's instructions: all, or those of one project."""
    return app.instructions.list(actor, project_id=project_id)


@instructions.route("GET", _ONE, model=InstructionRead)
def get_instruction(app: App, actor: Actor, instruction_id: str) -> InstructionRead:
    """Return one of the acting user's instructions at its current revision."""
    return app.instructions.get(actor, instruction_id)


@instructions.route("PATCH", _ONE, model=InstructionResult, errors=(*_SYNTAX, "conflict"))
def update_instruction(
    app: App, actor: Actor, instruction_id: str, body: InstructionChange
) -> InstructionResult:
    """Store new content as the next revision; a stale `expected_version` is a 409."""
    return app.instructions.update(actor, instruction_id, **body.model_dump())


@instructions.route("POST", _ONE + "/activate", model=InstructionRead)
def activate_instruction(app: App, actor: Actor, instruction_id: str) -> InstructionRead:
    """Make an instruction part of the acting user's active rules."""
    return app.instructions.activate(actor, instruction_id)


@instructions.route("POST", _ONE + "/deactivate", model=InstructionRead)
def deactivate_instruction(app: App, actor: Actor, instruction_id: str) -> InstructionRead:
    """Leave an instruction out of the active rules (it is kept)."""
    return app.instructions.deactivate(actor, instruction_id)


@instructions.route("DELETE", _ONE)
def delete_instruction(app: App, actor: Actor, instruction_id: str) -> None:
    """Delete an instruction and its revisions (the audit trail keeps the record)."""
    app.instructions.delete(actor, instruction_id)


@instructions.route("GET", _ONE + "/revisions", model=list[InstructionRevisionRead])
def list_revisions(app: App, actor: Actor, instruction_id: str) -> list[InstructionRevisionRead]:
    """List every revision of an instruction, oldest first."""
    return app.instructions.revisions(actor, instruction_id)


@instructions.route("GET", _ONE + "/revisions/{revision}", model=InstructionRevisionRead)
def get_revision(
    app: App, actor: Actor, instruction_id: str, revision: int
) -> InstructionRevisionRead:
    """Return one revision of an instruction."""
    return app.instructions.revision(actor, instruction_id, revision)


@instructions.route("GET", "/active-rules", model=ParsedRules)
def active_rules(
    app: App, actor: Actor, project_id: Annotated[str | None, Query()] = None
) -> dict[str, Any]:
    """Return the acting user's active rules: global ones, then the project's on top."""
    return _parsed(app.instructions.active_rules(actor, project_id))


@rules.route("POST", "/rules/parse", model=ParsedRules, errors=_SYNTAX)
def parse_rules(engine: Engine, _actor: Actor, body: ParseBody) -> dict[str, Any]:
    """Parse instruction text into rules and diagnostics, with each rule's canonical form.

    The vocabulary is that of the app's plugins. With `strict`, a malformed statement is a 422
    `rule_syntax` with its line and column.
    """
    return _parsed(engine.compile(body.text, strict=body.strict))


_SARIF = {SARIF_MEDIA_TYPE: {"schema": {"type": "object"}}}


@rules.route("POST", "/rules/check", model=ReportBody, errors=_SYNTAX, alternatives=_SARIF)
def check_rules(
    app: App,
    engine: Engine,
    actor: Actor,
    body: CheckBody,
    request: Request,
) -> Any:
    """Check files and a text answer against rules; the JSON report comes back.

    The rules are `rules_text` when given, else the acting user's active rules (with those of
    `project_id`). Send `Accept: application/sarif+json` for a SARIF 2.1.0 log instead.
    """
    if body.rules_text is not None:
        ruleset = engine.compile(body.rules_text)
    else:
        ruleset = app.instructions.active_rules(actor, body.project_id)
    report = engine.validate(AgentOutput(text=body.text, files=body.files), ruleset)
    if SARIF_MEDIA_TYPE in request.headers.get("accept", ""):
        log = render_sarif(report, declarations=engine.declarations, sources=body.files)
        return Response(log, media_type=SARIF_MEDIA_TYPE)
    return report_to_dict(report)
