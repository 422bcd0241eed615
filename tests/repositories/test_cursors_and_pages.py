"""Cursors round-trip their key values; `Page` knows whether more follows."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core import InvalidInputError, Page
from socratic_core.repositories.pagination import decode_cursor, encode_cursor

_keys = st.lists(
    st.one_of(
        st.integers(min_value=-(2**62), max_value=2**62),
        # Key texts are ids and names that passed validation: no NUL, no lone surrogate.
        st.text(
            st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40
        ),
        st.datetimes(timezones=st.just(UTC)),
    ),
    min_size=1,
    max_size=3,
)


class TestCursor:
    """Cursors are opaque, URL-safe and lossless."""

    @settings(max_examples=200, deadline=None)
    @given(values=_keys)
    def test_round_trip(self, values: list[object]) -> None:
        """Decoding an encoded key gives the same values back, datetimes still aware."""
        cursor = encode_cursor(values)
        assert decode_cursor(cursor, len(values)) == values
        assert all(c.isalnum() or c in "-_" for c in cursor)

    def test_aware_datetime_survives(self) -> None:
        """A datetime comes back with its UTC time zone."""
        moment = datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC)
        (decoded,) = decode_cursor(encode_cursor([moment]), 1)
        assert decoded == moment
        assert decoded.tzinfo is not None

    @pytest.mark.parametrize(
        ("cursor", "size"),
        [("!!!", 1), ("", 1), (encode_cursor([1, 2]), 1), (encode_cursor([1.5]), 1), ("e30", 1)],
    )
    def test_bad_cursors_are_refused(self, cursor: str, size: int) -> None:
        """Garbage, a wrong key size or an unexpected value raises `InvalidInputError`."""
        with pytest.raises(InvalidInputError) as caught:
            decode_cursor(cursor, size)
        assert caught.value.field == "cursor"


class TestForgedCursors:
    """A cursor whose values do not fit the ordering columns is refused before any query."""

    @pytest.mark.parametrize(
        ("values", "types"),
        [
            (["abc"], (int,)),
            ([10**30], (int,)),
            ([2**63], (int,)),
            ([True], (int,)),
            ([1], (str,)),
            (["a\x00b"], (str,)),
            (["\ud800"], (str,)),
            (["x" * 300], (str,)),
            ([{"dt": "2026-01-01T00:00:00"}], (datetime,)),
            ([{"dt": "not a date"}], (datetime,)),
            ([None], (int,)),
            ([[1]], (int,)),
        ],
    )
    def test_forged_values(self, values: list[object], types: tuple[type, ...]) -> None:
        """Wrong types, huge integers, booleans, NUL, naive datetimes: `InvalidInputError`."""
        cursor = _forge(values)
        with pytest.raises(InvalidInputError) as caught:
            decode_cursor(cursor, types)
        assert caught.value.field == "cursor"

    def test_oversized_cursor(self) -> None:
        """A cursor of megabytes is refused without being decoded."""
        with pytest.raises(InvalidInputError):
            decode_cursor("A" * 1_000_000, (int,))

    def test_fitting_values_pass(self) -> None:
        """Values of the columns' types come back as they went in."""
        moment = datetime(2026, 1, 2, tzinfo=UTC)
        cursor = encode_cursor([moment, "global", 7])
        assert decode_cursor(cursor, (datetime, str, int)) == [moment, "global", 7]


def _forge(values: list[object]) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class TestPage:
    """`has_next` reads either the cursor or the offset and total."""

    def test_keyset_page(self) -> None:
        """A keyset page has a next page exactly when it has a cursor."""
        assert Page(items=[1], limit=1, next_cursor="x").has_next
        assert not Page(items=[1], limit=1).has_next

    def test_offset_page(self) -> None:
        """An offset page has a next page while rows remain past it."""
        assert Page(items=[1, 2], limit=2, total=5, offset=2).has_next
        assert not Page(items=[1], limit=2, total=5, offset=4).has_next
