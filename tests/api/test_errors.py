"""Every error mapping: status, stable code, problem+json shape and the context a client needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socratic_core.api import PROBLEM_MEDIA_TYPE, install_exception_handlers
from socratic_core.errors import ConflictError, IntegrityError, SocraticError

from ..conftest import PASSWORD
from .conftest import Api


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert (body["status"], body["code"], body["type"]) == (
        status,
        code,
        f"urn:socratic-core:problem:{code}",
    )
    assert body["title"]
    assert body["detail"]
    return body


class TestLibraryErrors:
    """Errors raised by the services answer with their class's status and code."""

    def test_not_found(self, api: Api) -> None:
        """A project that does not exist is a 404 naming the entity."""
        body = _problem(api.call("GET", "/projects/missing", api.user()), 404, "not_found")
        assert (body["entity"], body["entity_id"]) == ("project", "missing")

    def test_hidden_project_is_not_found_for_a_stranger(self, api: Api) -> None:
        """A project in which the actor has no role answers exactly like a missing one."""
        owner, stranger = api.user(), api.user()
        project_id = api.ok("POST", "/projects", owner, json={"name": "Secret"})["id"]
        body = _problem(api.call("GET", f"/projects/{project_id}", stranger), 404, "not_found")
        assert body["detail"] == f"project {project_id!r} not found"

    def test_permission_denied(self, api: Api) -> None:
        """A viewer's write is a 403 naming the action."""
        owner, viewer = api.user(), api.user()
        project_id = api.ok("POST", "/projects", owner, json={"name": "P"})["id"]
        api.ok("POST", f"/projects/{project_id}/collaborators", owner, json={"user_id": viewer})
        response = api.call("PATCH", f"/projects/{project_id}", viewer, json={"name": "Mine"})
        body = _problem(response, 403, "permission_denied")
        assert body["action"] == "project.update"

    def test_conflict_names_the_field(self, api: Api) -> None:
        """A taken username is a 409 with field `username`."""
        api.user("ada")
        response = api.call(
            "POST",
            "/users",
            json={"username": "ada", "email": "other@example.com", "password": PASSWORD},
        )
        assert _problem(response, 409, "conflict")["field"] == "username"

    def test_invalid_input_names_the_field(self, api: Api) -> None:
        """A business-rule refusal (a bad email) is a 422 with its field."""
        response = api.call(
            "POST", "/users", json={"username": "ada", "email": "nope", "password": PASSWORD}
        )
        assert _problem(response, 422, "invalid_input")["field"] == "email"

    def test_authentication_failed(self, api: Api) -> None:
        """A wrong password is a 401, worded like an unknown user."""
        api.user("ada")
        wrong = api.call("POST", "/users/sign-in", json={"login": "ada", "password": "x"})
        unknown = api.call("POST", "/users/sign-in", json={"login": "zed", "password": "x"})
        assert (
            _problem(wrong, 401, "authentication_failed")["detail"]
            == (_problem(unknown, 401, "authentication_failed")["detail"])
        )

    def test_rule_syntax_gives_line_and_column(self, api: Api) -> None:
        """Strict parsing of a malformed statement is a 422 with its line, column and hint."""
        text = "# Quality\n- Functions must not exceed 5x lines"
        response = api.call("POST", "/rules/parse", api.user(), json={"text": text, "strict": True})
        body = _problem(response, 422, "rule_syntax")
        assert (body["line"], body["column"]) == (2, 29)
        assert "^" in body["context"]
        assert body["hint"]

    def test_rule_syntax_through_an_instruction(self, api: Api) -> None:
        """The same refusal comes from storing a strict instruction, and nothing is stored."""
        ada = api.user()
        body = {"title": "R", "text": "- Functions must not exceed 5x lines", "strict": True}
        _problem(api.call("POST", "/instructions", ada, json=body), 422, "rule_syntax")
        assert api.ok("GET", "/instructions", ada) == []


class TestRequestErrors:
    """Requests FastAPI itself refuses answer as problem details too."""

    def test_malformed_body_names_the_field(self, api: Api) -> None:
        """A wrong type in the body is a 422 `invalid_input` with its field and every issue."""
        response = api.call("POST", "/projects", api.user(), json={"name": "P", "tech_stack": 3})
        body = _problem(response, 422, "invalid_input")
        assert body["field"] == "tech_stack"
        assert [issue["loc"] for issue in body["errors"]] == [["body", "tech_stack"]]

    def test_bad_query_parameter(self, api: Api) -> None:
        """A limit out of range is a 422 naming `limit`."""
        ada = api.user()
        project_id = api.ok("POST", "/projects", ada, json={"name": "P"})["id"]
        response = api.call("GET", f"/projects/{project_id}/sessions", ada, params={"limit": 0})
        assert _problem(response, 422, "invalid_input")["field"] == "limit"

    def test_forged_cursor(self, api: Api) -> None:
        """A cursor the server never made is a 422 naming `cursor`."""
        ada = api.user()
        project_id = api.ok("POST", "/projects", ada, json={"name": "P"})["id"]
        path = f"/projects/{project_id}/sessions"
        for cursor in ("not-base64!", "WzFd"):  # garbage; a cursor of another list ([1])
            response = api.call("GET", path, ada, params={"cursor": cursor})
            assert _problem(response, 422, "invalid_input")["field"] == "cursor"

    def test_host_refusing_authentication(self, api: Api) -> None:
        """The host's current_user raising HTTPException(401) is `authentication_failed`."""
        _problem(api.call("GET", "/projects"), 401, "authentication_failed")

    def test_unknown_path_and_method(self, api: Api) -> None:
        """An unknown path is 404 `not_found`; a wrong method is 405."""
        _problem(api.call("GET", "/nowhere"), 404, "not_found")
        _problem(api.call("PUT", "/projects"), 405, "method_not_allowed")


