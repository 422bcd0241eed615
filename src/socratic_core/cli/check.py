"""`socratic check --rules RULES.md PATH...`: check files against instruction rules, like a linter.

Exit codes: 0 the verdict passes (nothing at or above `--fail-on`), 1 it does not, 2 a usage
error, an unreadable rules file, or malformed instruction text (a rules-syntax error: every one
is printed with its line, column and hint, and nothing is checked).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from socratic_core.rules.nodes import Severity

if TYPE_CHECKING:
    from socratic_core.rules import FileResults, Rule, RuleEngine

__all__ = ["register"]

_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})
_BATCH = 32
_PROGRESS_MIN_FILES = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` command.

    Args:
        subparsers: The `socratic` command's subparsers.
    """
    check = subparsers.add_parser(
        "check",
        help="check files against instruction rules",
        description="Check files or folders against the rules in instruction files.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to check")
    check.add_argument(
        "--rules", action="append", required=True, metavar="RULES.md", help="instruction file"
    )
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument("--jobs", type=_positive, default=1, metavar="N", help="processes to use")
    check.add_argument(
        "--no-plugins", action="store_true", help="use the built-in checks only (no entry points)"
    )
    check.set_defaults(handler=_check)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class _DiskFiles(Mapping[str, bytes]):
    """Path -> bytes, read on access so only one file is in memory at a time."""

    def __init__(self, paths: Sequence[str]) -> None:
        self._paths = paths

    def __getitem__(self, path: str) -> bytes:
        return Path(path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class _DiskSources(Mapping[str, str]):
    """Path -> text, for the lines a report shows; undecodable bytes are replaced."""

    def __getitem__(self, path: str) -> str:
        try:
            return Path(path).read_bytes().decode("utf-8", "replace")
        except OSError as exc:
            raise KeyError(path) from exc

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _collect(paths: Iterable[str]) -> list[str]:
    found: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_file():
            found.append(_display(_readable(path)))
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS
                )
                # Broken links, sockets and the like are not files to check.
                candidates = (Path(folder) / f for f in sorted(files) if not f.startswith("."))
                found += [_display(_readable(p)) for p in candidates if p.is_file()]
        else:
            raise FileNotFoundError(errno.ENOENT, "no such file or directory", name)
    return sorted(set(found))


def _readable(path: Path) -> Path:
    """The path, if this process may read it; a file it can't read is an input error."""
    if not os.access(path, os.R_OK):
        raise PermissionError(errno.EACCES, "cannot read the file", str(path))
    return path


def _modules(paths: Iterable[str]) -> dict[str, str]:
    """Return each Python file's module name from the packages on disk (like pytest's rootdir).

    A file's module is its name prefixed by every enclosing folder that has an `__init__.py`.
    """
    modules: dict[str, str] = {}
    for name in paths:
        if not name.endswith(".py"):
            continue
        path = Path(name)
        parts = [] if path.stem == "__init__" else [path.stem]
        folder = path.parent.resolve()
        while (folder / "__init__.py").is_file() and folder != folder.parent:
            parts.insert(0, folder.name)
            folder = folder.parent
        modules[name] = ".".join(parts) or path.parent.resolve().name
    return modules


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_rules(engine: RuleEngine, names: list[str]) -> list[Rule] | None:
    """Compile every rules file and merge them (later files take precedence).

    Prints every error and warning, the merge's own (duplicates dropped, contradictions) included.
    Returns None when there are errors.
    """
    rulesets = [
        engine.compile(Path(name).read_text(encoding="utf-8"), source=name) for name in names
    ]
    merged = rulesets[0].merge(*rulesets[1:])
    labelled = [(name, d) for name, rs in zip(names, rulesets, strict=True) for d in rs.diagnostics]
    merge_notes = merged.diagnostics[len(labelled) :]  # the sources are named in the message
    for name, diagnostic in [*labelled, *(("rules", note) for note in merge_notes)]:
        if diagnostic.severity is not Severity.INFO:
            print(f"{name}:{diagnostic}", file=sys.stderr)
    return None if merged.errors else list(merged)


def _check(args: argparse.Namespace) -> int:
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import RuleEngine  # noqa: PLC0415

    engine = RuleEngine(make_plugin_manager(entry_points=not args.no_plugins), pause_gc=True)
    try:
        rules = _load_rules(engine, args.rules)
        paths = _collect(args.paths)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"socratic: error: {exc}", file=sys.stderr)
        return 2
    if rules is None:
        print("socratic: error: the rules have syntax errors (above)", file=sys.stderr)
        return 2
    results = _run(engine, paths, rules, args.jobs, not args.no_plugins)
    report = engine.finish(results, rules)
    print(_render(report, engine, args.format), end="")
    fail_on = Severity.WARNING if args.fail_on == "warning" else Severity.ERROR
    return 1 if report.fails(fail_on) else 0


def _render(report: object, engine: RuleEngine, fmt: str) -> str:
    from socratic_core.rules import Report, render_json, render_sarif, render_text  # noqa: PLC0415

    assert isinstance(report, Report)  # noqa: S101 - engine.finish returns a Report
    if fmt == "json":
        return render_json(report)
    if fmt == "sarif":
        return render_sarif(report, declarations=engine.declarations, sources=_DiskSources())
    return render_text(report, sources=_DiskSources())


def _run(
    engine: RuleEngine, paths: list[str], rules: list[Rule], jobs: int, plugins: bool
) -> list[FileResults]:
    batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
    progress = _Progress(len(paths)) if len(paths) >= _PROGRESS_MIN_FILES else None
    results: list[FileResults] = []
    if jobs == 1 or len(batches) < 2:
        for batch in batches:
            results.append(engine.check_files(_DiskFiles(batch), rules, modules=_modules(batch)))
            _advance(progress, len(batch))
    else:
        from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 (start-up: only here)

        with ProcessPoolExecutor(jobs) as pool:
            mapped = pool.map(
                _check_batch, batches, [rules] * len(batches), [plugins] * len(batches)
            )
            for batch, result in zip(batches, mapped, strict=True):
                results.append(result)
                _advance(progress, len(batch))
    if progress is not None:
        progress.close()
    return results


def _advance(progress: _Progress | None, count: int) -> None:
    if progress is not None:
        progress.advance(count)


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def advance(self, count: int) -> None:
        self.done += count
        if self.enabled:
            filled = 30 * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\rchecking [{bar}] {self.done}/{self.total} files")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


# --- worker processes (--jobs N) ------------------------------------------------------------------
@cache
def _worker_engine(plugins: bool) -> RuleEngine:
    """Each worker process builds its engine once, on its first batch."""
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import RuleEngine  # noqa: PLC0415

    return RuleEngine(make_plugin_manager(entry_points=plugins), pause_gc=True)


def _check_batch(batch: list[str], rules: list[Rule], plugins: bool) -> FileResults:
    engine = _worker_engine(plugins)
    return engine.check_files(_DiskFiles(batch), rules, modules=_modules(batch))
