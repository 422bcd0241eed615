"""Usage of the public API as a host writes it; `mypy --strict` must accept every line.

Not collected by pytest (no `test_` prefix): `.ci/run` type-checks it. A change that makes a
public signature less precise, or drops a name from the public API, breaks this file.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Header

from socratic_core import (
    AgentRejectedError,
    AuditAnchor,
    ConflictError,
    MessageRead,
    Page,
    ProjectRead,
    Socratic,
    SocraticError,
    UserRead,
    hookimpl,
    make_plugin_manager,
)
from socratic_core.agents import (
    AgentRequest,
    AgentResponse,
    Attempt,
    CallableAgent,
    RunResult,
    RunStatus,
)
from socratic_core.api import ROUTE_GROUPS, create_router, envelope, install_exception_handlers
from socratic_core.db import Database
from socratic_core.models import User
from socratic_core.rules import (
    AgentOutput,
    CallSite,
    Check,
    Finding,
    Language,
    PythonFile,
    PythonIndex,
    Report,
    Rule,
    RuleCoverage,
    RuleEngine,
    RuleSet,
    ScriptFile,
    Severity,
    Verdict,
    check,
    explain,
    parse_instructions,
    render_canonical,
    render_sarif,
)


def rules_without_a_database(text: str) -> list[str]:
    """Parse instruction text and render every rule canonically."""
    rule_set: RuleSet = parse_instructions(text, strict=False, source="AGENTS.md")
    rules: list[Rule] = list(rule_set)
    severities: list[Severity] = [rule.severity for rule in rules]
    assert len(severities) == len(rules)
    return [render_canonical(rule) + "  # " + explain(rule) for rule in rules]


def check_output(files: dict[str, str]) -> bool:
    """Check generated files against rules; True when the verdict passes."""
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    report: Report = engine.validate(AgentOutput(text="", files=files), engine.compile("- No eval"))
    sarif: str = render_sarif(report)
    return bool(sarif) and report.verdict is Verdict.PASS


@check(id="demo.no-sleep", category="performance", phrases=("sleep calls",), forbids=True)
def no_sleep(python: PythonFile, max_calls: int = 0) -> Iterator[Finding]:
    """A plugin's check: typed, non-Optional analysis of one Python file.

    Args:
        python: The file.
        max_calls: How many sleep calls are allowed.
    """
    index: PythonIndex = python.index
    calls: list[CallSite] = index.calls_named("time.sleep")
    for call in calls[max_calls:]:
        yield Finding.at_node(python, call.node, f"{call.name}() in {python.module}")


@check(id="demo.no-alert", category="quality", phrases=("alert calls",), languages=["tsx"])
def no_alert(file: ScriptFile) -> Iterator[Finding]:
    """A TypeScript/JavaScript check: the tree-sitter tree and its index, never None.

    Args:
        file: The file.
    """
    language: Language = file.language
    for node in file.nodes("call_expression"):
        callee = node.child_by_field_name("function")
        if callee is not None and file.text_of(callee) == "alert":
            line, column = file.position(node)
            yield Finding.at_script_node(file, node, f"alert() at {line}:{column} ({language})")


def coverage(report: Report) -> dict[str, int]:
    """How many files each rule checked, and which rules read nothing."""
    found: tuple[RuleCoverage, ...] = report.coverage
    unchecked: tuple[Rule, ...] = report.unchecked
    return {c.rule_id: c.files for c in found if c.rule_id not in {r.id for r in unchecked}}


def registered() -> Check:
    """`@check` made a `Check` to register."""
    made: Check = no_sleep
    return made


def records(url: str) -> str:
    """Register a user and create a project through the facade; return the project's name."""
    with Socratic.from_url(url, entry_points=False) as app:
        user: UserRead = app.users.register(
            username="ada", email="ada@example.org", password="Corr3ct-horse-battery"
        )
        project: ProjectRead = app.projects.create(user.id, name="Engine")
        session = app.sessions.start(user.id, project.id, title="Kick-off")
        app.sessions.add_message(user.id, session.id, "What are we building?")
        page: Page[MessageRead] = app.sessions.history(user.id, session.id, limit=10)
        assert page.items
        return project.name


def data_layer(url: str) -> int:
    """Use the repositories directly; return how many users there are."""
    db = Database.from_url(url)
    db.create_all()
    try:
        with db.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="ada@example.org", password_hash="-"))
            uow.commit()
    except ConflictError as error:
        print(error.field)
    with db.unit_of_work() as uow:
        return uow.users.count()


def anchored_audit(url: str, key: str) -> bool:
    """Sign the chain tips, then hold the trail to them."""
    with Socratic.from_url(url, audit_anchor_key=key) as app:
        anchor: AuditAnchor = app.audit.anchor()
        tips: dict[str, int] = {name: tip.sequence for name, tip in anchor.tips.items()}
        result = app.audit.verify(anchors=anchor.model_dump(mode="json"))
        broken: list[str] = result.broken_chains
        return result.ok and not broken and all(sequence > 0 for sequence in tips.values())


def as_envelope(error: SocraticError) -> dict[str, object]:
    """Turn an error into the original design's response envelope."""
    return dict(envelope(error))


class LoggingPlugin:
    """A plugin that registers nothing: hooks are optional."""

    @hookimpl
    def register_checks(self) -> None:
        """Take part in check registration without registering anything."""


class EchoAgent:
    """A host's own agent: a name, its actions and an async `run`."""

    name = "echo"
    actions = frozenset({"ask"})

    async def run(self, request: AgentRequest) -> AgentResponse:
        """Answer with a question about the task."""
        return AgentResponse(text=f"What should {request.task} do?")


def chat(messages: list[dict[str, str]]) -> str:
    """A stand-in chat model."""
    return messages[-1]["content"]


def run_agents(url: str) -> list[int]:
    """Run a host's agent and a model behind CallableAgent; return the attempt numbers."""
    with Socratic.from_url(url, entry_points=False) as app:
        user = app.users.register(
            username="ada", email="ada@example.org", password="Corr3ct-horse-battery"
        )
        project = app.projects.create(user.id, name="Engine")
        app.agents.register(EchoAgent())
        app.agents.register(CallableAgent("model", chat, actions=frozenset({"generate"})))
        result: RunResult = app.runs.run(user.id, project.id, agent="echo", action="ask")
        try:
            app.runs.run(user.id, project.id, agent="model", action="generate", max_attempts=2)
        except AgentRejectedError as error:
            rejected: RunStatus = error.result.status
            print(rejected.value)
        attempts: tuple[Attempt, ...] = result.attempts
        return [attempt.number for attempt in attempts]


def mount_the_http_layer(app: Socratic) -> FastAPI:
    """Mount the routers (extra `api`) with a host's own authentication dependency."""

    def current_user(x_user_id: str = Header()) -> str:
        return x_user_id

    groups: tuple[str, ...] = ROUTE_GROUPS
    router: APIRouter = create_router(
        app, current_user=current_user, exclude=[g for g in groups if g == "audit"], prefix="/api"
    )
    api = FastAPI()
    api.include_router(router)
    install_exception_handlers(api, envelope=False)
    return api
