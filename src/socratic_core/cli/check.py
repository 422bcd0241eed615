"""`socratic check [PATH...]`: check files against instruction rules, like a linter.

Settings come from `[tool.socratic]` in the nearest pyproject.toml (or `--config FILE`; see
`socratic_core.cli._check_config`), and command-line options win over them. Folders are walked
with a visible default exclude list (hidden folders, virtual environments, caches, build output);
a path named on the command line is always checked. Each file's results are kept in a result
cache (`socratic_core.cli._cache`; `--no-cache` turns it off), so a file that has not changed
since a run of the same configuration is not checked again.

Exit codes: 0 the verdict passes (nothing at or above `--fail-on`), 1 it does not, 2 a usage
error, an unreadable rules or configuration file, malformed instruction text (every error is
printed with its line, column and hint, and nothing is checked), a folder that cannot be
listed or a file that cannot be read, or a file that disappeared while it was being checked.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socratic_core._gc import start_up
from socratic_core.cli._check_config import (
    CACHE_FOLDER,
    DEFAULT_EXCLUDE,
    CheckConfig,
    default_cache_dir,
    find_config,
    globbed,
    load_config,
    matches,
)
from socratic_core.rules._nodes import RuleKind, Severity

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext

    from socratic_core.cli._cache import ResultCache
    from socratic_core.rules import AnalysisLimits, FileResults, Report, Rule, RuleEngine

__all__ = ["register"]

_BATCH = 32
_PROGRESS_MIN_FILES = 50
# Without --jobs, a run takes one worker process per this many files, up to one per core: a
# small run stays in this process, where it needs no worker to start or results to send back.
# A forked worker starts at once; one started afresh (macOS, Windows) first imports and builds
# its engine, which costs about what checking a few hundred files does.
_FILES_PER_WORKER = 128
_FILES_PER_STARTED_WORKER = 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` command.

    Args:
        subparsers: The `socratic` command's subparsers.
    """
    check = subparsers.add_parser(
        "check",
        help="check files against instruction rules",
        description="Check files or folders against the rules in instruction files.",
        epilog="Folders are walked without descending into: "
        + ", ".join(DEFAULT_EXCLUDE)
        + ", or any virtual environment (a folder with a pyvenv.cfg).",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    check.add_argument(
        "--rules", action="append", metavar="RULES.md", help="instruction file; - reads stdin"
    )
    check.add_argument("--config", metavar="FILE", help="pyproject.toml or socratic.toml to use")
    check.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="files or folders to skip"
    )
    check.add_argument("--select", action="append", metavar="ID", help="check ids or prefixes")
    check.add_argument("--ignore", action="append", metavar="ID", help="check ids or prefixes")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--unreadable",
        choices=("error", "warning"),
        help="severity of files that cannot be read or decoded (default: error)",
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes for the per-file checks (default: one per core for a large run)",
    )
    check.add_argument(
        "--no-plugins", action="store_true", help="use the built-in checks only (no entry points)"
    )
    check.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache"
    )
    check.add_argument(
        "--cache-dir", metavar="DIR", help="the result cache's folder (default: .socratic_cache)"
    )
    check.set_defaults(handler=_check)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _settings(args: argparse.Namespace) -> CheckConfig:
    """The file's settings, with the command line's on top."""
    path = Path(args.config) if args.config else find_config(Path.cwd())
    config = load_config(path) if path is not None else CheckConfig()
    for name in ("rules", "select", "ignore", "fail_on", "unreadable", "cache_dir"):
        value = getattr(args, name)
        if value:
            setattr(config, name, _split(value) if isinstance(value, list) else value)
    config.exclude = [*config.exclude, *args.exclude]
    config.cache_dir = config.cache_dir or default_cache_dir(config)
    return config


