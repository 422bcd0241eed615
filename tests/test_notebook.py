"""examples/notebook.ipynb runs top to bottom in a real Jupyter kernel, and is kept clean."""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOK = Path(__file__).parents[1] / "examples" / "notebook.ipynb"


def _text(cell: dict[str, object]) -> str:
    parts = []
    for output in cell.get("outputs", []):  # type: ignore[attr-defined]
        parts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


class TestNotebook:
    """The notebook a newcomer opens first."""

    def test_is_stored_without_outputs(self) -> None:
        """No cell in the repository carries outputs or an execution count."""
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code
        assert all(cell.outputs == [] and cell.execution_count is None for cell in code)

    def test_runs_inside_jupyters_event_loop(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every cell runs; the codegen run is re-asked once and accepted; the chain verifies."""
        monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        monkeypatch.chdir(tmp_path)
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute()
        outputs = [_text(cell) for cell in notebook.cells if cell.cell_type == "code"]
        errors = [
            output
            for cell in notebook.cells
            for output in cell.get("outputs", [])
            if output.get("output_type") == "error"
        ]
        assert errors == []
        everything = "\n".join(outputs)
        assert "quality.max-function-length(max=20)" in everything
        assert "accepted\nattempt 1: block (1 new, 0 open, 0 fixed)\nattempt 2: pass" in everything
        assert "you asked: 'Do not use print' (rules line 3 of 'Team rules')" in everything
        assert "ChainVerification(ok=True" in everything
        assert list(tmp_path.iterdir()) == []  # an in-memory database: nothing written
