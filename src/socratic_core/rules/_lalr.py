"""The instruction language's parsers at run time: Lark's LALR tables, driven without lark.

`import lark` loads the whole library (the grammar loader, the Earley parsers, hashlib, pickle,
logging): about a tenth of a `socratic check` start-up, for parsers whose tables ship prebuilt.
Running those tables takes little code, so both grammars (instructions.lark, canonical.lark)
run here: a contextual lexer (in each parser state, only the terminals that state accepts, tried
in Lark's order, with Lark's keywords and `%ignore`) and the LALR shift/reduce loop, calling the
transformer's method for each rule as Lark's tree-less mode does. Only the translation of a
canonical line's syntax error loads Lark (`_canonical`), whose errors say what was expected.

What it reads is what Lark's `serialize()` writes (see `_prebuilt`); `test_grammar.py` checks
that it gives Lark's own result on every kind of document and canonical line. A grammar that
needs more than it implements is refused when it loads, never misread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["ParseError", "TableParser", "Token"]

_SHIFT = 0  # Lark's action codes: shift to a state, or reduce by a rule
_END = "$END"


class ParseError(Exception):
    """Text the grammar does not accept, at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at line {line}, column {column}")
        self.line, self.column = line, column


class Token(str):
    """A terminal's text and where it starts and ends, as Lark's `Token` has them."""

    __slots__ = ("column", "end_column", "end_line", "line", "type")

    type: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __new__(cls, kind: str, text: str, line: int, column: int, end: tuple[int, int]) -> Token:
        """A token of terminal `kind`; `end` is the line and column just after its text."""
        token = super().__new__(cls, text)
        token.type, token.line, token.column = kind, line, column
        token.end_line, token.end_column = end
        return token


class _Rule:
    """One grammar rule, ready to reduce by: what it makes of the values it takes off the stack.

    `keep` filters them into the rule's children (`None`: they are its children as they are);
    `method` is the transformer's method called with them (`None` for an `_inlined` rule, whose
    children the parent splices into its own); `expand1` passes a single child up (`?rule`).
    """

    __slots__ = ("expand1", "keep", "method", "origin", "size")

    def __init__(self, entry: Mapping[str, Any], transformer: object) -> None:
        self.origin: str = entry["origin"]["name"]
        self.size = len(entry["expansion"])
        self.keep = _child_filter(entry)
        self.method: Callable[[list[Any]], Any] | None = None
        self.expand1 = bool(entry["options"]["expand1"] and not entry["alias"])
        if not self.origin.startswith("_"):
            self.method = getattr(transformer, entry["alias"] or self.origin, None)
            if self.method is None:
                raise ValueError(f"the transformer has no method for the rule {self.origin!r}")

    def build(self, values: list[Any]) -> Any:
        """The rule's value from the values it takes off the stack."""
        children = values if self.keep is None else self.keep(values)
        if self.expand1 and len(children) == 1:
            return children[0]
        return children if self.method is None else self.method(children)


def _child_filter(entry: Mapping[str, Any]) -> Callable[[list[Any]], list[Any]] | None:
    """Lark's child filter for one rule (`None` when the values are its children as they are).

    It drops filtered-out tokens (`_BLANK`), splices in the children of `_inlined` rules, and
    puts `None` where an optional `[item]` is absent (Lark's `maybe_placeholders`).
    """
    expansion, options = entry["expansion"], entry["options"]
    flags = options["empty_indices"] or [False] * len(expansion)
    plan: list[tuple[int, bool, int]] = []  # (index, splice?, Nones to put before it)
    nones, index = 0, 0
    for empty in flags:
        if empty:
            nones += 1
            continue
        symbol = expansion[index]
        terminal = symbol["__type__"] == "Terminal"
        if options["keep_all_tokens"] or not (terminal and symbol["filter_out"]):
            plan.append((index, not terminal and symbol["name"].startswith("_"), nones))
            nones = 0
        index += 1
    if not nones and plan == [(at, False, 0) for at in range(len(expansion))]:
        return None

    def keep(values: list[Any]) -> list[Any]:
        kept: list[Any] = []
        for at, splice, before in plan:
            kept += [None] * before
            if not splice:
                kept.append(values[at])
            elif kept:
                kept += values[at]
            else:  # a left-recursive list (`x*`): grow its list in place, as Lark does (linear)
                kept = values[at]
        return kept + [None] * nones if nones else kept

    return keep


