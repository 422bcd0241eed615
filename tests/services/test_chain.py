"""Canonical JSON and the audit hash chain."""

from __future__ import annotations

import enum
import hashlib
import json
import re
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core.models import AuditLog
from socratic_core.services._trail import HASHED_FIELDS, row_content
from socratic_core.services.chain import (
    GENESIS_HASH,
    canonical_datetime,
    canonical_json,
    chain_hash,
)


class _Colour(enum.Enum):
    RED = "red"


class TestCanonicalJson:
    """The same content always renders to the same text."""

    def test_keys_sorted_and_compact(self) -> None:
        """Keys are sorted at every depth and there is no whitespace."""
        assert canonical_json({"b": 1, "a": {"d": [1, 2], "c": None}}) == (
            '{"a":{"c":null,"d":[1,2]},"b":1}'
        )

    def test_non_ascii_kept(self) -> None:
        """Non-ASCII text stays as is rather than as escapes."""
        assert canonical_json({"name": "Zoë"}) == '{"name":"Zoë"}'

    def test_datetimes_in_utc_with_microseconds(self) -> None:
        """Aware datetimes in any zone and naive ones (taken as UTC) render alike."""
        moment = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
        shifted = moment.astimezone(timezone(timedelta(hours=5)))
        naive = moment.replace(tzinfo=None)
        rendered = {canonical_json(m) for m in (moment, shifted, naive)}
        assert rendered == {'"2026-01-02T03:04:05.000006+00:00"'}

    def test_canonical_datetime_is_what_the_encoder_writes(self) -> None:
        """Converting a datetime up front gives the very text canonical JSON puts in quotes."""
        moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-7)))
        for value in (moment, moment.astimezone(UTC), moment.astimezone(UTC).replace(tzinfo=None)):
            assert canonical_json(canonical_datetime(value)) == canonical_json(value)
        assert canonical_datetime(moment) == "2026-01-02T10:04:05.000000+00:00"

    def test_enums_and_uuids(self) -> None:
        """Enums render as their values and UUIDs as strings."""
        key = uuid.UUID(int=1)
        assert canonical_json([_Colour.RED, key]) == f'["red","{key}"]'

    def test_nan_is_refused(self) -> None:
        """NaN has no JSON form and is refused."""
        with pytest.raises(ValueError, match="JSON"):
            canonical_json({"x": float("nan")})

    def test_unknown_types_are_refused(self) -> None:
        """An object JSON cannot hold is refused rather than rendered by repr."""
        with pytest.raises(TypeError, match="object"):
            canonical_json({"x": object()})


class TestChainHash:
    """Each hash depends on the content and on the previous hash."""

    def test_is_the_documented_sha256(self) -> None:
        """A hash is the hex SHA-256 of the previous hash, a newline and the canonical content."""
        content = {"action": "user.register", "at": datetime(2026, 1, 2, tzinfo=UTC)}
        expected = '{"action":"user.register","at":"2026-01-02T00:00:00.000000+00:00"}'
        digest = chain_hash(GENESIS_HASH, content)
        assert digest == hashlib.sha256(f"{'0' * 64}\n{expected}".encode()).hexdigest()
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        assert GENESIS_HASH == "0" * 64

    def test_key_order_does_not_matter(self) -> None:
        """The same fields in another order hash the same."""
        assert chain_hash(GENESIS_HASH, {"a": 1, "b": 2}) == chain_hash(
            GENESIS_HASH, {"b": 2, "a": 1}
        )

    def test_content_and_link_both_matter(self) -> None:
        """Changing one field, or the previous hash, changes the hash."""
        base = chain_hash(GENESIS_HASH, {"a": 1})
        assert chain_hash(GENESIS_HASH, {"a": 2}) != base
        assert chain_hash("1" * 64, {"a": 1}) != base


def _audit_row() -> AuditLog:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return AuditLog(
        id="row-1", chain="global", sequence=1, user_id="u1", agent_id=None,
        action="user.register", entity_type="user", entity_id="u1", request={"name": "ada"},
        response=None, success=True, error_code=None, instruction_version=None, violations=[],
        previous_hash=GENESIS_HASH, created_at=moment, updated_at=moment, hash="",
    )  # fmt: skip


_CHANGED = {
    "id": "row-2", "sequence": 2, "created_at": datetime(2027, 1, 1, tzinfo=UTC),
    "user_id": "u2", "agent_id": "codegen", "action": "user.delete", "entity_type": "project",
    "entity_id": "p1", "request": {"name": "bob"}, "response": {"ok": True}, "success": False,
    "error_code": "conflict", "instruction_version": "v2", "violations": [{"rule": "x"}],
    "previous_hash": "1" * 64,
}  # fmt: skip


class TestAuditRowHash:
    """An audit row's hash covers every stored field but its chain, its own hash and updated_at."""

    def test_hashed_fields_are_the_columns_but_three(self) -> None:
        """`HASHED_FIELDS` is every audit column except `chain`, `hash` and `updated_at`."""
        columns = {column.name for column in AuditLog.__table__.columns}
        assert set(HASHED_FIELDS) == columns - {"chain", "hash", "updated_at"}
        assert set(_CHANGED) == set(HASHED_FIELDS)

    @pytest.mark.parametrize("field", sorted(_CHANGED))
    def test_changing_any_hashed_field_changes_the_hash(self, field: str) -> None:
        """Tampering with any one hashed field gives another hash."""
        row = _audit_row()
        before = chain_hash(GENESIS_HASH, row_content(row))
        setattr(row, field, _CHANGED[field])
        assert chain_hash(GENESIS_HASH, row_content(row)) != before

    @pytest.mark.parametrize("field", ["chain", "hash", "updated_at"])
    def test_unhashed_fields_leave_the_hash(self, field: str) -> None:
        """The chain name, the stored hash and `updated_at` are outside the hash."""
        row = _audit_row()
        before = chain_hash(GENESIS_HASH, row_content(row))
        other = {
            "chain": "project:p1",
            "hash": "f" * 64,
            "updated_at": datetime(2030, 1, 1, tzinfo=UTC),
        }
        setattr(row, field, other[field])
        assert chain_hash(GENESIS_HASH, row_content(row)) == before


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)  # fmt: skip


class TestCanonicalProperties:
    """Canonical JSON is a faithful, order-independent rendering."""

    @settings(max_examples=200, deadline=None)
    @given(_JSON)
    def test_round_trip(self, value: object) -> None:
        """Parsing the canonical text gives the value back, and rendering it again is stable."""
        text = canonical_json(value)
        assert json.loads(text) == value
        assert canonical_json(json.loads(text)) == text

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.text(max_size=8), _JSON, max_size=6))
    def test_key_order_never_matters(self, value: dict[str, object]) -> None:
        """Reversing a mapping's insertion order changes neither the text nor the hash."""
        reversed_value = dict(reversed(list(value.items())))
        assert canonical_json(reversed_value) == canonical_json(value)
        assert chain_hash(GENESIS_HASH, reversed_value) == chain_hash(GENESIS_HASH, value)
