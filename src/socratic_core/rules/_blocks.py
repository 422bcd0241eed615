"""The blocks of an instruction document, as the transformer builds them from the parse tree.

These are the document-level values between the grammar and the rules: a heading, a list item,
a paragraph, a code fence. They carry their text with positions so that every rule made from
them can point back at the exact place it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

from socratic_core.rules._nodes import SourceSpan

__all__ = [
    "Block",
    "Comment",
    "Document",
    "Fence",
    "FrontMatter",
    "Heading",
    "Item",
    "Paragraph",
    "RuleBreak",
    "TableRow",
    "TextLine",
]


class TextLine(NamedTuple):
    """One line of statement text, markers stripped, with where its first character sits.

    A named tuple, as `Item` is: a document makes one for every line, and a tuple is the
    cheapest immutable value to make.
    """

    text: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """YAML front matter: kept as metadata, never parsed as rules."""

    raw: str
    metadata: Mapping[str, str | bool | tuple[str, ...]]
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX heading (`## Security`)."""

    level: int
    text: str
    span: SourceSpan


class Item(NamedTuple):
    """A bullet, checklist or numbered list item with its continuation lines."""

    kind: str
    depth: int
    lines: tuple[TextLine, ...]
    span: SourceSpan
    checked: bool | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text lines; each sentence in it is a statement."""

    lines: tuple[TextLine, ...]
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Fence:
    """A code fence: kept as an example, never parsed as rules.

    `closed` is False for a fence no closing fence ends: it runs to the end of the document.
    """

    info: str
    code: str
    span: SourceSpan
    closed: bool = True


@dataclass(frozen=True, slots=True)
class TableRow:
    """A Markdown table row, with its cells (each a line of text with its position).

    `separator` is True for the row under a header (`|---|:---:|`), which holds no text.
    """

    text: str
    span: SourceSpan
    cells: tuple[TextLine, ...] = ()

    @property
    def separator(self) -> bool:
        """Whether this is the delimiter row under a header: only `|`, `-`, `:` and blanks."""
        return not self.text.strip("|-: \t") and "-" in self.text


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment: ignored. One that is never closed runs to the end of the document."""

    text: str
    span: SourceSpan

    @property
    def closed(self) -> bool:
        """Whether a `-->` ends the comment."""
        return self.text.endswith("-->")


@dataclass(frozen=True, slots=True)
class RuleBreak:
    """A thematic break (`---`): ends nothing, means nothing."""

    span: SourceSpan


Block: TypeAlias = Heading | Item | Paragraph | Fence | TableRow | Comment | RuleBreak


@dataclass(frozen=True, slots=True)
class Document:
    """A whole instruction document: its front matter (if any) and its blocks in order."""

    front_matter: FrontMatter | None
    blocks: tuple[Block, ...] = field(default_factory=tuple)
