"""Entry points are found as importlib.metadata finds them, without importing it."""

from __future__ import annotations

import importlib.metadata
import zipfile
from pathlib import Path

import pytest

from socratic_core._entry_points import installed, installed_versions


def _distribution(root: Path, name: str, version: str, entry_points: str) -> None:
    folder = root / f"{name}-{version}.dist-info"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(f"Name: {name}\nVersion: {version}\n\nText.\n", "utf-8")
    (folder / "entry_points.txt").write_text(entry_points, encoding="utf-8")


class TestInstalled:
    """`installed(group)` reads the folders on sys.path the way importlib.metadata does."""

    @pytest.mark.parametrize("group", ["console_scripts", "socratic_core", "pytest11"])
    def test_same_as_importlib_metadata(self, group: str) -> None:
        """Every installed group gives the same names and targets as importlib.metadata."""
        theirs = {ep.name: ep.value.partition("[")[0].strip() for ep in _first(group)}
        ours = {name: ep.value for name, ep in installed(group).items()}
        assert ours == theirs

    def test_reads_a_new_distribution_with_its_version(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A distribution on sys.path is found with its version; an older copy later is not."""
        text = "[demo_group]\ndemo = json:dumps [extra]\n# a comment\n[other]\nx = y\n"
        _distribution(tmp_path / "a", "demo_pkg", "2.0", text)
        _distribution(tmp_path / "b", "demo.pkg", "1.0", "[demo_group]\nold = json:loads\n")
        monkeypatch.syspath_prepend(str(tmp_path / "b"))
        monkeypatch.syspath_prepend(str(tmp_path / "a"))
        found = installed("demo_group")
        assert list(found) == ["demo"]
        assert (found["demo"].value, found["demo"].version) == ("json:dumps", "2.0")
        assert found["demo"].load() is __import__("json").dumps

    def test_a_zip_on_sys_path_asks_importlib_metadata(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Distributions inside a zip file on sys.path are found too."""
        archive = tmp_path / "plugins.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("zipped_pkg-3.1.dist-info/METADATA", "Name: zipped_pkg\nVersion: 3.1\n")
            zipped.writestr("zipped_pkg-3.1.dist-info/entry_points.txt", "[zip_group]\nz = json\n")
        monkeypatch.syspath_prepend(str(archive))
        found = installed("zip_group")
        assert (found["z"].value, found["z"].version) == ("json", "3.1")


class TestInstalledVersions:
    """`installed_versions()` gives what importlib.metadata gives, from the folder names."""

    def test_same_as_importlib_metadata(self) -> None:
        """Each installed distribution's version is the one importlib.metadata reads first."""
        theirs: dict[str, str] = {}
        for dist in importlib.metadata.distributions():
            name = dist.metadata["Name"].replace("_", "-").replace(".", "-").lower()
            theirs.setdefault(name, dist.version)
        assert installed_versions() == theirs
        assert installed_versions()["ruff"] == importlib.metadata.version("ruff")

    def test_a_new_distribution_shows(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A distribution put on sys.path is listed with its version; an older copy is not."""
        _distribution(tmp_path / "a", "demo_pkg", "2.0", "")
        _distribution(tmp_path / "b", "demo.pkg", "1.0", "")
        monkeypatch.syspath_prepend(str(tmp_path / "b"))
        monkeypatch.syspath_prepend(str(tmp_path / "a"))
        assert installed_versions()["demo-pkg"] == "2.0"


def _first(group: str) -> list[importlib.metadata.EntryPoint]:
    seen: dict[str, importlib.metadata.EntryPoint] = {}
    for ep in importlib.metadata.entry_points(group=group):
        seen.setdefault(ep.name, ep)
    return list(seen.values())
