"""`socratic check`'s result cache: each file's results, kept on disk between runs.

A run over an unchanged tree (pre-commit, a CI re-run, an editor) then costs little more than
reading and hashing the files, as with ruff's `.ruff_cache`. The layout:

```
.socratic_cache/           # in the project root (the config file's folder), or --cache-dir
  .gitignore  CACHEDIR.TAG # `*`, and the cache directory tag backup tools skip
  results-v1/<key>.json    # one file per run configuration (below), entries by path
  ruff/                    # ruff's own cache, for the ruff-backed rules
```

The key of a results file is a hash of everything a file's results depend on besides the file
itself: the cache format, socratic's version and the code of socratic and of every plugin
(file sizes and times), the Python version, every installed distribution's version (ruff and
the parsers among them), every registered check with its plugin and version, the analysis
limits and every rule in full (id, parameters, severity, scope, text, span, source: violations
carry them). An entry is used only for the same path, module name and content (sha256).

What an entry holds is what the engine found in that file (`FileResults` for one file): its
violations with suppressions applied, its diagnostic, the summary the cross-file checks read
(imports, suppressions), its coverage counts and ruff's findings (`_cache_entries` reads and
writes them); so a warm run reports exactly what a cold run does. Everything is JSON, never
pickle: a cache folder is writable by whoever can write the tree. A file that is not valid JSON
of this format, or an entry of the wrong shape, is ignored (and rewritten), never an error. A
tampered cache cannot run code, but it can hide findings, as ruff's can: `--no-cache` is the
choice for a tree you do not trust.

Files are written atomically (a temporary file, then `os.replace`); a folder that cannot be
written means a run without a cache, with one warning.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socratic_core.cli._cache_entries import (
    ENTRY_ERRORS,
    decode,
    decode_violations,
    encode,
    encode_violation,
)

if TYPE_CHECKING:
    from socratic_core.rules import AnalysisLimits, FileResults, Rule, RuleEngine, Violation

__all__ = ["CacheView", "Lookup", "ResultCache", "fingerprint", "prepare"]

FORMAT = 1
"""The version of the results files' format; another version is a different folder."""

_KEPT = 8  # results files kept (run configurations); the least recently written go first
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by socratic.\n"
    "# For information about cache directory tags, see: https://bford.info/cachedir/\n"
)
_CODE_SUFFIXES = (".py", ".lark", ".json")


# --- the key -------------------------------------------------------------------------------------
def fingerprint(engine: RuleEngine, rules: tuple[Rule, ...], limits: AnalysisLimits) -> str:
    """Return the key of one run configuration: what a file's results depend on besides it.

    Args:
        engine: The engine (its registered checks and plugins).
        rules: The rules the run checks, as the engine gets them.
        limits: The analysis limits.

    Returns:
        A hex digest.
    """
    from socratic_core.__about__ import __version__  # noqa: PLC0415
    from socratic_core.rules import rule_to_dict  # noqa: PLC0415

    checks = [
        (check_id, each.plugin, each.version)
        for check_id, registered in sorted(engine.checks.items())
        for each in registered.implementations
    ]
    plugins = sorted((name, dist.project_name, dist.version) for name, dist in _dist_info(engine))
    parts = {
        "format": FORMAT,
        "socratic": __version__,
        "python": [sys.implementation.cache_tag, sys.version],
        "code": _code_stamp(engine),
        "distributions": _distributions(),
        "checks": checks,
        "plugins": plugins,
        "limits": [limits.max_file_bytes, limits.unreadable.value],
        "rules": [rule_to_dict(rule) for rule in rules],
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _dist_info(engine: RuleEngine) -> list[tuple[str, Any]]:
    return [
        (str(engine.pm.get_name(plugin)), dist) for plugin, dist in engine.pm.list_plugin_distinfo()
    ]


def _code_stamp(engine: RuleEngine) -> list[tuple[str, int, int]]:
    """The size and time of every source file of socratic and of each registered plugin."""
    folders = {Path(__file__).resolve().parents[1]}
    for plugin in engine.pm.get_plugins():
        module = sys.modules.get(getattr(plugin, "__name__", type(plugin).__module__))
        where = getattr(module, "__file__", None)
        if where:
            folders.add(Path(where).resolve().parent)
    return [stamp for folder in sorted(folders) for stamp in _stamps(folder)]


def _stamps(folder: Path) -> Iterator[tuple[str, int, int]]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue  # gone meanwhile: the next run's key differs anyway
                yield path, info.st_size, info.st_mtime_ns


@functools.cache
def _distributions() -> list[tuple[str, str]]:
    """Every installed distribution with its version (ruff, the parsers, plugins...)."""
    from socratic_core._entry_points import installed_versions  # noqa: PLC0415

    return sorted(installed_versions().items())


# --- the cache on disk ---------------------------------------------------------------------------
@dataclass
class ResultCache:
    """One run configuration's entries, read from disk and written back after the run.

    Attributes:
        folder: The cache folder.
        key: The run configuration's `fingerprint`.
        entries: Path -> entry (as JSON values), from disk and from this run.
        changed: Whether this run added or replaced an entry (else nothing is written).
    """

    folder: Path
    key: str
    entries: dict[str, Any] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path, key: str) -> ResultCache:
        """Read the entries of this configuration; a missing or unusable file gives none.

        Args:
            folder: The cache folder (it need not exist).
            key: The run configuration's `fingerprint`.

        Returns:
            The cache.
        """
        cache = cls(folder, key)
        try:
            data = json.loads(cache.file.read_bytes())
        except (OSError, ValueError, RecursionError):
            return cache  # missing, unreadable or not JSON: start again
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("key") == key
            and isinstance(data.get("entries"), dict)
        ):
            cache.entries = data["entries"]
        return cache

    @property
    def file(self) -> Path:
        """The results file of this configuration."""
        return self.folder / f"results-v{FORMAT}" / f"{self.key}.json"

    def lookup(self, paths: list[str], modules: Mapping[str, str]) -> Lookup:
        """Read and hash every file, and split the run into what the cache has and the rest.

        Args:
            paths: Every file of the run, in path order.
            modules: Their module names, as the engine gets them.

        Returns:
            The results the cache has, and the files still to check (per file, and with ruff).
        """
        found = Lookup()
        for path in paths:
            entry = self._fresh(path, modules.get(path))
            try:
                if entry is not None:
                    found.add(path, decode(path, entry), entry)
                    continue
            except ENTRY_ERRORS:
                del self.entries[path]  # not what this format writes: check it again
            found.check.append(path)
            found.ruff_paths.append(path)
        return found

    def _fresh(self, path: str, module: str | None) -> dict[str, Any] | None:
        """The file's entry, when it was made for this module and these bytes."""
        entry = self.entries.get(path)
        if not isinstance(entry, dict) or entry.get("module") != module:
            return None
        try:
            digest = _digest(Path(path).read_bytes())
        except OSError:
            return None  # the engine reads it again and reports what is wrong
        return entry if entry.get("sha256") == digest else None

    def absorb(self, new: Mapping[str, Any]) -> None:
        """Take the entries a batch's store gathered."""
        if new:
            self.entries.update(new)
            self.changed = True

    def absorb_ruff(self, batches: FileResults, paths: list[str]) -> None:
        """Keep ruff's violations (suppressions not applied yet) in the entries of its files.

        Nothing is kept when ruff failed for a rule: those files go to ruff again next time.

        Args:
            batches: What the batched checks found over `paths`.
            paths: The files ruff was given.
        """
        if batches.failures:
            return
        by_path: dict[str, list[list[Any]]] = {path: [] for path in paths}
        for violation in batches.violations:
            where = violation.location.path
            if where is not None and where in by_path:
                by_path[where].append(encode_violation(violation))
        for path, found in by_path.items():
            entry = self.entries.get(path)
            if isinstance(entry, dict):
                entry["ruff"] = found
                self.changed = True

    def save(self) -> str | None:
        """Write the entries back, when this run changed them.

        Returns:
            None, or why the cache could not be written (the run goes on without it).
        """
        if not self.changed:
            return None
        data = {"format": FORMAT, "key": self.key, "entries": self.entries}
        try:
            _prepare(self.folder)
            self.file.parent.mkdir(exist_ok=True)
            _write_atomically(self.file, json.dumps(data, separators=(",", ":")))
            _prune(self.file.parent, keep=self.file)
        except OSError as exc:
            return f"{exc.strerror or exc}: {exc.filename or self.folder}"
        return None


