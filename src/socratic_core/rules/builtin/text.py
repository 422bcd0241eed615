"""Built-in checks on text: the answer's length, forbidden phrases, and secrets in plain text.

These are the checks that also look at files that are not Python (configuration, docs). Each
declaration sits next to its function, as for every built-in check.
"""

from __future__ import annotations

from collections.abc import Iterator

from socratic_core.rules._analysis import SourceFile
from socratic_core.rules._checks import Check, CheckContext, Finding
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec
from socratic_core.rules._patterns import lazy
from socratic_core.rules._results import Location
from socratic_core.rules.builtin._common import secret_spans

__all__ = ["CHECKS"]


_MAX_RESPONSE_LENGTH = CheckDeclaration(
    id="quality.max-response-length",
    category=Category.QUALITY,
    params=(
        ParamSpec(
            "max",
            "int",
            default=4000,
            units=("characters", "chars"),
            description="Characters in the answer.",
        ),
    ),
    frames=(
        Frame(
            concepts=(("response", "answer", "reply", "response length", "answer length"),),
            slots=("max",),
        ),
    ),
    description="A text answer longer than the limit.",
    fix_hint="Shorten the answer.",
)


@check(_MAX_RESPONSE_LENGTH, reads=())
def max_response_length(context: CheckContext, max: int) -> Iterator[Finding]:
    """A text answer longer than `max` characters."""
    text = context.analysis.text
    if len(text) > max:
        message = f"the answer is {len(text)} characters long (max {max})"
        yield Finding.in_text(context.analysis, max, len(text), message)


_FORBIDDEN_PHRASES = CheckDeclaration(
    id="quality.forbidden-phrases",
    category=Category.QUALITY,
    phrases=(
        "say {phrases}",
        "use the phrase {phrases}",
        "use the phrases {phrases}",
        "use the words {phrases}",
        "words {phrases}",
        "forbidden phrases {phrases}",
        "phrases {phrases}",
    ),
    params=(ParamSpec("phrases", "list", description="Phrases the answer must not contain."),),
    description="Phrases the text answer must not contain.",
    fix_hint="Rephrase without the forbidden phrase.",
    forbids=True,
)


@check(_FORBIDDEN_PHRASES, reads=())
def forbidden_phrases(context: CheckContext, phrases: tuple[str, ...]) -> Iterator[Finding]:
    """Occurrences of the forbidden phrases in the text answer (case-insensitive)."""
    text = context.analysis.text.lower()
    for phrase in phrases:
        start = text.find(phrase)
        while phrase and start != -1:
            message = f"the answer says {phrase!r}"
            yield Finding.in_text(context.analysis, start, start + len(phrase), message)
            start = text.find(phrase, start + len(phrase))


_NO_SECRETS_IN_TEXT = CheckDeclaration(
    id="security.no-secrets-in-text",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                ("secret", "credential", "api key", "password", "token"),
                ("response", "answer", "reply", "chat", "message to the user", "your output"),
            ),
            excludes=("log", "logs", "logging", "logger"),
        ),
    ),
    description="Credentials in the text answer or in generated files that are not code.",
    fix_hint="Refer to the secret by name (an environment variable), never by value.",
    forbids=True,
)


# Configuration written as code (Angular's `environment.ts`, `environment.prod.ts`): read as
# text too, as a `.env` file would be.
_ENVIRONMENT = lazy(r"(?:^|/)environment(?:\.[\w-]+)?\.[cm]?[jt]s$")


def _read_as_code(source: SourceFile) -> bool:
    """Python and parsed TS/JS are read by security.no-hardcoded-secrets, which knows code."""
    return source.is_python or (source.script is not None and not _ENVIRONMENT.search(source.path))


@check(_NO_SECRETS_IN_TEXT)
def no_secrets_in_text(context: CheckContext) -> Iterator[Finding]:
    """Credentials in the text answer or in generated files that are not code.

    `.env`, `.ini`, `.cfg`, `.toml`, `.json`, `.yaml`, Markdown, `environment.ts` and any other
    decoded file; Python and TypeScript/JavaScript code is security.no-hardcoded-secrets' (read
    as text, `password: z.string()` would look like a password).
    """
    for start, end, what in secret_spans(context.analysis.text):
        yield Finding.in_text(context.analysis, start, end, f"the answer reveals {what}")
    for source in context.text_files:
        if _read_as_code(source):
            continue
        for start, end, what in secret_spans(source.lines.text):
            line, column = source.lines.position(start)
            _, end_column = source.lines.position(end)
            message = f"the file reveals {what}"
            yield Finding(message, Location(source.path, line, column, line, end_column))


CHECKS: tuple[Check, ...] = (max_response_length, forbidden_phrases, no_secrets_in_text)
