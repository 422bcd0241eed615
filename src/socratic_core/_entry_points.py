"""Find the installed entry points of one group, without importing `importlib.metadata`.

`importlib.metadata` costs tens of milliseconds to import (email, zipfile, csv) and more to
read every installed distribution's metadata, at the start of every `socratic` command. Where
the installed distributions are plain folders on `sys.path` (a virtual environment, a system
site-packages, an editable install), this reads only each `*.dist-info`/`*.egg-info` folder's
`entry_points.txt`, in the order `importlib.metadata` reads them, the first distribution of a
name winning. Anywhere else (a zip file on `sys.path`, an import hook that provides
distributions) it asks `importlib.metadata` itself.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass

__all__ = ["EntryPoint", "installed", "installed_versions"]

_SUFFIXES = (".dist-info", ".egg-info")
# What importlib.metadata's PathFinder and the standard import machinery provide.
_STANDARD_FINDERS = ("BuiltinImporter", "FrozenImporter", "PathFinder")


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """One entry point: its name, the object it names, and where its distribution's version is.

    Attributes:
        name: The entry point's name.
        value: `module` or `module:attribute.path`, extras (`[extra]`) dropped.
        version: The distribution's version, when it is known.
    """

    name: str
    value: str
    version: str | None

    def load(self) -> object:
        """Import the module and return the object the entry point names."""
        module, _, attribute = self.value.partition(":")
        found: object = importlib.import_module(module.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            found = getattr(found, part)
        return found


def installed(group: str) -> dict[str, EntryPoint]:
    """Every installed entry point of `group`, by name (the first on `sys.path` wins).

    Args:
        group: The entry-point group (`socratic_core`).

    Returns:
        Name -> entry point, in the order they were found.
    """
    if not _plain_folders():
        return _from_metadata(group)
    found: dict[str, EntryPoint] = {}
    seen: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue  # a folder that does not exist (yet)
        for folder in names:
            if not folder.endswith(_SUFFIXES):
                continue
            distribution = _normalise(folder.rpartition(".")[0].partition("-")[0])
            if distribution in seen:
                continue  # an older copy further down sys.path
            seen.add(distribution)
            path = os.path.join(entry or ".", folder)
            for name, value in _section(_read(os.path.join(path, "entry_points.txt")), group):
                if name not in found:
                    found[name] = EntryPoint(name, value, _version(path))
    return found


def installed_versions() -> dict[str, str]:
    """Every installed distribution's version, by normalised name (the first on `sys.path` wins).

    Returns:
        Name -> version ("" when a distribution does not say).
    """
    if not _plain_folders():
        import importlib.metadata  # noqa: PLC0415 (only where the folders alone do not tell)

        found: dict[str, str] = {}
        for dist in importlib.metadata.distributions():
            found.setdefault(_normalise(dist.metadata["Name"] or ""), dist.version or "")
        return found
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for folder in names:
            if folder.endswith(_SUFFIXES):
                name, _, version = folder.rpartition(".")[0].partition("-")
                if _normalise(name) not in versions:
                    path = os.path.join(entry or ".", folder)
                    versions[_normalise(name)] = version or _version(path) or ""
    return versions


def _plain_folders() -> bool:
    """Whether every distribution lives in a folder on `sys.path` (no zip, no custom hook)."""
    if any(os.path.isfile(entry) for entry in sys.path if entry):
        return False
    return all(
        type(finder).__name__ in _STANDARD_FINDERS
        or getattr(finder, "__name__", "") in _STANDARD_FINDERS
        or not hasattr(finder, "find_distributions")
        for finder in sys.meta_path
    )


def _from_metadata(group: str) -> dict[str, EntryPoint]:
    import importlib.metadata  # noqa: PLC0415 (only where the folders alone do not tell)

    found: dict[str, EntryPoint] = {}
    for ep in importlib.metadata.entry_points(group=group):
        version = ep.dist.version if ep.dist is not None else None
        found.setdefault(ep.name, EntryPoint(ep.name, _without_extras(ep.value), version))
    return found


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return ""


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The `name = value` lines of the `[group]` section of an entry_points.txt."""
    pairs: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, _, value = line.partition("=")
            pairs.append((name.strip(), _without_extras(value)))
    return pairs


def _without_extras(value: str) -> str:
    return value.partition("[")[0].strip()


def _version(folder: str) -> str | None:
    """The `Version:` header of a distribution's METADATA (or an egg's PKG-INFO)."""
    for name in ("METADATA", "PKG-INFO"):
        for line in _read(os.path.join(folder, name)).splitlines():
            if not line:
                break  # the headers end at the first blank line
            if line.startswith("Version:"):
                return line.partition(":")[2].strip()
    return None


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (`Foo.Bar_baz` is `foo-bar-baz`)."""
    return re.sub(r"[-_.]+", "-", name).lower()
