"""Secrets are masked before anything is stored or logged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core.services.redaction import (
    REDACTED,
    is_secret_key,
    redact,
    redact_text,
    redaction_work,
)


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
            "DB_PASSWORD",
            "OPENAI_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "access_key",
            "auth",
            "secrets",
            "tokens",
            "keys",
            "api_keys",
            "cookies",
            "dbpassword",
            "accesstoken",
            "client.secret",
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
            "keyboards",
            "monkeys",
            "token_counts",
            "max_tokens",
            "prompt_tokens",
            "authors",
            "status",
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
            ("DB_PASSWORD=hunter2", "hunter2"),
            ("OPENAI_API_KEY=abc", "abc"),
            ("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI/K7MDENG"),
            ("?client_secret=abc123&access_token=xyz789&refresh_token=qqq", "abc123"),
            ("?client_secret=abc123&access_token=xyz789&refresh_token=qqq", "xyz789"),
            ("?client_secret=abc123&access_token=xyz789&refresh_token=qqq", "qqq"),
            ("passphrase=swordfish", "swordfish"),
            ("private_key: hunter2", "hunter2"),
            ("credentials=user:hunter2", "hunter2"),
            ("auth=abc123", "abc123"),
            ("a=DB_PASSWORD=hunter2", "hunter2"),
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

    def test_only_the_values_of_secret_names_are_masked(self) -> None:
        """Names, separators and harmless pairs of a query string are kept."""
        masked = redact_text("https://x.test/cb?state=s1&client_secret=abc123&access_token=xyz")
        assert (
            masked == f"https://x.test/cb?state=s1&client_secret={REDACTED}&access_token={REDACTED}"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "Use https://example.com/docs and keep functions under 40 lines; sk-short.",
            "token_count=5 keyboard=us monkey: banana max_tokens=100",
            "Secrets: never commit them to the repository.",
            "passenger=alice author: bob key_id=k1",
        ],
    )
    def test_plain_text_is_untouched(self, text: str) -> None:
        """Ordinary prose, code, harmless names and URLs without a password come back unchanged."""
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

    def test_plural_keys(self) -> None:
        """Plural secret keys are masked whole; counts and look-alike words are kept."""
        data = {
            "secrets": ["s1"],
            "tokens": ["t1"],
            "keys": ["k1"],
            "token_count": 3,
            "max_tokens": 100,
            "keyboard": "qwerty",
            "monkey": "bonobo",
        }
        assert redact(data) == {
            "secrets": REDACTED,
            "tokens": REDACTED,
            "keys": REDACTED,
            "token_count": 3,
            "max_tokens": 100,
            "keyboard": "qwerty",
            "monkey": "bonobo",
        }


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
    @given(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
        st.lists(st.sampled_from(["db", "aws", "openai", "client", "refresh"]), max_size=2),
        st.sampled_from(["password", "secret", "token", "api_key", "passphrase", "access_key"]),
        st.sampled_from(["_", "-", "."]),
        st.from_regex(r"[A-Za-z0-9/+]{1,30}", fullmatch=True),
    )
    def test_planted_assignments_are_masked(
        self, before: str, prefix: list[str], word: str, separator: str, value: str
    ) -> None:
        """`NAME=value` with a secret NAME in any separator style loses its value."""
        name = separator.join([*prefix, word]).upper()
        masked = redact_text(f"{before} {name}={value} ")
        assert f"{name}={REDACTED} " in masked

    @settings(max_examples=200, deadline=None)
    @given(
        st.dictionaries(
            st.sampled_from(["password", "apiKey", "token", "secrets", "DB_PASSWORD", "x"]),
            st.text(),
        )
    )
    def test_secret_keys_are_masked(self, data: dict[str, str]) -> None:
        """Every value under a secret-naming key is replaced whole."""
        masked = redact(data)
        for key in data:
            if key != "x":
                assert masked[key] == REDACTED


# Pieces of credentials and of the syntax around them: texts made of these are the ones that
# made the old regular expressions backtrack (a value, a URL or a PEM block that never ends).
_FRAGMENTS = [
    "a", "A", "0", "_", "-", ".", ":", "=", "/", "@", " ", "\t", "\n", '"', "'", ";", "&",
    "://", "eyJ", "sk-", "AKIA", "ghp_", "github_pat_", "xoxb-", "AIza", "Bearer ", "Basic ",
    "password", "api_key", "DB_PASSWORD", "-----BEGIN RSA PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----", "eyJaaaaa.", "ab://x:", "a:",
]  # fmt: skip
_HOSTILE = st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map("".join)
# The most work units per character: the widest fixed window (39 for a Google key) read after
# its 5-character prefix, plus the pass that finds the prefix.
_UNITS_PER_CHAR = 10


class TestRedactionWork:
    """Redaction reads its input a bounded number of times, whatever the input (no backtracking)."""

    @pytest.mark.parametrize(
        "unit", ["a:", "ab://x:", "password=", "-----BEGIN RSA PRIVATE KEY-----", "eyJaaaaa."]
    )
    def test_reported_inputs_are_linear(self, unit: str) -> None:
        """The inputs that took quadratic time cost the same per character at 10k and 100k."""
        small, large = unit * 10_000, unit * 100_000
        assert redaction_work(large) <= 10 * redaction_work(small) + 100
        assert redaction_work(large) <= _UNITS_PER_CHAR * len(large)

    @settings(max_examples=300, deadline=None)
    @given(_HOSTILE)
    def test_work_is_bounded_by_the_length(self, text: str) -> None:
        """Any mix of credential fragments costs at most a constant number of units per char."""
        assert redaction_work(text) <= _UNITS_PER_CHAR * len(text) + 100

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join))
    def test_doubling_the_input_at_most_doubles_the_work(self, unit: str) -> None:
        """Repeating a piece twice as often costs at most about twice the work."""
        once, twice = unit * 500, unit * 1000
        assert redaction_work(twice) <= 2 * redaction_work(once) + 100

    @settings(max_examples=200, deadline=None)
    @given(_HOSTILE, st.sampled_from(["sk-ABCDEFGHIJKLMNOPQRSTUV", "AKIAABCDEFGHIJKLMNOP"]))
    def test_hostile_surroundings_still_mask_tokens(self, noise: str, token: str) -> None:
        """A token after any fragment soup, set off by spaces, is still masked."""
        assert token not in redact_text(f"{noise} {token} {noise}")

    def test_unterminated_private_key_is_masked_to_the_end(self) -> None:
        """A PEM private key cut off before its END line is masked all the same."""
        masked = redact_text("key: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB")
        assert "MHcCAQEEIB" not in masked
