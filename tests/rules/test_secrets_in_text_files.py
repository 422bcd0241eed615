"""Secrets in generated files that are not Python: `.env`, `.ini`, `.json`, `.yaml`, Markdown.

Each case is a file and the lines that must fire; every other line must stay quiet (placeholders,
references to environment variables, prose that mentions a password, words and digests).
"""

from __future__ import annotations

import pytest

from socratic_core.rules import AgentOutput, RuleEngine

from .conftest import rule

CASES = {
    ".env": (
        "DATABASE_PASSWORD=Sup3rS3cret!\n"  # 1: fires
        "export API_KEY=k3y-0f-the-day-42\n"  # 2: fires
        "SECRET_KEY=${SECRET_KEY}\n"
        "DB_URL=postgres://app:Pa55word9@db:5432/app\n"  # 4: fires
        "TOKEN=\n"
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",  # 6: fires
        {1, 2, 4, 6},
    ),
    "settings.ini": (
        "[db]\n"
        "password = hunter2hunter2\n"  # 2: fires
        "password_file = /run/secrets/db\n"
        "user = app\n"
        "token_type = bearer\n",
        {2},
    ),
    "config.json": (
        "{\n"
        '  "client_secret": "abc123def456",\n'  # 2: fires
        '  "api_key": "<your-api-key>",\n'
        '  "revision": "9fceb02d0ae598e95dc970b74767f19372d61af8",\n'
        '  "token": "xoxb-123456789012-abcdefghijklmnop"\n'  # 5: fires
        "}\n",
        {2, 5},
    ),
    "deploy.yaml": (
        "db:\n"
        "  password: s3cretpassw0rd\n"  # 2: fires
        "  user_password: ''\n"
        "  secret: '{{ vault_db_secret }}'\n"
        "  password_prompt: Enter the password\n"
        "  private_key: |\n"
        "    -----BEGIN OPENSSH PRIVATE KEY-----\n",  # 7: fires
        {2, 7},
    ),
    "entry_points.txt": (
        "[bandit.plugins]\n"
        "hardcoded_password_string = bandit.plugins.general_hardcoded_password:check\n"
        "try_except_pass = bandit.plugins.try_except_pass:try_except_pass\n"
        "pwd: 3.0-\n"
        "db_pass = Corr3ct-h0rse\n",  # 5: fires
        {5},
    ),
    "README.md": (
        "# Setup\n"
        "Set `password: hunter2hunter2` in the config.\n"  # 2: fires
        "Your password: see the vault.\n"
        "Pass the token with `--token $GITHUB_TOKEN`.\n"
        "Connect with `postgresql://scott:{password}@localhost/test`.\n"
        "Use a key like `ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789`.\n",  # 6: fires
        {2, 6},
    ),
    "api.http": (
        "GET https://api.example.com/items?page=2&access_token=Zq81mLx0Tr7wQp\n"  # 1: fires
        "Authorization: Bearer 9f8Kq2LmZx7Rt4Wv1Np6\n"  # 2: fires
        "Authorization: Bearer {{token}}\n"
        "Authorization: Basic dXNlcjpwYXNzd29yZA==\n"  # 4: fires
        "Authorization: Bearer accessToken\n"
        "Accept: application/json\n"
        "Note: a basic configuration of Things\n",
        {1, 2, 4},
    ),
}


class TestSecretsInTextFiles:
    """`security.no-secrets-in-text` fires on the secrets in config and docs, and only there."""

    @pytest.mark.parametrize("path", sorted(CASES))
    def test_fires_exactly_on_the_secret_lines(self, engine: RuleEngine, path: str) -> None:
        """The lines that fire are exactly the lines that hold a secret."""
        text, expected = CASES[path]
        report = engine.validate(
            AgentOutput(files={path: text}), [rule("security.no-secrets-in-text")]
        )
        assert report.plugin_failures == ()
        assert {v.location.line for v in report.violations} == expected

    def test_python_files_are_left_to_the_python_check(self, engine: RuleEngine) -> None:
        """A `.py` file is read by no-hardcoded-secrets, not by the text check."""
        files = {"app.py": 'password = "hunter2hunter2"\n'}
        report = engine.validate(AgentOutput(files=files), [rule("security.no-secrets-in-text")])
        assert report.violations == ()