def prepare(folder: Path) -> str | None:
    """Create the cache folder (with its `.gitignore` and `CACHEDIR.TAG`) if it is not there.

    Args:
        folder: The cache folder.

    Returns:
        None, or why it cannot be used (not a folder, not writable).
    """
    try:
        _prepare(folder)
    except OSError as exc:
        return f"{exc.strerror or exc}: {exc.filename or folder}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"not writable: {folder}"
    return None


def _prepare(folder: Path) -> None:
    """Create the cache folder with its `.gitignore` and `CACHEDIR.TAG`, as ruff does."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (
        (".gitignore", "# Created by socratic automatically.\n*\n"),
        ("CACHEDIR.TAG", _TAG),
    ):
        if not (folder / name).is_file():
            _write_atomically(folder / name, text)


def _write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a new file beside it, then renamed over it."""
    temporary = path.parent / f".tmp-{os.getpid()}-{secrets.token_hex(6)}"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove the results files of all but the `_KEPT` most recently written configurations."""
    files = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime_ns, path))
    files.sort(reverse=True)
    for _, path in files[_KEPT:]:
        if path != keep:
            with contextlib.suppress(OSError):
                path.unlink()


@dataclass
class Lookup:
    """What the cache has for a run's files, and what is left to check.

    Attributes:
        results: The per-file results of each file the cache has (one `FileResults` each).
        ruff: ruff's violations in the files whose entry has them.
        check: The files the per-file checks must read.
        ruff_paths: The files ruff must read (those above, and any entry without ruff's).
    """

    results: list[FileResults] = field(default_factory=list)
    ruff: list[Violation] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    ruff_paths: list[str] = field(default_factory=list)

    def add(self, path: str, results: FileResults, entry: Mapping[str, Any]) -> None:
        """Take one file's results from its entry, and ruff's when the entry has them."""
        ruff = entry.get("ruff")
        if ruff is None:
            self.ruff_paths.append(path)
        else:
            self.ruff += decode_violations(ruff)
        self.results.append(results)


@dataclass
class CacheView:
    """The `FileStore` of one batch: the entries of the files the engine checked in it.

    Attributes:
        modules: Path -> module name, as the engine was given them (part of an entry's key).
        new: Path -> entry for each file checked without a failure.
    """

    modules: Mapping[str, str] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)

    def put(self, path: str, content: str | bytes, results: FileResults) -> None:
        """Keep a file's results as an entry (results that JSON cannot hold are not kept)."""
        try:
            entry = encode(results)
        except ENTRY_ERRORS:
            return
        module = self.modules.get(path)
        self.new[path] = {"sha256": _digest(content), "module": module, **entry}


def _digest(content: str | bytes) -> str:
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()