def _jobs(requested: int | None, files: int) -> int:
    """How many processes check `files` files: `--jobs`, or by default one per core for a large run.

    Like ruff's threads, the default uses every core this process may run on, but no more
    workers than there are `_FILES_PER_WORKER` files for (`_FILES_PER_STARTED_WORKER` where
    workers cannot be forked), so a small run stays in-process.
    """
    if requested is not None:
        return requested
    if files < 2 * _FILES_PER_WORKER:
        return 1  # (without importing multiprocessing)
    forked = _worker_context().get_start_method() == "fork"
    per_worker = _FILES_PER_WORKER if forked else _FILES_PER_STARTED_WORKER
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, files // per_worker))


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


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
    """Path -> text, for the lines a report shows; undecodable bytes are replaced.

    The last file read is kept: violations come sorted by path, so each file is read once
    (not once per violation) and only one is in memory.
    """

    def __init__(self) -> None:
        self._last: tuple[str, str] | None = None

    def __getitem__(self, path: str) -> str:
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        try:
            text = Path(path).read_bytes().decode("utf-8", "replace")
        except OSError as exc:
            raise KeyError(path) from exc
        self._last = (path, text)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _collect(paths: Iterable[str], config: CheckConfig) -> tuple[list[str], Counter[str]]:
    """Every file to check, and how many entries each default exclude pattern skipped."""
    _real_folder.cache_clear()  # folders are resolved once per run, from this working folder
    found: list[str] = []
    skipped: Counter[str] = Counter()
    for name in paths:
        path = Path(name)
        if path.is_file():
            found.append(_display(_readable(path)))  # named on the command line: checked
        elif path.is_dir():
            found += _walk(path, config, skipped)
        else:
            raise FileNotFoundError(errno.ENOENT, "no such file or directory", name)
    return sorted(set(found)), skipped


def _walk(root: Path, config: CheckConfig, skipped: Counter[str]) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root, onerror=_unreadable_folder):
        kept = []
        for d in sorted(dirs):
            if _is_cache(Path(folder) / d, config):
                continue  # the run's own cache: never checked, never worth a notice
            default = next((p for p in DEFAULT_EXCLUDE if fnmatchcase(d, p)), None)
            if default is not None or (Path(folder) / d / "pyvenv.cfg").is_file():
                skipped[d] += 1  # excluded by name, or a virtual environment by its pyvenv.cfg
            elif not _excluded(_display(Path(folder) / d), config):
                kept.append(d)
        dirs[:] = kept
        # Broken links, sockets and the like are not files to check.
        for name in sorted(files):
            path = Path(folder) / name
            shown = _display(path)
            if name.startswith(".") or _excluded(shown, config) or not _included(shown, config):
                continue
            if path.is_file():
                found.append(_display(_readable(path)))
    return found


def _is_cache(folder: Path, config: CheckConfig) -> bool:
    cache = config.cache_dir
    if cache is None or folder.name != Path(cache).name:
        return False
    try:
        return os.path.samefile(folder, cache)
    except OSError:
        return False


def _unreadable_folder(error: OSError) -> None:
    """A folder the walk cannot list is an input error, like a file it cannot read.

    (os.walk would skip it silently, and its files would pass unchecked.)
    """
    raise error


def _excluded(path: str, config: CheckConfig) -> bool:
    return bool(config.exclude) and globbed(path, config.exclude, config)


def _included(path: str, config: CheckConfig) -> bool:
    return not config.include or globbed(path, config.include, config)


def _readable(path: Path) -> Path:
    """The path, if this process may read it; a file it can't read is an input error."""
    if not os.access(path, os.R_OK):
        raise PermissionError(errno.EACCES, "cannot read the file", str(path))
    return path


def _modules(paths: Iterable[str]) -> dict[str, str]:
    """Return each Python file's module name from the packages on disk (like pytest's rootdir).

    A file's module is its name prefixed by every enclosing folder that has an `__init__.py`.
    Each folder is looked at once (a tree has far fewer folders than files).
    """
    packages: dict[str, tuple[str, ...]] = {}
    modules: dict[str, str] = {}
    for name in paths:
        if not name.endswith(".py"):
            continue
        path = Path(name)
        folder = os.path.dirname(name) or "."
        if folder not in packages:
            packages[folder] = _package(Path(folder).resolve())
        parts = (*packages[folder], *([] if path.stem == "__init__" else [path.stem]))
        modules[name] = ".".join(parts) or path.parent.resolve().name
    return modules