def _regexp(terminal: Mapping[str, Any]) -> str:
    """A terminal's pattern as a regex (a string terminal is matched literally)."""
    pattern = terminal["pattern"]
    literal = pattern["__type__"] == "PatternStr"
    if literal and pattern["flags"]:
        raise ValueError(f"the string terminal {terminal['name']} has flags: use Lark")
    value: str = re.escape(pattern["value"]) if literal else pattern["value"]
    for flag in pattern["flags"]:
        value = f"(?{flag}:{value})"
    return value


def _order(terminal: Mapping[str, Any]) -> tuple[int, int, int, str]:
    """Lark's `BasicLexer` order of terminals.

    Priority first, then the longest possible match (a string's is its length), then the
    longest pattern, then the name.
    """
    pattern = terminal["pattern"]
    widest = len(pattern["value"]) if pattern["__type__"] == "PatternStr" else pattern["_width"][1]
    return (-terminal["priority"], -widest, -len(pattern["value"]), terminal["name"])


def _keywords(terminals: list[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Lark's keywords among `terminals`: regex terminal -> {text: the string terminal}.

    A string terminal (`"severity"`) that a regex terminal of its priority (`WORD`) matches
    whole is, as in Lark, not an alternative of its own: the regex matches it, and the token
    is renamed.
    """
    strings = [t for t in terminals if t["pattern"]["__type__"] == "PatternStr"]
    keywords: dict[str, dict[str, str]] = {}
    for terminal in terminals if strings else ():
        if terminal["pattern"]["__type__"] == "PatternStr":
            continue
        regex = re.compile(_regexp(terminal))
        for string in strings:
            text = string["pattern"]["value"]
            match = regex.match(text)
            if string["priority"] == terminal["priority"] and match and match[0] == text:
                keywords.setdefault(terminal["name"], {})[text] = string["name"]
    return keywords


class _Scanner:
    """A lexer: its terminals in one regex, and the keywords it renames (see `_keywords`).

    The regex tries the terminals in Lark's order, and the match's last group names the
    terminal.
    """

    __slots__ = ("keywords", "pattern")

    def __init__(self, terminals: list[Mapping[str, Any]]) -> None:
        self.keywords = _keywords(terminals)
        embedded = {name for renamed in self.keywords.values() for name in renamed.values()}
        kept = sorted((t for t in terminals if t["name"] not in embedded), key=_order)
        self.pattern = re.compile("|".join(f"(?P<{t['name']}>{_regexp(t)})" for t in kept))


class TableParser:
    """An LALR(1) parser with a contextual lexer, run from Lark's serialised tables.

    Args:
        data: Lark's `serialize()` data of the parser, with every `{"@": n}` reference as in
            `memo`.
        memo: The terminals and rules those references name.
        transformer: An object with one method per named rule (or alias), each taking the
            rule's children as a list; `_inlined` rules need none.

    Raises:
        ValueError: The grammar needs what this run time does not do (regex flags for the
            whole grammar, string terminals with flags, several start rules), or the
            transformer lacks a rule's method.
    """

    def __init__(self, data: Mapping[str, Any], memo: Mapping[int, Any], transformer: object):
        frontend = data["parser"]
        if frontend["lexer_conf"]["g_regex_flags"]:
            raise ValueError("the grammar sets regex flags: use Lark")
        table = frontend["parser"]
        if len(table["start_states"]) != 1:
            raise ValueError("the grammar has several start rules: use Lark")
        terminals = {
            entry["name"]: entry for entry in memo.values() if entry["__type__"] == "TerminalDef"
        }
        rules = {
            key: _Rule(entry, transformer)
            for key, entry in memo.items()
            if entry["__type__"] == "Rule"
        }
        names: Mapping[int, str] = table["tokens"]
        self._actions: dict[int, dict[str, tuple[int, Any]]] = {
            state: {
                names[token]: (action, arg if action == _SHIFT else rules[arg["@"]])
                for token, (action, arg) in actions.items()
            }
            for state, actions in table["states"].items()
        }
        for terminal in terminals.values():
            _regexp(terminal)  # a terminal it cannot match is refused now, not at its first use
        self._terminals = terminals
        self._ignored = frozenset(frontend["lexer_conf"]["ignore"])  # `%ignore`: skipped
        self._lexed = {  # what each state lexes: the terminals it accepts, and ignored ones
            state: frozenset(name for name in actions if name in terminals) | self._ignored
            for state, actions in self._actions.items()
        }
        # One scanner of every terminal is tried first. Where the terminal it finds is one the
        # state lexes, the state's own scanner would find the same (the same order, fewer
        # alternatives), so a document compiles few of those. Keywords break that (a regex
        # terminal renames a keyword only where both are lexed): then each state's is used.
        everything = list(terminals.values())
        self._root = None if _keywords(everything) else _Scanner(everything)
        # A state's own scanner is compiled the first time it is needed (as Lark does);
        # states lexing the same terminals share one.
        self._scanners: dict[int, _Scanner] = {}
        self._shared: dict[frozenset[str], _Scanner] = {}
        [self._start] = table["start_states"].values()
        [self._end] = table["end_states"].values()

    def parse(self, text: str) -> Any:
        """Parse `text` and return what the start rule's method made of it.

        Raises:
            ParseError: Text the grammar does not accept.
        """
        states: list[int] = [self._start]
        values: list[Any] = []
        position, line, line_start = 0, 1, 0
        root = self._root
        while position < len(text):
            column = position - line_start + 1
            scanner = root
            match = root.pattern.match(text, position) if root else None
            if scanner is None or match is None or match.lastgroup not in self._lexed[states[-1]]:
                scanner = self._scanners.get(states[-1]) or self._scanner(states[-1])
                match = scanner.pattern.match(text, position)
            if match is None:
                raise ParseError("no terminal matches", line, column)
            value, start_line, kind = match.group(), line, match.lastgroup or ""
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = position + value.rindex("\n") + 1
            position += len(value)
            if kind in self._ignored:
                continue
            if scanner.keywords:  # never the root scanner's (it is not used with keywords)
                kind = scanner.keywords.get(kind, {}).get(value, kind)
            end = (line, position - line_start + 1)
            self._feed(Token(kind, value, start_line, column, end), states, values)
        end = (line, position - line_start + 1)
        return self._feed(Token(_END, "", *end, end), states, values)

    def _scanner(self, state: int) -> _Scanner:
        """The state's own scanner, compiled now (or shared with a state lexing the same)."""
        lexed = self._lexed[state]
        if lexed not in self._shared:
            self._shared[lexed] = _Scanner([self._terminals[name] for name in lexed])
        self._scanners[state] = self._shared[lexed]
        return self._scanners[state]

    def _feed(self, token: Token, states: list[int], values: list[Any]) -> Any:
        """Reduce as the token calls for, then shift it (or, at the end, return the result)."""
        while True:
            action = self._actions[states[-1]].get(token.type)
            if action is None:
                raise ParseError(f"unexpected {token.type}", token.line, token.column)
            kind, arg = action
            if kind == _SHIFT:
                states.append(arg)
                values.append(token)
                return None
            rule: _Rule = arg
            children = values[-rule.size :] if rule.size else []
            if rule.size:
                del states[-rule.size :], values[-rule.size :]
            states.append(self._actions[states[-1]][rule.origin][1])
            values.append(rule.build(children))
            if token.type == _END and states[-1] == self._end:
                return values[-1]
