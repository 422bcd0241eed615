"""Built-in React checks: `'use client'` placement, class components, links, raw HTML, storage.

They read TSX and JSX (and `.ts`/`.js` for storage and raw HTML given as props). A *leaf*
component, for `architecture.use-client-leaf`, is one that renders no component of the project
itself: a `'use client'` file that renders components it imports from a relative or aliased
path (`./Card`, `@/components/Card`) turns that whole subtree into client code, which is what
"push 'use client' down to the leaves" forbids; Next.js `layout`, `page` and `template` files
must stay server components.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from socratic_core.rules._checks import Check, Finding, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, Frame
from socratic_core.rules._patterns import lazy
from socratic_core.rules.builtin._scripts import jsx_attribute, jsx_elements, key_name, string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

__all__ = ["CHECKS"]

_ROUTE_FILES = lazy(r"(?:^|/)(?:layout|page|template)\.[jt]sx?$")
_LOCAL_SOURCE = lazy(r"^(?:\.{1,2}/|@/|~/|#)")


def _use_client(file: ScriptFile) -> Node | None:
    """The `'use client'` directive at the top of the file, or None."""
    for statement in file.root.named_children:
        if statement.type in ("comment", "hash_bang_line"):
            continue
        if statement.type != "expression_statement" or not statement.named_children:
            return None
        value = string_value(file, statement.named_children[0])
        if value == "use client":
            return statement
        if value is None:
            return None  # directives come first
    return None


def _local_components(file: ScriptFile) -> set[str]:
    """Capitalised names the file imports from the project itself (`./Card`, `@/ui/Card`)."""
    names: set[str] = set()
    for statement in file.nodes("import_statement"):
        source = string_value(file, statement.child_by_field_name("source")) or ""
        if not _LOCAL_SOURCE.match(source):
            continue
        for node in statement.named_children:
            for part in _walk_identifiers(node):
                name = file.text_of(part)
                if name[:1].isupper():
                    names.add(name)
    return names


def _walk_identifiers(node: Node) -> Iterator[Node]:
    work = [node]
    while work:
        current = work.pop()
        if current.type == "identifier":
            parent = current.parent
            if (
                parent is None
                or parent.type != "import_specifier"
                or parent.child_by_field_name("alias") in (None, current)
            ):
                yield current
        work.extend(current.named_children)


@check(
    id="architecture.use-client-leaf",
    prefilter=mentions("use client"),
    category=Category.ARCHITECTURE,
    frames=(
        # (`"use client"` in double quotes is one quoted word)
        Frame(
            concepts=(
                ("client", "client component", '"use client"'),
                ("leaf", "leaves", "leaf component"),
            )
        ),
        Frame(
            concepts=(("client", '"use client"'), ("layout", "layouts", "layout file")),
            forbids=True,
        ),
    ),
    fix_hint="Move `'use client'` into the small interactive component and import it from here.",
)
def use_client_leaf(file: ScriptFile) -> Iterator[Finding]:
    """`'use client'` in layout, page or template files, or in components that are not leaves."""
    directive = _use_client(file)
    if directive is None:
        return
    if _ROUTE_FILES.search(file.path):
        message = "'use client' in a layout/page file makes the whole route client code"
        yield Finding.at_script_node(file, directive, message)
        return
    local = _local_components(file)
    rendered = sorted(
        {
            file.text_of(name)
            for element in jsx_elements(file)
            if (name := element.child_by_field_name("name")) is not None
        }
        & local
    )
    if rendered:
        listed = ", ".join(rendered)
        message = f"'use client' in a component that renders {listed}: push it down to the leaves"
        yield Finding.at_script_node(file, directive, message)


_COMPONENT_BASES = frozenset(
    {"Component", "PureComponent", "React.Component", "React.PureComponent"} | {"preact.Component"}
)
_ERROR_BOUNDARY = frozenset({"componentDidCatch", "getDerivedStateFromError"})


def _base(file: ScriptFile, node: Node) -> str:
    for heritage in node.named_children:
        if heritage.type != "class_heritage":
            continue
        for clause in heritage.named_children:  # TypeScript: extends_clause; JavaScript: the value
            value = (
                clause.child_by_field_name("value") if clause.type == "extends_clause" else clause
            )
            if value is not None and value.type != "implements_clause":
                return re.sub(r"\s+|<.*", "", file.text_of(value))
    return ""


@check(
    id="quality.no-class-components",
    prefilter=mentions("Component"),
    category=Category.QUALITY,
    frames=(
        Frame(concepts=(("class component", "class components", "react class component"),)),
        Frame(
            concepts=(("functional component", "function component"), ("hook", "hooks")),
            forbids=False,
        ),
        # "all React components must be function components", "function components only"
        Frame(concepts=(("functional component", "function component"),), forbids=False),
    ),
    fix_hint="Write a function component with hooks.",
    forbids=True,
)
def no_class_components(file: ScriptFile) -> Iterator[Finding]:
    """React class components (error boundaries, which must be classes, are left alone)."""
    for node in file.nodes("class_declaration", "class"):
        if _base(file, node) not in _COMPONENT_BASES:
            continue
        body = node.child_by_field_name("body")
        methods = {
            key_name(file, member.child_by_field_name("name"))
            for member in (body.named_children if body is not None else [])
        }
        if not methods & _ERROR_BOUNDARY:
            yield Finding.at_script_node(file, node, "class component; write a function component")


_FILE_PATH = lazy(r"\.[A-Za-z0-9]{1,5}$")


def _internal(href: str) -> bool:
    path = href.split("?", 1)[0].split("#", 1)[0]
    return (
        href.startswith("/")
        and not href.startswith("//")
        and not path.startswith("/api/")
        and not _FILE_PATH.search(path)
    )


@check(
    id="architecture.internal-links",
    prefilter=mentions("href"),
    category=Category.ARCHITECTURE,
    frames=(
        Frame(concepts=(("link", "link component", "next/link"), ("internal",))),
        Frame(
            concepts=(("internal link", "internal links", "internal navigation"),),
            excludes=("href", "anchor"),
        ),
        Frame(concepts=(("href", "anchor", "anchor tag"), ("internal",)), forbids=True),
    ),
    fix_hint="Use the router's `<Link href=...>` for pages of the app.",
)
def internal_links(file: ScriptFile) -> Iterator[Finding]:
    """`<a href="/...">` to a page of the app instead of the router's `<Link>`.

    Links to API routes (`/api/...`), to files (`/report.pdf`), with `download`, or to
    other sites are not internal navigation.
    """
    for element in jsx_elements(file):
        name = element.child_by_field_name("name")
        if name is None or file.text_of(name) != "a" or jsx_attribute(file, element, "download"):
            continue
        href = jsx_attribute(file, element, "href")
        value = (
            href.named_children[1] if href is not None and len(href.named_children) > 1 else None
        )
        if value is not None and value.type == "jsx_expression" and value.named_children:
            value = value.named_children[0]
        text = string_value(file, value) if value is not None else None
        if text is None and value is not None and value.type == "template_string":
            text = file.text_of(value).strip("`")
        if text is not None and _internal(text):
            message = f'<a href="{text}"> navigates inside the app; use <Link>'
            yield Finding.at_script_node(file, element, message)


@check(
    id="security.no-dangerous-html",
    prefilter=mentions("dangerouslySetInnerHTML"),
    category=Category.SECURITY,
    frames=(Frame(concepts=(("dangerouslysetinnerhtml", "dangerously set inner html"),)),),
    fix_hint="Render the content as JSX, or sanitize it (DOMPurify) in one audited component.",
    forbids=True,
)
def no_dangerous_html(file: ScriptFile) -> Iterator[Finding]:
    """`dangerouslySetInnerHTML`, as a JSX attribute or a props object's key."""
    for element in jsx_elements(file):
        attribute = jsx_attribute(file, element, "dangerouslySetInnerHTML")
        if attribute is not None:
            message = "dangerouslySetInnerHTML renders raw HTML (XSS)"
            yield Finding.at_script_node(file, attribute, message)
    for pair in file.nodes("pair", "shorthand_property_identifier"):
        key = pair.child_by_field_name("key") if pair.type == "pair" else pair
        if key_name(file, key) == "dangerouslySetInnerHTML":
            yield Finding.at_script_node(
                file, pair, "dangerouslySetInnerHTML renders raw HTML (XSS)"
            )