def _package(folder: Path) -> tuple[str, ...]:
    """The dotted package a folder is (every enclosing folder with an `__init__.py`)."""
    parts: list[str] = []
    while (folder / "__init__.py").is_file() and folder != folder.parent:
        parts.insert(0, folder.name)
        folder = folder.parent
    return tuple(parts)


def _display(path: Path) -> str:
    """The path as reports show it: relative to the working folder when it is inside it."""
    # Resolving a path stats every component: resolve the folder once, and the file itself
    # only when it is a link.
    real = path.resolve() if path.is_symlink() else _real_folder(str(path.parent)) / path.name
    try:
        return real.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> Path:
    return Path(folder).resolve()


def _load_rules(engine: RuleEngine, names: list[str]) -> list[Rule] | None:
    """Compile every rules file and merge them (later files take precedence).

    Prints every error and warning, the merge's own (duplicates dropped, contradictions) included.
    Returns None when there are errors.
    """
    rulesets = [engine.compile(_rules_text(name), source=_rules_name(name)) for name in names]
    merged = rulesets[0].merge(*rulesets[1:])
    labelled = [(name, d) for name, rs in zip(names, rulesets, strict=True) for d in rs.diagnostics]
    merge_notes = merged.diagnostics[len(labelled) :]  # at the later rule, in its own file
    for name, diagnostic in [*labelled, *((n.source or names[-1], n) for n in merge_notes)]:
        if diagnostic.severity is not Severity.INFO:
            print(f"{name}:{diagnostic}", file=sys.stderr)
    return None if merged.errors else list(merged)


def _rules_text(name: str) -> str:
    return sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")


def _rules_name(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _check(args: argparse.Namespace) -> int:
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import AnalysisLimits, RuleEngine  # noqa: PLC0415

    config = _settings(args)
    if not config.rules:
        print(
            "socratic: error: no rules: pass --rules FILE or set rules in [tool.socratic]",
            file=sys.stderr,
        )
        return 2
    limits = AnalysisLimits(unreadable=Severity(config.unreadable))
    with start_up(freeze=args.program):  # the plugins, the rules and the files to check
        engine = RuleEngine(
            make_plugin_manager(entry_points=not args.no_plugins),
            limits=limits,
            pause_gc=True,
            interrupt_slow_checks=True,
        )
        try:
            rules = _load_rules(engine, config.rules)
            paths, skipped = _collect(args.paths or ["."], config)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"socratic: error: {exc}", file=sys.stderr)
            return 2
    if rules is None:
        print("socratic: error: the rules have syntax errors (above)", file=sys.stderr)
        return 2
    rules = _chosen(rules, config)
    cache = None if args.no_cache else _open_cache(config, engine, rules, limits)
    try:
        report = _report(engine, paths, rules, args, limits, cache=cache)
    except FileNotFoundError as exc:
        return _vanished(exc.filename)
    if cache is not None:
        _warn_no_cache(cache.save())
    gone = [path for path in paths if not Path(path).exists()]
    if gone:
        return _vanished(gone[0])
    report = replace(
        _ignored_per_path(report, config), notices=_notices(engine, paths, rules, skipped)
    )
    print(_render(report, engine, args.format), end="")
    return 1 if report.fails(Severity(config.fail_on)) else 0


def _open_cache(
    config: CheckConfig, engine: RuleEngine, rules: list[Rule], limits: AnalysisLimits
) -> ResultCache | None:
    """The result cache of this run's configuration, or None when its folder is unusable."""
    from socratic_core.cli._cache import ResultCache, fingerprint, prepare  # noqa: PLC0415

    folder = Path(config.cache_dir or CACHE_FOLDER)
    problem = prepare(folder)
    if problem is not None:
        _warn_no_cache(problem)
        return None
    return ResultCache.open(folder, fingerprint(engine, tuple(rules), limits))


def _warn_no_cache(problem: str | None) -> None:
    if problem is not None:
        print(f"socratic: warning: no result cache: {problem}", file=sys.stderr)


