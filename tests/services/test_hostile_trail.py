"""Whatever a caller records, the audit row is bounded, storable on both databases, and chained."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from socratic_core.services._trail import AuditEntry
from socratic_core.services.chain import canonical_json

from ..conftest import MAX_FIELD_JSON, Hostile


class _Colour(Enum):
    RED = "red"


def _cyclic() -> dict[str, Any]:
    data: dict[str, Any] = {}
    data["again"] = data
    return data


class TestRecordAnything:
    """`audit.record` stores hostile entries as bounded rows instead of failing to audit."""

    def test_hostile_fields(self, hostile: Hostile) -> None:
        """Over-long columns, NUL, surrogates, NaN, sets, huge ints and cycles: one good row."""
        entry = AuditEntry(
            action="agent.attempt",
            agent_id="agent-" * 50,
            entity_id="e\x00",
            user_id="not-a-user\x00",
            instruction_version="v" * 300,
            request={
                "prompt": "x" * 50_000,
                "nul": "a\x00b",
                "surrogate": "\ud800",
                "nan": math.nan,
                "huge": 10**100,
                "set": {1, 2, 3},
                "when": datetime(2026, 1, 1, tzinfo=UTC),
                "id": uuid.UUID(int=1),
                "colour": _Colour.RED,
                "bytes": b"\x00\x01",
                "cycle": _cyclic(),
                "items": list(range(10_000)),
                7: "int key",
                "api_key": "sk-abcdefghijklmnopqrstuvwx",
            },
            response={"text": "DB_PASSWORD=hunter2 " * 2000},
            violations=[{"message": "m" * 5000}] * 500,
        )
        row = hostile.app.audit.record(entry)
        assert (row.agent_id, row.entity_id, row.user_id, row.instruction_version) == (
            None,
            None,
            None,
            None,
        )
        rejected = row.request["$rejected"]
        assert set(rejected) == {"agent_id", "entity_id", "user_id", "instruction_version"}
        assert row.request["api_key"] == "[REDACTED]"
        assert row.request["nul"] == "a\ufffdb"
        assert row.request["huge"] == {"$int_bits": (10**100).bit_length()}
        assert row.request["items"][-1] == {"$more": 9_900}
        for field in (row.request, row.response, row.violations):
            assert len(canonical_json(field)) <= MAX_FIELD_JSON
        assert "hunter2" not in canonical_json(row.response)
        assert hostile.app.audit.verify().ok

    def test_bad_project_id_goes_to_the_global_chain(self, hostile: Hostile) -> None:
        """A project id that cannot name a chain is kept aside, and the row joins `global`."""
        row = hostile.app.audit.record(AuditEntry(action="x", project_id="p\x00" * 40))
        assert row.chain == "global"
        assert "project_id" in row.request["$rejected"]
        assert hostile.app.audit.verify().ok
