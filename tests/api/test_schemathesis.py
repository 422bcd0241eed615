"""Property-based tests from the generated OpenAPI: no 5xx, and every response as documented.

schemathesis reads `/openapi.json` of a host app over a real SQLite file and sends generated
requests (valid and invalid) to every operation, twice: with generated path parameters (mostly
ids that do not exist), and with the ids of real records made for that operation (a project
with a member, a session, an instruction, a specification, a codebase), so generated bodies and
queries reach the services' own checks. The acting user is a real user who owns those records.
Examples per operation are bounded so the whole run takes well under a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from socratic_core.api import create_router, install_exception_handlers
from socratic_core.app import Socratic

from ..conftest import FAST_HASHER, PASSWORD

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 10


@dataclass
class Seeded:
    """The host app, and a way to make fresh records owned by its acting user."""

    host: FastAPI
    records: Callable[[], dict[str, Any]]


@pytest.fixture(scope="module", params=[False, True], ids=["problem-details", "envelope"])
def seeded(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Seeded]:
    """A host app on a SQLite file whose current user is a real, active user.

    Once answering problem details, once with the opt-in envelope.
    """
    envelope = bool(request.param)
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'socratic.db'}"
    app = Socratic.from_url(url, entry_points=False, password_hasher=FAST_HASHER)
    ada = app.users.register(username="ada", email="ada@example.com", password=PASSWORD)
    names = iter(range(1_000_000))

    def records() -> dict[str, Any]:
        member = app.users.register(
            username=f"member{next(names)}", email=f"m{next(names)}@example.com", password=PASSWORD
        )
        project = app.projects.create(ada.id, name="Fuzzed")
        app.projects.add_collaborator(ada.id, project.id, member.id, "viewer")
        text = "- No eval"
        instruction = app.instructions.create(ada.id, title="R", text=text, project_id=project.id)
        spec = app.specifications.create(ada.id, project.id, title="S", content="Build it")
        files = {"main.py": "print('hi')\n"}
        codebase = app.codebases.store(ada.id, project.id, agent_id="gen", files=files)
        return {
            "project_id": project.id,
            "user_id": member.id,
            "session_id": app.sessions.start(ada.id, project.id, title="Talk").id,
            "instruction_id": instruction.instruction.id,
            "revision": 1,
            "specification_id": spec.id,
            "codebase_id": codebase.id,
            "path": "main.py",
        }

    def current_user() -> str:
        return ada.id

    host = FastAPI()
    host.include_router(create_router(app, current_user=current_user, envelope=envelope))
    install_exception_handlers(host, envelope=envelope)
    yield Seeded(host, records)
    app.close()


def _run(operation: Any, known: dict[str, Any] | None) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def conforms(case: Any) -> None:
        if known is not None and case.path_parameters:
            case.path_parameters = {
                name: known.get(name, value) for name, value in case.path_parameters.items()
            }
        case.call_and_validate(checks=CHECKS)

    conforms()


def test_every_operation_conforms(seeded: Seeded) -> None:
    """No generated request gets a 5xx, and every response matches its documented schema."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded.host)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    failures: dict[str, str] = {}
    for operation in operations:
        for known in (None, seeded.records()):
            try:
                _run(operation, known)
            # schemathesis reports failures as a BaseExceptionGroup: collect each operation's.
            except (Exception, BaseExceptionGroup) as failure:
                where = f"{operation.label} ({'real ids' if known else 'generated ids'})"
                failures[where] = f"{type(failure).__name__}: {failure}"[:2000]
    assert failures == {}
