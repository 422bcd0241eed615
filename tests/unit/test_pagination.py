"""Cursors round-trip their key values; `Page` knows whether more follows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core import InvalidInputError, Page
from socratic_core.repositories.pagination import decode_cursor, encode_cursor

_keys = st.lists(
    st.one_of(
        st.integers(min_value=-(2**62), max_value=2**62),
        st.text(max_size=40),
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
