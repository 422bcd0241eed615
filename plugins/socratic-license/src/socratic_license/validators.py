"""The licence-header check: plain code, testable without pluggy.

`find_spdx()` reads the SPDX identifier in a file's first lines; `license_header()` is the check
function the plugin registers, and `LICENSE_HEADER` the `Check` (declaration + function).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socratic_core.rules import (
    Category,
    Check,
    CheckContext,
    CheckDeclaration,
    Finding,
    Frame,
    ParamSpec,
)

__all__ = ["DECLARATION", "HEADER_LINES", "LICENSE_HEADER", "find_spdx", "license_header"]

HEADER_LINES = 5
"""How many lines from the top (after a shebang or encoding line) may hold the header."""

# Source files with line comments, by suffix; others (images, JSON, Markdown) are not checked.
_COMMENTED = (
    ".py", ".pyi", ".sh", ".bash", ".rb", ".pl", ".yaml", ".yml", ".toml", ".cfg", ".ini",
    ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".go", ".rs", ".c", ".h", ".cc", ".cpp",
    ".hpp", ".java", ".kt", ".swift", ".cs", ".scala", ".sql", ".lua", ".r", ".css", ".scss",
)  # fmt: skip
_SPDX = re.compile(r"SPDX-License-Identifier:\s*(?P<id>[A-Za-z0-9.+\-() ]+?)\s*(?:\*/|-->)?\s*$")

# SPDX identifiers instruction text may name ("an MIT license header"); others stay "any".
_LICENSES = (
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0", "GPL-3.0", "LGPL-2.1",
    "LGPL-3.0", "AGPL-3.0", "MPL-2.0", "ISC", "Unlicense", "CC0-1.0",
)  # fmt: skip

DECLARATION = CheckDeclaration(
    id="license.header",
    category=Category.CUSTOM,
    frames=(
        Frame(
            concepts=(("license", "licence", "spdx"), ("header", "identifier")),
            slots=("license",),
        ),
        Frame(
            concepts=(("spdx-license-identifier", "spdx license identifier"),), slots=("license",)
        ),
    ),
    params=(
        ParamSpec(
            "license",
            "str",
            default="any",
            description="The SPDX identifier the header must name; `any` accepts every one.",
            choices=_LICENSES,
        ),
    ),
    description="Generated source files without an SPDX licence header near the top.",
    fix_hint="Add `# SPDX-License-Identifier: <id>` (in the file's comment syntax) at the top.",
)


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


def license_header(context: CheckContext) -> Iterator[Finding]:
    """Every non-empty source file must name a licence (the required one, when given)."""
    required = str(context.params["license"])
    for source in context.text_files:
        if not source.path.lower().endswith(_COMMENTED) or not (source.text or "").strip():
            continue
        found = find_spdx(source.text or "")
        if found is None:
            yield Finding.at_line(source, 1, "no SPDX licence header in the first lines")
        elif required.lower() != "any" and found.lower() != required.lower():
            message = f"licence header names {found}, not {required}"
            yield Finding.at_line(source, 1, message)


LICENSE_HEADER = Check(DECLARATION, license_header)
"""The check the plugin registers."""
