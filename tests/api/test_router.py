"""What a host chooses when it mounts the router, and what the generated OpenAPI documents."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

import socratic_core
from socratic_core.api import PROBLEM_MEDIA_TYPE, ROUTE_GROUPS, create_router
from socratic_core.app import Socratic
from socratic_core.errors import ConfigurationError

from .conftest import Api, current_user

_METHODS = {"get", "post", "patch", "put", "delete"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in _METHODS
    ]


class TestRouteGroups:
    """include / exclude / prefix / tags pick and place the routes."""

    def test_every_group_by_default(self, api: Api) -> None:
        """All groups are mounted, each route tagged with its group."""
        spec = api.client.get("/openapi.json").json()
        tags = {tag for _p, _m, op in _operations(spec) for tag in op["tags"]}
        assert tags == set(ROUTE_GROUPS)

    def test_include_and_exclude(self, facade: Socratic) -> None:
        """include keeps only the named groups; exclude then removes some of them."""
        router = create_router(
            facade, current_user=current_user, include=["projects", "rules"], exclude=["rules"]
        )
        paths = {route.path for route in router.routes if isinstance(route, APIRoute)}
        assert paths == {"/projects", "/projects/{project_id}"} | {
            f"/projects/{{project_id}}/{suffix}" for suffix in ("phase", "archive")
        }

    def test_unknown_group_is_a_configuration_error(self, facade: Socratic) -> None:
        """A misspelt group name fails at mounting, naming it and the valid names."""
        with pytest.raises(ConfigurationError, match=r"unknown route group\(s\) project:"):
            create_router(facade, current_user=current_user, include=["project"])

    def test_prefix_and_tags(self, make_api: Callable[..., Api]) -> None:
        """A prefix moves every route; tags replace the group tags."""
        api = make_api(prefix="/api/v1", tags=["socratic"], include=["users"])
        spec = api.client.get("/openapi.json").json()
        assert sorted(spec["paths"]) == [
            "/api/v1/users",
            "/api/v1/users/me",
            "/api/v1/users/me/password",
            "/api/v1/users/sign-in",
        ]
        assert {tag for _p, _m, op in _operations(spec) for tag in op["tags"]} == {"socratic"}
        assert api.client.get("/users/me").status_code == 404


class TestOpenAPI:
    """Every route documents its success and error responses."""

    def test_every_route_documents_its_errors(self, api: Api) -> None:
        """Each operation has 422 and 500 as problem+json; authenticated ones 401/403/404."""
        spec = api.client.get("/openapi.json").json()
        operations = _operations(spec)
        assert len(operations) >= 40
        public = {("/users", "post"), ("/users/sign-in", "post")}
        for path, method, operation in operations:
            responses = operation["responses"]
            expected = {"422", "500"} | (
                set() if (path, method) in public else {"401", "403", "404"}
            )
            assert expected <= set(responses), (path, method)
            for status in expected:
                assert PROBLEM_MEDIA_TYPE in responses[status]["content"], (path, method, status)
            assert operation["summary"], (path, method)

    def test_specific_errors_are_documented(self, api: Api) -> None:
        """A route that can conflict documents 409; rule parsing documents the rule_syntax 422."""
        spec = api.client.get("/openapi.json").json()
        assert "409" in spec["paths"]["/projects/{project_id}"]["patch"]["responses"]
        assert "409" in spec["paths"]["/users"]["post"]["responses"]
        parse = spec["paths"]["/rules/parse"]["post"]["responses"]["422"]
        assert parse["description"] == "invalid_input or rule_syntax"

    def test_sarif_is_documented(self, api: Api) -> None:
        """/rules/check documents SARIF beside JSON for its 200."""
        spec = api.client.get("/openapi.json").json()
        content = spec["paths"]["/rules/check"]["post"]["responses"]["200"]["content"]
        assert {"application/json", "application/sarif+json"} <= set(content)

    def test_envelope_mode_documents_envelopes(self, make_api: Callable[..., Api]) -> None:
        """With envelope=True the success schemas are envelopes and errors are JSON."""
        spec = make_api(envelope=True).client.get("/openapi.json").json()
        ok = spec["paths"]["/projects"]["get"]["responses"]["200"]["content"]["application/json"]
        name = ok["schema"]["$ref"].rsplit("/", 1)[-1]
        assert set(spec["components"]["schemas"][name]["properties"]) == {
            "success",
            "error_code",
            "message",
            "data",
            "timestamp",
        }
        error = spec["paths"]["/projects"]["get"]["responses"]["404"]["content"]
        assert set(error) == {"application/json"}


class TestOptionalDependency:
    """FastAPI is needed only by socratic_core.api."""

    def test_core_and_services_never_import_fastapi(self, sqlite_url: str) -> None:
        """Building an app and using every service leaves fastapi and starlette unloaded."""
        code = (
            "import sys, socratic_core, socratic_core.services, socratic_core.rules\n"
            "from socratic_core import Socratic\n"
            f"app = Socratic.from_url({sqlite_url!r}, entry_points=False)\n"
            "user = app.users.register(username='ada', email='a@example.com',"
            " password='Corr3ct-horse-battery')\n"
            "app.projects.create(user.id, name='P')\n"
            "app.audit.verify()\n"
            "app.close()\n"
            "print(','.join(m for m in ('fastapi', 'starlette') if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""

    def test_fastapi_comes_in_with_the_router_not_the_envelope(self) -> None:
        """socratic_core.api loads FastAPI for its routers, never for `envelope()`."""
        code = (
            "import sys, socratic_core.api as api\n"
            "api.envelope(None)\n"
            "print('fastapi' in sys.modules)\n"
            "api.create_router\n"
            "print('fastapi' in sys.modules)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.split() == ["False", "True"]

    def test_no_module_outside_api_imports_fastapi(self) -> None:
        """No source file outside socratic_core/api/ imports fastapi or starlette."""
        package = Path(socratic_core.__file__).parent
        offenders = [
            str(path.relative_to(package))
            for path in package.rglob("*.py")
            if "api" not in path.relative_to(package).parts[:1]
            and re.search(r"^\s*(from|import)\s+(fastapi|starlette)\b", path.read_text(), re.M)
        ]
        assert offenders == []
