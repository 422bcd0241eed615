"""Patterns read cheaply: lazily compiled, matched on folded text, tried only where they can match.

The statement reader avoids searching every statement with giant case-insensitive alternations:
it folds the text once (`fold`) and matches lowercase patterns on it, finds comparators and
modal words by one scan of the words, and runs the patterns that read what follows only there.
These tests hold each shortcut to the pattern it stands for, on text written to trip it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core.rules import _modality, _quantities
from socratic_core.rules._normalise import words
from socratic_core.rules._patterns import fold, lazy
from socratic_core.rules._vocabulary import _LANGUAGES_NAMED, language_scope

# Letters that case-insensitive matching takes for ASCII ones, mixed case, blanks of all kinds.
_ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\u00a0", "\t", "  ", "_", "-", "'"]
_PIECES = [
    *_quantities._OP_OF_WORD,
    *(word.upper() for word in _quantities._OP_OF_WORD),
    *_quantities._SYMBOLS,
    *("must not", "Never", "DON'T", "shouldn't", "avoid", "prefer", "choose", "over", "no"),
    *("Use", "keep", "Remove", "ensure no", "is not allowed", "minimise", "favour", "can't"),
    *("50", "-5", "5O", "1,000", "20-30", "thirty", "lines", "chars", "LOC", "%", "abc", "the"),
    *("max.", "maxi", "_max", "max5", "of", "is", "to", "at", "ms", "=", "->", ":", ",", "."),
    *_ODD,
    # every word of every modal form, so a form whose first word the scan misses shows up
    *{word for _, forms in _modality._MODAL_FORMS for word in re.findall(r"[a-z']+", forms)},
    *_modality._IMPERATIVES.split("|"),
]
_LANGUAGE_PIECES = [
    *("TypeScript", "ts", ".ts", "tests", "JS", "console.log", "React", "node.js", "jsx/tsx"),
    *("Next.js", "Reacts", "ts-node", "*.ts", "_ts", "x-js", "tsx", "javascripts", "nodejs"),
    *("use", "no", "any", "in", "code", "\u00e9ts", "TSX", "jsonschema", "limits"),
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join) | st.text(
    alphabet=st.sampled_from("aeimnostx<=>~\u2264 -_'5" + "".join(_ODD)), max_size=30
)
_COMPARATOR = "|".join(sorted(_quantities._OP_OF_WORD, key=len, reverse=True)).replace(" ", r"\s+")
_COMPARATOR_SYMBOL = "|".join(
    re.escape(symbol) for symbol in sorted(_quantities._SYMBOLS, key=len, reverse=True)
)


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


class TestFold:
    """`fold` is the text as a case-insensitive pattern reads it, place for place."""

    @given(st.text(alphabet=st.characters(), max_size=40))
    @settings(max_examples=300, deadline=None)
    def test_keeps_every_character_in_its_place(self, text: str) -> None:
        folded = fold(text)
        assert len(folded) == len(text)
        for char, lowered in zip(text, folded, strict=True):
            assert bool(re.match(r"\w", char)) == bool(re.match(r"\w", lowered))
            assert char.isspace() == lowered.isspace()

    @given(_TEXT)
    @settings(max_examples=300, deadline=None)
    def test_a_lowercase_pattern_on_it_matches_as_a_case_insensitive_one(self, text: str) -> None:
        for source in (r"\bmust\s+not\b", r"\bsk\w*", r"limit(?:ed)?\b", r"\bis\b"):
            expected = _spans(re.finditer(source, text, re.IGNORECASE))
            assert _spans(re.finditer(source, fold(text))) == expected

    def test_the_letters_a_case_insensitive_pattern_takes_for_ascii_ones(self) -> None:
        assert fold("\u0130\u0131\u017f\u212a") == "iisk"
        assert re.fullmatch("iisk", "\u0130\u0131\u017f\u212a", re.IGNORECASE)


class TestLazyPattern:
    """A lazy pattern compiles on first use and is then the compiled pattern's methods."""

    def test_compiles_on_first_use_only(self) -> None:
        pattern = lazy(r"a(?P<b>b)", re.IGNORECASE)
        assert pattern._compiled is None
        assert pattern.search("xAB") is not None
        compiled = pattern.compiled
        assert pattern.search == compiled.search
        assert pattern.findall("abAB") == ["b", "B"]
        assert pattern.sub("-", "abab") == "--"
        assert pattern.groupindex == {"b": 1}

    def test_other_missing_attributes_are_missing(self) -> None:
        pattern = lazy("x")
        assert not hasattr(pattern, "no_such_method")


