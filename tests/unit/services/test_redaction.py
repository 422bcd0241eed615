"""Secrets are masked before anything is stored or logged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core.services.redaction import REDACTED, is_secret_key, redact, redact_text


class TestSecretKeys:
    """Keys that name secrets are recognised in any casing style."""

    @pytest.mark.parametrize(
        "key",
        [
            "password",
            "new_password",
            "password_hash",
            "PASSWORD",
            "apiKey",
            "api_key",
            "x-api-key",
            "token",
            "access_token",
            "refreshToken",
            "secret",
            "client_secret",
            "Authorization",
            "private_key",
            "key",
            "cookie",
            "credentials",
            "passphrase",
        ],
    )
    def test_secret_keys(self, key: str) -> None:
        """Each of these keys names a secret."""
        assert is_secret_key(key)

    @pytest.mark.parametrize(
        "key",
        [
            "username",
            "email",
            "keyboard",
            "monkey",
            "token_count",
            "session_id",
            "title",
            "author",
            "passenger",
            "key_id",
        ],
    )
    def test_harmless_keys(self, key: str) -> None:
        """These keys name no secret."""
        assert not is_secret_key(key)


class TestRedactText:
    """Credential-looking substrings are masked and the rest of the text kept."""

    @pytest.mark.parametrize(
        ("text", "secret"),
        [
            ("key sk-proj-abcdefghijklmnop1234 here", "sk-proj-abcdefghijklmnop1234"),
            ("aws AKIAIOSFODNN7EXAMPLE id", "AKIAIOSFODNN7EXAMPLE"),
            (
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
                "eyJhbGciOiJIUzI1NiJ9",
            ),
            ("Authorization: Bearer abcdef123456.xyz", "abcdef123456.xyz"),
            ("ghp_" + "a" * 36, "ghp_" + "a" * 36),
            ("xoxb-123456789012-abcdefghij", "xoxb-123456789012-abcdefghij"),
            ("db postgresql://bob:hunter2@db.example.com/app", "hunter2"),
            ("login with password=hunter2 please", "hunter2"),
            ('{"api_key": "abc123def"}', "abc123def"),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----", "MIIEabc"),
        ],
    )
    def test_credentials_are_masked(self, text: str, secret: str) -> None:
        """The credential disappears and the redaction marker takes its place."""
        masked = redact_text(text)
        assert secret not in masked
        assert REDACTED in masked

    def test_context_is_kept(self) -> None:
        """Only the password of a URL is masked: scheme, user and host stay."""
        masked = redact_text("postgresql://bob:hunter2@db.example.com/app")
        assert masked == f"postgresql://bob:{REDACTED}@db.example.com/app"

    def test_plain_text_is_untouched(self) -> None:
        """Ordinary prose, code and URLs without a password come back unchanged."""
        text = "Use https://example.com/docs and keep functions under 40 lines; sk-short."
        assert redact_text(text) == text


class TestRedact:
    """Nested data is redacted by key and by value, without changing its shape."""

    def test_nested_data(self) -> None:
        """Secret keys are masked whole at any depth; strings are scanned; the input is kept."""
        data = {
            "username": "alice",
            "password": "hunter2hunter2",
            "profile": {"apiKey": "abc", "bio": "my key is sk-abcdefghijklmnopqrst"},
            "headers": [{"Authorization": "Basic YWxpY2U6aHVudGVy"}],
            "count": 3,
            "token": None,
        }
        assert redact(data) == {
            "username": "alice",
            "password": REDACTED,
            "profile": {"apiKey": REDACTED, "bio": f"my key is {REDACTED}"},
            "headers": [{"Authorization": REDACTED}],
            "count": 3,
            "token": None,
        }
        assert data["password"] == "hunter2hunter2"


class TestRedactionProperties:
    """Redaction never leaks a planted secret, whatever text surrounds it."""

    @settings(max_examples=200, deadline=None)
    @given(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
        st.sampled_from(["sk-ABCDEFGHIJKLMNOPQRSTUV", "AKIAABCDEFGHIJKLMNOP", "ghp_" + "x" * 36]),
    )
    def test_planted_tokens_are_masked(self, before: str, after: str, token: str) -> None:
        """A credential-shaped token between spaces never survives redaction."""
        masked = redact_text(f"{before} {token} {after}")
        assert token not in masked

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.sampled_from(["password", "apiKey", "token", "x"]), st.text()))
    def test_secret_keys_are_masked(self, data: dict[str, str]) -> None:
        """Every value under a secret-naming key is replaced whole."""
        masked = redact(data)
        for key in data:
            if key != "x":
                assert masked[key] == REDACTED
