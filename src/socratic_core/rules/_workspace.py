"""The files of a validation on disk, for batched checks that run an external tool (ruff).

`materialise()` writes in-memory Python files into a private temporary directory (mode 0700,
removed afterwards) under their own relative paths, so path-dependent rules (`__init__.py`,
packages) see what the author wrote. A path that would leave the directory (absolute, `..`) is
written under a numbered folder instead, as is one the file system refuses (too long, a file
where a folder must be); the workspace still maps it back to the path as given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from socratic_core.rules._checks import Workspace

__all__ = ["PYTHON_SUFFIXES", "materialise", "on_disk"]

PYTHON_SUFFIXES = (".py", ".pyi")


@contextmanager
def materialise(files: Mapping[str, str | bytes]) -> Iterator[Workspace]:
    """Write the Python files of an output into a private temporary directory.

    Args:
        files: Path -> content, as in `AgentOutput.files`.

    Yields:
        The workspace: output path -> the written file. The directory is removed on exit.
    """
    import tempfile  # noqa: PLC0415 (start-up: files on disk need no temporary directory)

    with tempfile.TemporaryDirectory(prefix="socratic-") as root:
        written: dict[str, str] = {}
        for number, path in enumerate(sorted(files)):
            name = path.replace("\\", "/")
            if not name.endswith(PYTHON_SUFFIXES):
                continue
            content = files[path]
            data = content if isinstance(content, bytes) else content.encode()
            written[name] = _write(Path(root), name, number, data)
        yield Workspace(written, root=root)


def _write(root: Path, name: str, number: int, data: bytes) -> str:
    """Write one file under its own path; return where it went.

    A name the file system refuses (too long, a file where a folder must be, a NUL) goes
    under a numbered folder instead.
    """
    target = root / _safe(name, number)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except (OSError, ValueError):
        suffix = ".pyi" if name.endswith(".pyi") else ".py"
        target = root / "_refused" / str(number) / f"file{number}{suffix}"
        target.parent.mkdir(parents=True)
        target.write_bytes(data)
    return str(target)


def on_disk(paths: Mapping[str, str], *, cache_dir: str | None = None) -> Workspace:
    """Return a workspace over files that are already on disk.

    Args:
        paths: Path as reports show it -> the file's path on disk.
        cache_dir: Where tools may keep their caches (`Workspace.cache_dir`); None: no cache.

    Returns:
        The workspace, Python files only.
    """
    python = {k: v for k, v in paths.items() if k.endswith(PYTHON_SUFFIXES)}
    return Workspace(python, cache_dir=cache_dir)


def _safe(name: str, number: int) -> PurePosixPath:
    relative = PurePosixPath(name)
    parts = [part for part in relative.parts if part not in ("", ".")]
    if relative.is_absolute() or ".." in parts or not parts or ":" in parts[0]:
        return PurePosixPath("_outside", str(number), relative.name or f"file{number}.py")
    return PurePosixPath(*parts)
