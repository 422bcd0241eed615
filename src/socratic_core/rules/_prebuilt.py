"""The parsers of the instruction language, loaded from tables that ship with the package.

Building a Lark LALR parser means analysing its grammar (and, with `interegular` installed,
checking every pair of terminals for collisions): a few hundred milliseconds that every process
would pay before reading one line. So the analysed tables of both grammars, instructions.lark
and canonical.lark, are written once by `python -m socratic_core.rules._build_parser` into the
package data file `_parsers.json`, and a run only reads them back. The file is JSON: Lark's own
`serialize()` data, with its integer-keyed tables spelled as `{"#": [[key, value], ...]}`;
nothing is ever unpickled. A test regenerates the tables in memory and compares them with the
file, so a grammar edited without rebuilding fails CI.

A file that does not match the grammar it is loaded for (a grammar edited in a checkout, not
yet rebuilt: the file keeps the text its tables were built from) is not used: the tables are
then built from the grammar, as the file's test demands.

Both grammars' tables are run by `socratic_core.rules._lalr`, without importing lark
(`load_table_parser`); Lark's own parser (`load_parser`) reads a malformed canonical line
again, for its error.
"""

from __future__ import annotations

import functools
import json
import pkgutil
from typing import TYPE_CHECKING, Any

from socratic_core.rules._lalr import TableParser

if TYPE_CHECKING:
    from lark import Lark

__all__ = [
    "DATA_FILE",
    "GRAMMARS",
    "grammar_source",
    "load_parser",
    "load_table_parser",
    "load_tables",
    "read_tables",
]

DATA_FILE = "_parsers.json"
# The grammars and the options each parser is built with (the transformer comes at load time).
GRAMMARS: dict[str, dict[str, str]] = {
    "instructions.lark": {"parser": "lalr", "lexer": "contextual"},
    "canonical.lark": {"parser": "lalr", "lexer": "contextual"},
}
_INT_KEYS = "#"
_PACKAGE = "socratic_core.rules"


def grammar_text(name: str) -> str:
    """The source of one of the package's grammars.

    Args:
        name: The grammar's file name (`instructions.lark`).

    Returns:
        Its text.
    """
    text = _package_data(name).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it, on any OS


def _package_data(name: str) -> bytes:
    """A data file of this package, read through its loader (a folder or a zip file alike).

    `pkgutil` rather than `importlib.resources`: the resources machinery would cost a few
    milliseconds of start-up more (zipfile included).
    """
    data = pkgutil.get_data(_PACKAGE, name)
    if data is None:  # a loader that cannot read data files
        raise FileNotFoundError(name)
    return data


def grammar_source(name: str) -> str:
    """What a grammar's tables are built from: its build options (a JSON line) and its text.

    The data file keeps it beside the tables, and a run compares the two texts: as exact as a
    digest, and no hash function to load (hashlib's OpenSSL costs about 2 ms of start-up).

    Args:
        name: The grammar's file name.

    Returns:
        The options and the grammar, one text.
    """
    options = json.dumps(GRAMMARS[name], sort_keys=True)
    return f"{options}\n{grammar_text(name)}"


def _decode(pairs: dict[str, Any]) -> Any:
    """JSON object hook: `{"#": [[1, x], ...]}` is a dict with integer keys."""
    if len(pairs) == 1 and _INT_KEYS in pairs:
        return {int(key): value for key, value in pairs[_INT_KEYS]}
    return pairs


@functools.cache
def read_tables() -> dict[str, Any]:
    """The data file: per grammar, its source and Lark's serialised parser.

    Returns:
        The decoded file, or an empty dict when the package has none.
    """
    try:
        raw = _package_data(DATA_FILE)
    except FileNotFoundError:
        return {}
    tables: dict[str, Any] = json.loads(raw, object_hook=_decode)
    return tables


def load_tables(name: str) -> tuple[dict[str, Any], dict[int, Any]]:
    """One grammar's tables: Lark's serialised parser and the memo its references point into.

    Args:
        name: The grammar's file name (`instructions.lark` or `canonical.lark`).

    Returns:
        `(data, memo)`, from the shipped file when it matches the grammar, else built now.
    """
    entry = read_tables().get(name)
    if entry is None or entry["source"] != grammar_source(name):
        from socratic_core.rules._build_parser import build_tables  # noqa: PLC0415 (stale file)

        entry = json.loads(json.dumps(build_tables(name)), object_hook=_decode)
    return entry["data"], entry["memo"]


def load_table_parser(name: str, transformer: object) -> TableParser:
    """Return the parser for a grammar that `socratic_core.rules._lalr` runs (lark not loaded).

    Args:
        name: The grammar's file name (`instructions.lark` or `canonical.lark`).
        transformer: One method per named rule, each taking the rule's children.

    Returns:
        The parser.
    """
    data, memo = load_tables(name)
    return TableParser(data, memo, transformer)


def load_parser(name: str, transformer: object) -> Lark:
    """Return Lark's parser for one grammar, its transformer run inside the LALR parser.

    Args:
        name: The grammar's file name (`canonical.lark`).
        transformer: One method per named rule, each taking the rule's children (Lark's
            tree-less mode looks them up by name, as `TableParser` does).

    Returns:
        The parser, loaded from its tables (no grammar analysed when the file matches).
    """
    from lark import Lark  # noqa: PLC0415 (start-up: only a canonical line's error needs it)

    data, memo = load_tables(name)
    parser = Lark.__new__(Lark)  # what `Lark.load` does, with the transformer passed on
    return parser._load({"data": data, "memo": memo}, transformer=transformer)