def _vanished(path: object) -> int:
    print(
        f"socratic: error: {path}: the file disappeared while it was being checked", file=sys.stderr
    )
    return 2


def _report(
    engine: RuleEngine,
    paths: list[str],
    rules: list[Rule],
    args: argparse.Namespace,
    limits: AnalysisLimits,
    *,
    cache: ResultCache | None,
) -> Report:
    """Run ruff (from a thread: it works in its own process) beside the per-file checks.

    With a cache, only the files it has no results for are checked (by each), and what they
    give goes into it.
    """
    from socratic_core.rules._workspace import on_disk  # noqa: PLC0415

    known = cache.lookup(paths, _modules(paths)) if cache is not None else None
    check, ruff = (paths, paths) if known is None else (known.check, known.ruff_paths)
    cache_dir = None if cache is None else str(cache.folder)
    workspace = on_disk({path: path for path in ruff}, cache_dir=cache_dir)
    batches: list[FileResults] = []
    thread = threading.Thread(target=lambda: batches.append(engine.run_batches(rules, workspace)))
    plugins = not args.no_plugins
    work = _Work(engine, check, rules, args.jobs, plugins=plugins, limits=limits, cache=cache)
    with work:  # worker processes start (fork) before the ruff thread does
        thread.start()
        try:
            results = work.run()
        finally:
            thread.join()
    # run_batches fails closed inside (a failure per rule); if the thread died, it runs again
    found = batches[0] if batches else engine.run_batches(rules, workspace)
    if known is not None:
        assert cache is not None  # noqa: S101 - known comes from it
        cache.absorb_ruff(found, ruff)
        results += known.results
        failed = {f.rule_id for f in found.failures}
        kept = [v for v in known.ruff if v.rule_id not in failed]  # a failed rule reports none
        found = replace(found, violations=(*found.violations, *kept))
    return engine.finish(results, rules, workspace=workspace, batches=found)


def _chosen(rules: list[Rule], config: CheckConfig) -> list[Rule]:
    """The rules `select`/`ignore` keep, with the configured severities."""
    kept = [
        rule
        for rule in rules
        if (not config.select or matches(rule.id, config.select))
        and not matches(rule.id, config.ignore)
    ]
    overrides = config.severity
    return [
        replace(rule, severity=Severity(overrides[rule.id])) if rule.id in overrides else rule
        for rule in kept
    ]


def _ignored_per_path(report: Report, config: CheckConfig) -> Report:
    if not config.per_path_ignores:
        return report

    def ignored(path: str | None, rule_id: str) -> bool:
        return path is not None and any(
            matches(rule_id, ids) and globbed(path, [glob], config)
            for glob, ids in config.per_path_ignores.items()
        )

    kept = tuple(v for v in report.violations if not ignored(v.location.path, v.rule_id))
    return replace(report, violations=kept)


def _notices(
    engine: RuleEngine, paths: list[str], rules: list[Rule], skipped: Counter[str]
) -> tuple[str, ...]:
    notices = []
    if not rules:
        notices.append("no rules to check: the rules files, select and ignore left none")
    if not paths:
        notices.append("0 files checked: no file matched the paths and include/exclude globs")
    registered = engine.checks
    enforced = [r for r in rules if r.kind is RuleKind.ENFORCED and r.id in registered]
    checks = [each.check for r in enforced for each in registered[r.id].implementations]
    unread = [p for p in paths if not any(check.reads_file(p) for check in checks)]
    if unread:
        suffixes = sorted({Path(p).suffix or Path(p).name for p in unread})
        shown = ", ".join(suffixes[:8]) + (", ..." if len(suffixes) > 8 else "")
        files = "1 file was" if len(unread) == 1 else f"{len(unread)} files were"
        notices.append(f"{files} not analysed: no check reads {shown}")
    if skipped:
        names = ", ".join(sorted(skipped))
        notices.append(f"folders skipped by the default exclude list: {names}")
    return tuple(notices)


