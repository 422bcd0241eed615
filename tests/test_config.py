"""Settings come from defaults, arguments and `SOCRATIC_*` environment variables."""

from __future__ import annotations

import pydantic
import pytest

from socratic_core import ConfigurationError, Settings


class TestSettings:
    """Configuration is read when `Settings()` is built, never at import."""

    def test_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without environment variables, the embedded SQLite file is the default."""
        monkeypatch.delenv("SOCRATIC_DATABASE_URL", raising=False)
        settings = Settings()
        assert settings.database_url == "sqlite:///socratic.db"
        assert (settings.pool_size, settings.sqlite_wal) == (5, True)

    def test_environment_overrides(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`SOCRATIC_<FIELD>` sets the field, converted to its type."""
        monkeypatch.setenv("SOCRATIC_DATABASE_URL", "postgresql://db/app")
        monkeypatch.setenv("SOCRATIC_POOL_SIZE", "12")
        monkeypatch.setenv("SOCRATIC_ECHO", "true")
        settings = Settings()
        assert (settings.database_url, settings.pool_size, settings.echo) == (
            "postgresql://db/app",
            12,
            True,
        )

    def test_arguments_beat_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An explicit argument wins over the environment."""
        monkeypatch.setenv("SOCRATIC_POOL_SIZE", "12")
        assert Settings(pool_size=2).pool_size == 2

    def test_invalid_values_are_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A pool size of zero fails validation."""
        monkeypatch.setenv("SOCRATIC_POOL_SIZE", "0")
        with pytest.raises(pydantic.ValidationError):
            Settings()

    def test_load_reports_invalid_values_as_configuration_errors(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`Settings.load()` names the bad field in a `ConfigurationError`."""
        monkeypatch.setenv("SOCRATIC_POOL_SIZE", "many")
        with pytest.raises(ConfigurationError, match="pool_size") as caught:
            Settings.load()
        assert isinstance(caught.value.__cause__, pydantic.ValidationError)

    def test_load_takes_overrides(self) -> None:
        """Keyword arguments given to `load` win."""
        assert Settings.load(echo=True).echo is True
