"""The response envelope wraps results and errors alike."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import BaseModel

from socratic_core.api import envelope
from socratic_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError

MOMENT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _clock() -> datetime:
    return MOMENT


class _Thing(BaseModel):
    name: str
    at: datetime


class TestEnvelope:
    """Every envelope has the five fields and serialises to JSON."""

    def test_success_with_a_schema(self) -> None:
        """A schema becomes JSON data, with success and no error code."""
        result = envelope(_Thing(name="x", at=MOMENT), message="created", clock=_clock)
        assert result == {
            "success": True,
            "error_code": None,
            "message": "created",
            "data": {"name": "x", "at": "2026-05-01T12:00:00Z"},
            "timestamp": "2026-05-01T12:00:00+00:00",
        }
        json.dumps(result)

    def test_success_with_a_list(self) -> None:
        """A list of schemas becomes a list of dicts."""
        result = envelope([_Thing(name="a", at=MOMENT)], clock=_clock)
        assert result["data"] == [{"name": "a", "at": "2026-05-01T12:00:00Z"}]

    def test_invalid_input(self) -> None:
        """An input error gives its code, message, field and reason."""
        error = InvalidInputError("bad email", field="email", reason="not a valid address")
        result = envelope(error, clock=_clock)
        assert result["success"] is False
        assert result["error_code"] == "invalid_input"
        assert result["message"] == "bad email"
        assert result["data"] == {"field": "email", "reason": "not a valid address"}

    def test_permission_and_not_found(self) -> None:
        """Permission and repository errors carry their entity context."""
        denied = envelope(PermissionDeniedError("no", action="project.delete"), clock=_clock)
        assert denied["error_code"] == "permission_denied"
        assert denied["data"]["action"] == "project.delete"
        missing = envelope(NotFoundError("gone", entity="project", entity_id="p1"), clock=_clock)
        assert missing["error_code"] == "not_found"
        assert missing["data"] == {"entity": "project", "entity_id": "p1", "field": None}

    def test_foreign_errors_hide_their_text(self) -> None:
        """Any other exception becomes a generic internal error without its message."""
        result = envelope(RuntimeError("connection to postgres://u:pw@h failed"), clock=_clock)
        assert result["error_code"] == "internal_error"
        assert "pw" not in json.dumps(result)