class TestInternalErrors:
    """Anything unexpected is a 500 that tells the client nothing of the insides."""

    def test_closed_app_is_internal_without_details(self, api: Api) -> None:
        """A library error with no public mapping (a closed app) is a bare 500."""
        ada = api.user()
        api.app.close()
        body = _problem(api.call("GET", "/projects", ada), 500, "internal_error")
        assert body["detail"] == "internal error"
        assert "closed" not in str(body)

    @pytest.mark.parametrize(
        "error",
        [RuntimeError("password=hunter2 at db:5432"), IntegrityError("fk users.id broken")],
    )
    def test_host_code_raising(self, error: Exception) -> None:
        """An exception in a host's own route gives the same bare 500, its text withheld."""
        host = FastAPI()
        install_exception_handlers(host)

        @host.get("/boom")
        def boom() -> None:
            raise error

        with TestClient(host, raise_server_exceptions=False) as client:
            body = _problem(client.get("/boom"), 500, "internal_error")
        assert body["detail"] == "internal error"
        assert str(error) not in str(body)

    def test_library_error_in_host_code_is_mapped(self) -> None:
        """A SocraticError raised in a host's own route gets its class's mapping."""
        host = FastAPI()
        install_exception_handlers(host)

        @host.get("/taken")
        def taken() -> None:
            raise ConflictError("that slug is taken", field="slug")

        with TestClient(host) as client:
            assert _problem(client.get("/taken"), 409, "conflict")["field"] == "slug"


def _enveloped_user(api: Api) -> str:
    body = {"username": "ada", "email": "a@example.com", "password": PASSWORD}
    created = api.ok("POST", "/users", json=body)
    assert set(created) == {"success", "error_code", "message", "data", "timestamp"}
    assert (created["success"], created["data"]["username"]) == (True, "ada")
    return str(created["data"]["id"])


class TestEnvelope:
    """`envelope=True`: the original design's `{success, error_code, message, data}`."""

    def test_success_and_failure_shapes(self, make_api: Callable[..., Api]) -> None:
        """Results come in `data`; errors keep their HTTP status with `success: false`."""
        api = make_api(envelope=True)
        uid = _enveloped_user(api)
        missing = api.call("GET", "/projects/missing", uid)
        assert missing.status_code == 404
        assert missing.json()["success"] is False
        assert missing.json()["error_code"] == "not_found"
        malformed = api.call("POST", "/projects", uid, json={"name": 3})
        assert (malformed.status_code, malformed.json()["error_code"]) == (422, "invalid_input")

    def test_aliased_fields_survive_the_envelope(self, make_api: Callable[..., Api]) -> None:
        """A message's `metadata` (stored as `meta`) comes back in `data`, single or paged."""
        api = make_api(envelope=True)
        uid = _enveloped_user(api)
        project_id = api.ok("POST", "/projects", uid, json={"name": "P"})["data"]["id"]
        session = api.ok("POST", f"/projects/{project_id}/sessions", uid, json={"title": "T"})
        path = f"/sessions/{session['data']['id']}/messages"
        added = api.ok("POST", path, uid, json={"content": "hi", "metadata": {"k": 1}})
        assert added["data"]["metadata"] == {"k": 1}
        listed = api.ok("GET", path, uid)["data"]
        assert [m["metadata"] for m in listed["items"]] == [{"k": 1}]

    def test_no_content_becomes_an_envelope(self, make_api: Callable[..., Api]) -> None:
        """A delete answers 200 with `data: null`, since an envelope needs a body."""
        api = make_api(envelope=True)
        uid = _enveloped_user(api)
        project_id = api.ok("POST", "/projects", uid, json={"name": "P"})["data"]["id"]
        deleted = api.call("DELETE", f"/projects/{project_id}", uid)
        assert deleted.status_code == 200
        assert (deleted.json()["success"], deleted.json()["data"]) == (True, None)

    def test_internal_error_hides_details(self, make_api: Callable[..., Api]) -> None:
        """An unexpected error is `internal_error` with a generic message."""
        api = make_api(envelope=True)
        uid = _enveloped_user(api)
        api.app.close()
        failed = api.call("GET", "/projects", uid)
        assert failed.status_code == 500
        assert (failed.json()["error_code"], failed.json()["message"]) == (
            "internal_error",
            "internal error",
        )


class TestErrorTree:
    """The mapping follows the error tree by class."""

    def test_subclasses_answer_like_their_parent(self) -> None:
        """A host's own subclass of a library error gets its parent's status and code."""

        class SlugTakenError(ConflictError):
            pass

        host = FastAPI()
        install_exception_handlers(host)

        @host.get("/slug")
        def slug() -> None:
            raise SlugTakenError("taken", field="slug")

        with TestClient(host) as client:
            _problem(client.get("/slug"), 409, "conflict")
        assert issubclass(SlugTakenError, SocraticError)
