"""The script blocks of `.vue`, `.svelte` and `.astro` files, as one source the parser can read.

A component file is markup with code in it: `<script>` blocks (Vue's `<script setup lang="ts">`,
Svelte's `<script context="module">`) and, in Astro, the frontmatter between the leading `---`
fences. `script_source()` keeps the bytes of that code where they are and turns every other byte
into a space (newlines kept), so a byte offset or a row in the parsed source is the same offset or
row in the file. Where a block's code runs up to its closing tag on the same line, the tag's
first byte becomes `;`, so two blocks on one line do not run together into one statement.

A block whose `type` names something other than a script (`application/ld+json`, a template) is
left out. The work is linear: each search starts where the previous block ended, and an opening
tag that is never closed ends the search.
"""

from __future__ import annotations

import re

__all__ = ["EMBEDDING_SUFFIXES", "script_source"]

EMBEDDING_SUFFIXES = (".vue", ".svelte", ".astro")
"""The suffixes of component files whose script blocks are read."""

# An opening `<script ...>` tag (bytes, ASCII case-insensitive); attributes are read below.
_OPEN = re.compile(rb"<script\b(?P<attrs>[^>]{0,2000})>", re.IGNORECASE)
_CLOSE = re.compile(rb"</script", re.IGNORECASE)
_LANG = re.compile(rb"""\blang\s*=\s*["']?(?P<lang>[A-Za-z]+)""", re.IGNORECASE)
_TYPE = re.compile(rb"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.IGNORECASE)
_SCRIPT_TYPES = frozenset(
    {b"module", b"text/javascript", b"application/javascript", b"text/typescript", b"ts"}
)
# Astro's frontmatter: `---` on the first non-blank line, up to the next line that is `---`.
_FENCE = re.compile(rb"\A\s*---[ \t]*\r?\n")
_FENCE_END = re.compile(rb"^---[ \t]*$", re.MULTILINE)


def script_source(path: str, data: bytes) -> tuple[bytes, str]:
    """Return the file with everything but its script blocks blanked, and the blocks' language.

    Args:
        path: The file's path (its suffix says which kind of component it is).
        data: The file's UTF-8 bytes.

    Returns:
        The blanked bytes (same length, same newlines) and `typescript`, `tsx`, `jsx` or
        `javascript`: TypeScript when any block says `lang="ts"` (and always for Astro, whose
        frontmatter and scripts are TypeScript), JavaScript otherwise.
    """
    keep: list[tuple[int, int]] = []
    language = "typescript" if path.endswith(".astro") else "javascript"
    if path.endswith(".astro"):
        fence = _FENCE.match(data)
        end = _FENCE_END.search(data, fence.end()) if fence is not None else None
        if fence is not None and end is not None:
            keep.append((fence.end(), end.start()))
    start = 0
    while (tag := _OPEN.search(data, start)) is not None:
        close = _CLOSE.search(data, tag.end())
        if close is None:
            break  # never closed: no later block can be either
        attrs = tag["attrs"]
        kind = _TYPE.search(attrs)
        if kind is None or kind["type"].lower() in _SCRIPT_TYPES:
            keep.append((tag.end(), close.start()))
            language = _block_language(attrs, language)
        start = close.end()
    return _blank(data, keep), language


def _block_language(attrs: bytes, language: str) -> str:
    """The language a block's `lang` gives; a TypeScript block makes the file TypeScript."""
    lang = _LANG.search(attrs)
    named = lang["lang"].lower().decode() if lang is not None else ""
    if named in ("ts", "typescript"):
        return "tsx" if language == "tsx" else "typescript"
    if named == "tsx":
        return "tsx"
    if named == "jsx" and language == "javascript":
        return "jsx"
    return language


def _blank(data: bytes, keep: list[tuple[int, int]]) -> bytes:
    """Spaces for every byte outside the kept spans (newlines stay).

    A span whose code runs up to its closing tag on one line gets a `;` in the tag's place.
    """
    out = bytearray(re.sub(rb"[^\n]", b" ", data))
    for start, end in keep:
        out[start:end] = data[start:end]
        if start < end < len(out) and data[end - 1 : end] != b"\n":
            out[end] = ord(";")
    return bytes(out)
