"""The labelled corpus of real and paraphrased rule lines: how well the resolver reads them.

`tests/rules/corpus/` holds rule lines taken as written from public instruction files and
paraphrases of rules a check exists for, each labelled with the check and parameters it asks
for, or null. `corpus/score.py` (shared with `bench/bench_understanding.py`) parses every line
with `parse_instructions()` against the default vocabulary and scores the enforced rules.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CORPUS = Path(__file__).parent / "corpus"
PRECISION = 0.97
RECALL = 0.90


def _load_score() -> ModuleType:
    name = "socratic_corpus_score"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, CORPUS / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


score = _load_score()


@pytest.fixture(scope="module")
def lines() -> list[Any]:
    return score.load_corpus()


@pytest.fixture(scope="module")
def result(lines: list[Any]) -> Any:
    return score.evaluate(lines, score.default_declarations())


def _worst(result: Any, limit: int = 25) -> str:
    kinds: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for line in result.failures():
        for claim in line.wrong:
            kind = f"wrong claim {claim.id}"
            kinds[kind] += 1
            examples.setdefault(kind, f"{line.line.where}: {line.line.text!r} -> {claim.render()}")
        for expected in line.missed:
            kind = f"missed {expected.id}"
            kinds[kind] += 1
            examples.setdefault(kind, f"{line.line.where}: {line.line.text!r}")
    return "\n".join(
        f"{n:4}  {kind}  e.g. {examples[kind]}" for kind, n in kinds.most_common(limit)
    )


class TestCorpusSize:
    """The corpus cannot silently shrink or drift from the shared check ids."""

    def test_at_least_400_real_lines_from_25_repositories(self, lines: list[Any]) -> None:
        real = [line for line in lines if line.kind == "real"]
        assert len(real) >= 400
        assert len({line.repo for line in real}) >= 25

    def test_every_real_line_names_its_source(self, lines: list[Any]) -> None:
        for line in lines:
            if line.kind == "real":
                assert line.repo, line.where
                assert line.source.get("path"), line.where

    def test_at_least_200_paraphrases(self, lines: list[Any]) -> None:
        assert sum(line.kind == "paraphrase" for line in lines) >= 200

    def test_every_label_uses_a_known_check_id(self, lines: list[Any]) -> None:
        unknown = {
            (line.where, expected.id)
            for line in lines
            for expected in line.expected or ()
            if expected.id not in score.KNOWN_IDS
        }
        assert not unknown

    def test_every_known_check_id_has_labelled_lines(self, lines: list[Any]) -> None:
        """Each shared id is exercised: a paraphrase or real line asks for it."""
        labelled = Counter(e.id for line in lines for e in line.expected or ())
        assert {check_id for check_id in score.KNOWN_IDS if labelled[check_id] < 2} == set()

    def test_labelled_parameters_are_declared_by_the_registered_check(
        self, lines: list[Any]
    ) -> None:
        params = {d.id: {p.name for p in d.params} for d in score.default_declarations()}
        undeclared = {
            (line.where, expected.id, name)
            for line in lines
            for expected in line.expected or ()
            if expected.id in params
            for name in expected.params
            if name not in params[expected.id]
        }
        assert not undeclared

    def test_at_least_150_real_and_80_paraphrased_typescript_lines(self, lines: list[Any]) -> None:
        """The TS/JS set (issue 14): real lines from TS/JS projects' files, and paraphrases."""
        real = [line for line in lines if line.ts and line.kind == "real"]
        assert len(real) >= 150
        assert len({line.repo for line in real}) >= 15
        assert sum(line.ts and line.kind == "paraphrase" for line in lines) >= 80

    @pytest.mark.parametrize(
        ("held_out", "least_lines", "least_repos"),
        [
            ("heldout", 250, 25),
            ("heldout2", 200, 20),
            ("heldout3", 400, 20),
            ("heldout4", 300, 15),
            ("heldout5", 250, 12),
        ],
    )
    def test_each_held_out_set_comes_from_repositories_the_rest_does_not(
        self, lines: list[Any], held_out: str, least_lines: int, least_repos: int
    ) -> None:
        """Each held-out set: enough lines, from repositories no other corpus file draws on."""
        held = [line for line in lines if getattr(line, held_out)]
        assert len(held) >= least_lines
        repos = {line.repo for line in held}
        assert len(repos) >= least_repos
        assert repos.isdisjoint(line.repo for line in lines if not getattr(line, held_out))

    def test_paraphrases_are_not_repeated(self, lines: list[Any]) -> None:
        texts = Counter(line.text for line in lines if line.kind == "paraphrase")
        assert [text for text, n in texts.items() if n > 1] == []

    def test_a_malformed_entry_names_its_file_and_line(self, tmp_path: Path) -> None:
        (tmp_path / "real.jsonl").write_text(
            '{"text": "x", "expected": 5, "source": {}, "note": null}\n'
        )
        (tmp_path / "paraphrases.jsonl").write_text("")
        with pytest.raises(ValueError, match=r"real\.jsonl:1: `expected`"):
            score.load_corpus(tmp_path)


class TestScoring:
    """The scorer itself: a wrong parameter is a wrong claim, a label it cannot see is not due."""

    def test_a_claim_with_the_wrong_parameter_is_wrong(self) -> None:
        line = score.CorpusLine(
            text="Functions must not exceed 30 lines",
            expected=(score.Expected("quality.max-function-length", {"max": 25}),),
            source={},
            note=None,
            kind="paraphrase",
            where="t:1",
        )
        result = score.evaluate([line], score.default_declarations())
        assert (result.correct_claims, result.claims, result.recall) == (0, 1, 0.0)

    def test_a_label_for_an_unregistered_check_is_not_due(self) -> None:
        line = score.CorpusLine(
            text="Never use mutable default arguments",
            expected=(score.Expected("corpus.not-a-registered-check", {}),),
            source={},
            note=None,
            kind="paraphrase",
            where="t:1",
        )
        result = score.evaluate([line], score.default_declarations())
        assert result.due_lines == []


class TestUnderstanding:
    """Issue 8's yardstick: precision >= 97% on enforced claims, recall >= 90% on due lines."""

    def test_precision_on_enforced_claims(self, result: Any) -> None:
        assert result.precision >= PRECISION, (
            f"precision {result.precision:.3f} < {PRECISION}\n{_worst(result)}"
        )

    def test_recall_on_lines_a_check_exists_for(self, result: Any) -> None:
        assert result.recall >= RECALL, f"recall {result.recall:.3f} < {RECALL}\n{_worst(result)}"

    def test_precision_on_the_typescript_set(self, result: Any) -> None:
        """The same precision on the TS/JS lines alone."""
        ts = result.subset(lambda line: line.ts)
        assert ts.precision >= PRECISION, f"TS precision {ts.precision:.3f}\n{_worst(ts)}"

    def test_recall_on_the_typescript_set(self, result: Any) -> None:
        """The same recall on the TS/JS lines whose checks are registered."""
        ts = result.subset(lambda line: line.ts)
        assert ts.recall >= RECALL, f"TS recall {ts.recall:.3f}\n{_worst(ts)}"
