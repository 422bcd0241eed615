"""The licence-header check: plain code, testable without pluggy.

`find_spdx()` reads the SPDX identifier in a file's first lines. `license_header` is the check:
a function of one file and the rule's `license` parameter, made a `Check` by `@check`, which reads
its description and parameter from the signature and docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socratic_core.rules import Finding, Frame, SourceFile, check

__all__ = [
    "DECLARATION",
    "HEADER_LINES",
    "LICENSES",
    "LICENSE_HEADER",
    "find_spdx",
    "license_header",
]

HEADER_LINES = 5
"""How many lines from the top (after a shebang or encoding line) may hold the header."""

# Source files with line comments, by suffix; others (images, JSON, Markdown) are not checked.
_COMMENTED = (
    ".py", ".pyi", ".sh", ".bash", ".rb", ".pl", ".yaml", ".yml", ".toml", ".cfg", ".ini",
    ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".go", ".rs", ".c", ".h", ".cc", ".cpp",
    ".hpp", ".java", ".kt", ".swift", ".cs", ".scala", ".sql", ".lua", ".r", ".css", ".scss",
)  # fmt: skip
LICENSES = (
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0", "GPL-3.0", "LGPL-2.1",
    "LGPL-3.0", "AGPL-3.0", "MPL-2.0", "ISC", "Unlicense", "CC0-1.0",
)  # fmt: skip
"""SPDX identifiers instruction text may name ("an MIT license header"); others stay `any`."""
_SPDX = re.compile(r"SPDX-License-Identifier:\s*(?P<id>[A-Za-z0-9.+\-() ]+?)\s*(?:\*/|-->)?\s*$")


def find_spdx(text: str, lines: int = HEADER_LINES) -> str | None:
    """Return the SPDX identifier in the first lines of a file, or None when there is none.

    Args:
        text: The file's text.
        lines: How many lines to look at, not counting a shebang or encoding line.

    Returns:
        The identifier (`MIT`, `Apache-2.0 OR MIT`), or None.
    """
    head = text.split("\n", lines + 2)[: lines + 2]
    if head and (head[0].startswith("#!") or "coding" in head[0]):
        head = head[1:]
    for line in head[:lines]:
        match = _SPDX.search(line)
        if match:
            return match.group("id").strip()
    return None


# --8<-- [start:check]
@check(
    id="license.header",
    category="custom",
    # "Every file needs an SPDX license header for MIT": both concepts, in any order, in one
    # clause; the licence is picked out of the parameter's choices.
    frames=(
        Frame(
            concepts=(("license", "licence", "spdx"), ("header", "identifier", "notice")),
            slots=("license",),
        ),
        Frame(concepts=(("spdx license identifier",),), slots=("license",)),
    ),
    choices={"license": LICENSES},
    fix_hint="Add `# SPDX-License-Identifier: <id>` (in the file's comment syntax) at the top.",
)
def license_header(source: SourceFile, license: str = "any") -> Iterator[Finding]:
    """Generated source files without an SPDX licence header near the top.

    Args:
        source: A generated file (the engine passes every decoded file in the rule's scope).
        license: The SPDX identifier the header must name; `any` accepts every one.
    """
    text = source.text or ""
    if not source.path.lower().endswith(_COMMENTED) or not text.strip():
        return
    found = find_spdx(text)
    if found is None:
        yield Finding.at_line(source, 1, "no SPDX licence header in the first lines")
    elif license.lower() != "any" and found.lower() != license.lower():
        yield Finding.at_line(source, 1, f"licence header names {found}, not {license}")


# --8<-- [end:check]


LICENSE_HEADER = license_header
"""The check the plugin registers (the `@check` decorator made it a `Check`)."""

DECLARATION = LICENSE_HEADER.declaration
"""What the check declares: id, frames, the `license` parameter, description, fix hint."""
