"""`[tool.socratic]` in pyproject.toml: what `socratic check` reads, and how options combine.

```toml
[tool.socratic]
rules = ["AGENTS.md"]                  # instruction files, relative to this file
include = ["*.py", "*.md"]             # globs a file must match (default: every file)
exclude = ["migrations/**"]            # added to the default exclude list
select = ["security", "quality.no-print"]   # check ids or prefixes to keep (default: all)
ignore = ["quality.pep8"]              # check ids or prefixes to drop
fail-on = "warning"                    # error (default) | warning
unreadable = "warning"                 # error (default) | warning: files that can't be read
cache-dir = ".socratic_cache"          # the result cache, relative to this file (the default)

[tool.socratic.per-path-ignores]
"tests/**" = ["security.no-assert"]

[tool.socratic.severity]
"quality.no-print" = "warning"
```

Globs (`include`, `exclude`, `per-path-ignores`) match a path as shown (relative to the current
folder) or relative to the folder of the configuration file, so a run from a subfolder keeps
them. Command-line options win over the file: `--rules`, `--select`, `--ignore`, `--fail-on` and
`--cache-dir` replace what it says, `--exclude` adds to it. An unknown key or a value of the
wrong type is a usage error naming the file and the key.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from socratic_core.errors import ConfigurationError

__all__ = [
    "CACHE_FOLDER",
    "DEFAULT_EXCLUDE",
    "CheckConfig",
    "default_cache_dir",
    "find_config",
    "globbed",
    "load_config",
    "matches",
]

CACHE_FOLDER = ".socratic_cache"
"""The result cache's folder when none is set: in the project root (the configuration file's
folder), else in the current folder."""

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".*",
    "__pycache__",
    "node_modules",
    "venv",
    "env",
    "site-packages",
    "build",
    "dist",
    "*.egg-info",
)
"""Folders never descended into unless named on the command line: hidden ones (`.git`, `.venv`,
`.tox`), virtual environments, caches and build output. A folder with a `pyvenv.cfg` (a virtual
environment under any name) is skipped too."""

_SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class CheckConfig:
    """The settings of one `socratic check` run, from the file and the command line."""

    source: str | None = None
    rules: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    unreadable: str = "error"
    cache_dir: str | None = None


def find_config(start: Path) -> Path | None:
    """Return the nearest pyproject.toml with a `[tool.socratic]` table, from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "tool" in _read(candidate) and "socratic" in _tool(candidate):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 (start-up: only when there is a file to read)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"{path}: cannot read the configuration: {exc}") from exc


def _tool(path: Path) -> dict[str, Any]:
    tool = _read(path).get("tool", {})
    return tool if isinstance(tool, dict) else {}


def load_config(path: Path) -> CheckConfig:
    """Read `[tool.socratic]` from a pyproject.toml (or a whole socratic.toml).

    Args:
        path: The file.

    Returns:
        The settings, with paths made relative to the current folder.

    Raises:
        ConfigurationError: The file can't be read, or a key is unknown or of the wrong type.
    """
    in_pyproject = path.name == "pyproject.toml"
    table = _tool(path).get("socratic") if in_pyproject else _read(path)
    if not isinstance(table, dict):
        problem = "no [tool.socratic] table" if table is None else "tool.socratic is not a table"
        raise ConfigurationError(f"{path}: {problem}")
    config = CheckConfig(source=str(path))
    base = path.parent
    for key, value in table.items():
        name = key.replace("-", "_")
        where = f"{path}: [tool.socratic] {key}" if in_pyproject else f"{path}: {key}"
        if name in ("rules", "include", "exclude", "select", "ignore"):
            words = _strings(value, where)
            if name == "rules":
                words = [str(_relative(base / word)) for word in words]
            setattr(config, name, words)
        elif name in ("per_path_ignores", "severity"):
            setattr(config, name, _table(value, where, name == "severity"))
        elif name in ("fail_on", "unreadable"):
            setattr(config, name, _choice(value, where, ("error", "warning")))
        elif name == "cache_dir":
            if not isinstance(value, str) or not value:
                raise ConfigurationError(f"{where}: expected a folder name, got {value!r}")
            config.cache_dir = str(_relative(base / value))
        else:
            known = "rules, include, exclude, select, ignore, per-path-ignores, severity, fail-on"
            raise ConfigurationError(
                f"{where}: unknown key (known: {known}, unreadable, cache-dir)"
            )
    return config


def default_cache_dir(config: CheckConfig) -> str:
    """Return where the result cache goes when nothing says: `.socratic_cache` in the project root.

    Args:
        config: The settings; the folder of their `source` file is the project root, else the
            current folder is.

    Returns:
        The folder, relative to the current folder when it is inside it.
    """
    root = Path(config.source).parent if config.source else Path()
    return str(_relative(root / CACHE_FOLDER))


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigurationError(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _table(value: object, where: str, severities: bool) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigurationError(f"{where}: expected a table, got {value!r}")
    if severities:
        return {k: _choice(v, f"{where}.{k}", _SEVERITIES) for k, v in value.items()}
    return {k: _strings(v, f"{where}.{k}") for k, v in value.items()}


def _choice(value: object, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigurationError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
    return str(value)


def globbed(path: str, globs: list[str], config: CheckConfig) -> bool:
    """Whether a file path matches any glob: as shown, by its name, or from the config's folder.

    Args:
        path: The path as reports show it (relative to the current folder where it can be).
        globs: fnmatch patterns (`tests/**`, `*.py`).
        config: The settings; their `source` file's folder is the other base.

    Returns:
        True if one glob matches.
    """
    forms = _forms(path, config.source)
    return any(fnmatchcase(form, glob) for form in forms for glob in globs)


@functools.lru_cache(maxsize=4096)
def _forms(path: str, source: str | None) -> frozenset[str]:
    """A path as shown, its name, and (inside it) its path from the config file's folder."""
    forms = {path, path.rpartition("/")[2]}
    if source is not None:
        with contextlib.suppress(ValueError):  # outside the configuration's folder
            base = Path(source).parent.resolve()
            forms.add(Path(path).resolve().relative_to(base).as_posix())
    return frozenset(forms)


def matches(rule_id: str, patterns: list[str]) -> bool:
    """Whether a check id is named by any pattern: the id, a prefix (`security`), or a glob."""
    return any(
        rule_id == p or rule_id.startswith(p.rstrip(".") + ".") or fnmatchcase(rule_id, p)
        for p in patterns
    )