class TestComparators:
    """What follows a comparator is read where a comparator is, as one alternation would."""

    @given(_TEXT)
    @settings(max_examples=500, deadline=None)
    def test_as_the_giant_alternation_finds_them(self, text: str) -> None:
        comparators = _quantities._comparators(text)
        tails = (
            (_quantities._QUANTITY, True),
            (_quantities._NEGATIVE, True),
            (_quantities._NO_NUMBER, False),
            (_quantities._WORD_NUMBER, False),
            (_quantities._BAD_NUMBER, True),
        )
        for tail, symbols in tails:
            symbol = f"|{_COMPARATOR_SYMBOL}" if symbols else ""
            whole = re.compile(rf"(?:\b(?:{_COMPARATOR})\b{symbol}){tail.pattern}", re.IGNORECASE)
            found = _quantities._after_comparators(text, comparators, tail, symbols=symbols)
            read = [(comparator.start, match.end()) for comparator, match in found]
            assert read == _spans(whole.finditer(text)), tail.pattern

    @given(_TEXT)
    @settings(max_examples=300, deadline=None)
    def test_every_comparator_and_where_it_ends(self, text: str) -> None:
        # what comes before a word (a number word): does a comparator end there, blanks aside?
        ends = {reading.end for readings in _quantities._comparators(text) for reading in readings}
        before = re.compile(rf"(?:\b(?:{_COMPARATOR})|{_COMPARATOR_SYMBOL})\s*$", re.IGNORECASE)
        for end in range(len(text) + 1):
            if end and re.match(r"\w", text[end - 1]):
                continue
            stripped = len(text[:end].rstrip())
            assert (before.search(text, 0, end) is not None) == (stripped in ends)


class TestModalWords:
    """The modal pattern is tried only where a modal word starts, and finds what a search does."""

    @given(_TEXT)
    @settings(max_examples=500, deadline=None)
    def test_as_a_search_finds_them(self, text: str) -> None:
        expected = _modality._MODALITY.compiled.search(text)
        found = _modality._modal_match(text)
        assert (found and (found.span(), found.lastgroup)) == (
            expected and (expected.span(), expected.lastgroup)
        )


class TestFirstLooks:
    """A cheap first look never skips a pattern that would have matched."""

    @given(_TEXT)
    @settings(max_examples=500, deadline=None)
    def test_the_limit_patterns(self, text: str) -> None:
        folded = fold(text)
        q = _quantities
        assert (q._NUMBER_WORDS.search(text) is not None) <= q._has_number_word(text)
        assert _span(q._lead(text, folded)) == _span(q._LEAD.search(text))
        assert _span(q._limit_to(text, folded)) == _span(q._LIMIT_TO.search(text))
        assert _span(q._bare(text)) == _span(q._BARE.search(text))
        assert (q._POSTFIX.search(text) is not None) <= (q._POSTFIX_HINT.search(folded) is not None)
        at_width = q._AT_WIDTH_HINT.search(folded) is not None
        assert (q._AT_WIDTH.search(text) is not None) <= at_width

    @given(st.lists(st.sampled_from(_LANGUAGE_PIECES), max_size=8).map(" ".join))
    @settings(max_examples=300, deadline=None)
    def test_the_language_names(self, text: str) -> None:
        names = set().union(*(names for names, _ in _LANGUAGES_NAMED))
        named = {str(word) for word in words(text)} & names
        assert bool(language_scope(text)[0]) == bool(named)
