"""Parse tree to document blocks: one method per rule of instructions.lark.

The transformer runs inside the LALR parser (Lark's tree-less mode), so a document is turned into
its blocks in one pass. Lark does not give `meta` to such an internal transformer, and does not
need to: every terminal is a whole line, so each block's `SourceSpan` comes from its tokens.
It only strips Markdown markers and records positions; what a statement means is read later,
by `socratic_core.rules._statements`.
"""

from __future__ import annotations

from typing import Any

from socratic_core.rules._blocks import (
    Comment,
    Document,
    Fence,
    FrontMatter,
    Heading,
    Item,
    Paragraph,
    RuleBreak,
    TableRow,
    TextLine,
)
from socratic_core.rules._lalr import Token
from socratic_core.rules._nodes import SourceSpan
from socratic_core.rules._patterns import LazyPattern, lazy

__all__ = ["DocumentTransformer", "read_front_matter"]

# A list marker (bullet, typographic bullet or number), then an optional checkbox.
_ITEM_MARKER = lazy(r"([ \t]*)(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+(?:\[([ xX])\][ \t]*)?")
_BLANKS = lazy(r"[ \t]*")
_QUOTE = lazy(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_CELL_BORDER = lazy(r"(?<!\\)\|")
_YAML_PAIR = lazy(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.*)")
_YAML_ITEM = lazy(r"[ \t]+-[ \t]+(.*)|-[ \t]+(.*)")


def _span(token: Token) -> SourceSpan:
    """Span of a whole-line token, ending at the end of its text (the newline excluded)."""
    line, column = token.line or 1, token.column or 1
    if token.end_line == line + 1:  # one line: the usual case, kept cheap
        return SourceSpan(line, column, line, column + len(token) - 1)
    text = str(token).rstrip("\n")
    last_line = text.rsplit("\n", 1)[-1]
    end_column = len(last_line) + 1 if "\n" in text else column + len(text)
    return SourceSpan(line, column, line + text.count("\n"), end_column)


def _text_line(token: Token, skip: int, leading: LazyPattern | None = _BLANKS) -> TextLine:
    """The token's line text from character `skip` on, what `leading` matches dropped."""
    if leading is not None:
        skip = leading.match(token, skip).end()  # type: ignore[union-attr]
    return TextLine(token[skip:].rstrip(), token.line or 1, (token.column or 1) + skip)


def _scalar(value: str) -> str | bool:
    """A YAML scalar, unquoted; `true`/`false` become booleans."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return value


def _flow_list(value: str) -> tuple[str, ...]:
    """A YAML flow list (`[a, "b"]`) as strings."""
    return tuple(str(_scalar(part)) for part in value.strip()[1:-1].split(",") if part.strip())


def read_front_matter(raw: str) -> dict[str, str | bool | tuple[str, ...]]:
    """Read the subset of YAML that instruction front matter uses.

    Supports `key: value`, `key: [a, b]`, a key followed by `- item` lines, quoted strings and
    booleans. Anything else is kept as the raw string value of its key.

    Args:
        raw: The front matter between its `---` lines.

    Returns:
        The keys and their values (lists become tuples).
    """
    metadata: dict[str, str | bool | tuple[str, ...]] = {}
    key: str | None = None
    for line in raw.splitlines():
        item = _YAML_ITEM.fullmatch(line)
        if item and key is not None:
            previous = metadata.get(key, ())
            values = previous if isinstance(previous, tuple) else ()
            metadata[key] = (*values, str(_scalar(item.group(1) or item.group(2) or "")))
            continue
        pair = _YAML_PAIR.fullmatch(line.strip())
        if pair is None or line[:1] in (" ", "\t", "#"):
            continue
        key, value = pair.group(1), pair.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            metadata[key] = _flow_list(value)
        elif value:
            metadata[key] = _scalar(value)
        else:
            metadata[key] = ()
    return metadata


class DocumentTransformer:
    """Build `Document` blocks from instructions.lark, one method per grammar rule.

    The parser (`socratic_core.rules._lalr`) calls each method with the rule's children.
    """

    def start(self, children: list[Any]) -> Document:
        """The document: optional front matter, then its blocks."""
        head, *blocks = children
        front_matter = None
        if head is not None:  # the FRONT_MATTER token (None: the document has none)
            lines = str(head).split("\n")
            raw = "\n".join(lines[1:-2])
            front_matter = FrontMatter(raw, read_front_matter(raw), _span(head))
        return Document(front_matter, tuple(block for block in blocks if block is not None))

    def heading(self, children: list[Token]) -> Heading:
        """An ATX heading: its level and its text without the `#` marks."""
        raw = str(children[0]).strip()
        level = len(raw) - len(raw.lstrip("#"))
        return Heading(level, raw[level:].strip().rstrip("#").strip(), _span(children[0]))

    def paragraph(self, children: list[Token]) -> Paragraph:
        """A run of text lines."""
        lines = tuple(_text_line(token, 0, _QUOTE) for token in children)  # `> quoted`
        span = _span(children[0]) if len(children) == 1 else self._span_of(children)
        return Paragraph(lines, span)

    def bullet_item(self, children: list[Token]) -> Item:
        """A `-`, `*` or `+` list item with its continuation lines."""
        return self._item("bullet", children)

    def check_item(self, children: list[Token]) -> Item:
        """A checklist item (`- [ ]`, `- [x]`) with its continuation lines."""
        return self._item("check", children)

    def numbered_item(self, children: list[Token]) -> Item:
        """A numbered list item (`1.`, `1)`) with its continuation lines."""
        return self._item("numbered", children)

    def fence(self, children: list[Token]) -> Fence:
        """A code fence: its info string, its code, and whether a closing fence ends it."""
        lines = str(children[0]).rstrip("\n").split("\n")
        opening = lines[0].strip()
        mark = opening[0]
        run = len(opening) - len(opening.lstrip(mark))
        last = lines[-1].strip()
        closed = len(lines) > 1 and len(last) >= run and last == mark * len(last)
        code = "\n".join(lines[1:-1] if closed else lines[1:])
        return Fence(opening[run:].strip(), code, _span(children[0]), closed)

    def table_row(self, children: list[Token]) -> TableRow:
        """A table row and its cells (split at each pipe that is not escaped with a backslash)."""
        token = children[0]
        line, column = token.line or 1, token.column or 1
        cells, start = [], token.index("|") + 1
        for border in [*(m.start() for m in _CELL_BORDER.finditer(token, start)), len(token)]:
            raw = token[start:border]
            text = raw.strip()
            if text:
                cells.append(TextLine(text, line, column + start + len(raw) - len(raw.lstrip())))
            start = border + 1
        return TableRow(str(token).strip(), _span(token), tuple(cells))

    def comment(self, children: list[Token]) -> Comment:
        """An HTML comment."""
        return Comment(str(children[0]).strip(), _span(children[0]))

    def rule_break(self, children: list[Token]) -> RuleBreak:
        """A thematic break."""
        return RuleBreak(_span(children[0]))

    def _item(self, kind: str, children: list[Token]) -> Item:
        first = children[0]
        marker = _ITEM_MARKER.match(first)
        assert marker is not None  # noqa: S101  (the grammar guarantees a marker)
        indent, box = marker.groups()
        depth = len(indent.replace("\t", "    ")) // 2 if indent else 0
        checked = None if box is None else box in "xX"
        head = _text_line(first, marker.end(), None)  # the marker ate the blanks after it
        if len(children) == 1:
            return Item(kind, depth, (head,), _span(first), checked)
        lines = (head, *(_text_line(token, 0) for token in children[1:]))
        return Item(kind, depth, lines, self._span_of(children), checked)

    @staticmethod
    def _span_of(tokens: list[Token]) -> SourceSpan:
        first, last = _span(tokens[0]), _span(tokens[-1])
        return SourceSpan(first.line, first.column, last.end_line, last.end_column)