_STORAGE = frozenset({"localStorage", "sessionStorage"})
_GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self"})


@check(
    id="security.no-local-storage",
    prefilter=mentions("localStorage", "sessionStorage"),
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(("localstorage", "sessionstorage", "local storage", "session storage"),),
            # "never store tokens in localStorage" bans less than every use
            excludes=("token", "tokens", "jwt", "credential", "credentials", "secret", "secrets"),
        ),
    ),
    fix_hint="Keep the data on the server (or in an httpOnly cookie), as the rules ask.",
    forbids=True,
)
def no_local_storage(file: ScriptFile) -> Iterator[Finding]:
    """Uses of `localStorage` and `sessionStorage` (bare or on `window`/`globalThis`)."""
    for node in file.nodes("identifier", "property_identifier"):
        name = file.text_of(node)
        if name not in _STORAGE:
            continue
        parent = node.parent
        if node.type == "property_identifier":
            owner = parent.child_by_field_name("object") if parent is not None else None
            if parent is None or parent.type != "member_expression" or owner is None:
                continue
            if file.text_of(owner) not in _GLOBAL_OBJECTS:
                continue
        elif (
            parent is not None
            and parent.type == "member_expression"
            and (parent.child_by_field_name("property") == node)
        ):
            continue
        yield Finding.at_script_node(file, node, f"{name} use")


CHECKS: tuple[Check, ...] = (
    use_client_leaf,
    no_class_components,
    internal_links,
    no_dangerous_html,
    no_local_storage,
)