def _render(report: object, engine: RuleEngine, fmt: str) -> str:
    from socratic_core.rules import Report, render_json, render_sarif, render_text  # noqa: PLC0415

    assert isinstance(report, Report)  # noqa: S101 - engine.finish returns a Report
    if fmt == "json":
        return render_json(report)
    if fmt == "sarif":
        return render_sarif(report, declarations=engine.declarations, sources=_DiskSources())
    return render_text(report, sources=_DiskSources())


class _Work:
    """The per-file checks over every file, in batches: here, or in worker processes.

    With `jobs` > 1 the workers start when the block is entered. Where fork is safe (Linux, and
    no other thread running yet: enter before starting the ruff thread) they are forked, so they
    inherit the loaded modules and this process's engine and start at once; elsewhere they are
    started fresh and build their own engine.
    """

    def __init__(
        self,
        engine: RuleEngine,
        paths: list[str],
        rules: list[Rule],
        jobs: int | None,
        *,
        plugins: bool,
        limits: AnalysisLimits,
        cache: ResultCache | None = None,
    ) -> None:
        self.engine, self.rules, self.plugins, self.limits = engine, rules, plugins, limits
        self.cache = cache
        self.batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
        self.jobs = min(_jobs(jobs, len(paths)), len(self.batches))
        self.pool: Executor | None = None
        self.progress = _Progress(len(paths)) if len(paths) >= _PROGRESS_MIN_FILES else None

    def __enter__(self) -> _Work:
        if self.jobs > 1:
            from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 (start-up)

            context = _worker_context()
            if context.get_start_method() == "fork":
                _INHERITED[(self.plugins, self.limits)] = self.engine
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context)
            self.pool.submit(int).result()  # start the workers now, before any other thread
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        _INHERITED.clear()

    def run(self) -> list[FileResults]:
        """Check every batch; return the results in batch order."""
        results: list[FileResults] = []
        keep = self.cache is not None
        done: Iterable[tuple[FileResults, dict[str, Any]]]
        if self.pool is None:
            done = (_checked(self.engine, batch, self.rules, keep) for batch in self.batches)
        else:
            n = len(self.batches)
            extra = ([self.rules] * n, [self.plugins] * n, [self.limits] * n, [keep] * n)
            done = self.pool.map(_check_batch, self.batches, *extra)
        for batch, (result, new) in zip(self.batches, done, strict=True):
            results.append(result)
            if self.cache is not None:
                self.cache.absorb(new)
            _advance(self.progress, len(batch))
        if self.progress is not None:
            self.progress.close()
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
# Engines a forked worker inherits from the process that forked it, by (plugins, limits).
_INHERITED: dict[tuple[bool, AnalysisLimits], RuleEngine] = {}


def _worker_context() -> BaseContext:
    """How to start workers: fork on Linux, else forkserver or spawn.

    `_Work` forks them before the ruff thread starts: a child forked while another thread holds
    a lock (an import, logging) would wait on it forever. macOS's system libraries are not safe
    to use after fork, so workers start fresh there.
    """
    import multiprocessing  # noqa: PLC0415

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@functools.cache
def _worker_engine(plugins: bool, limits: AnalysisLimits) -> RuleEngine:
    """Each worker process builds its engine once, on its first batch."""
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import RuleEngine  # noqa: PLC0415

    return RuleEngine(
        make_plugin_manager(entry_points=plugins),
        limits=limits,
        pause_gc=True,
        interrupt_slow_checks=True,
    )


def _check_batch(
    batch: list[str],
    rules: list[Rule],
    plugins: bool,
    limits: AnalysisLimits,
    keep: bool,
) -> tuple[FileResults, dict[str, Any]]:
    engine = _INHERITED.get((plugins, limits)) or _worker_engine(plugins, limits)
    return _checked(engine, batch, rules, keep)


def _checked(
    engine: RuleEngine, batch: list[str], rules: list[Rule], keep: bool
) -> tuple[FileResults, dict[str, Any]]:
    """Check one batch; with `keep`, also return each file's entry for the result cache."""
    from socratic_core.cli._cache import CacheView  # noqa: PLC0415

    modules = _modules(batch)
    store = CacheView(modules) if keep else None
    results = engine.check_files(_DiskFiles(batch), rules, modules=modules, store=store)
    return results, {} if store is None else store.new
