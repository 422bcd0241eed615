"""Canonical JSON and the audit hash chain."""

from __future__ import annotations

import enum
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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

    def test_shape(self) -> None:
        """A hash is 64 hex digits, and the genesis hash is 64 zeros."""
        digest = chain_hash(GENESIS_HASH, {"action": "user.register"})
        assert len(digest) == 64
        assert int(digest, 16) >= 0
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
