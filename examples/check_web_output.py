"""Check an agent's TypeScript/React output against instruction text, like Python output.

Run it from the repository root:

    python examples/check_web_output.py

It prints the text report and exits 1, because the generated components break three rules.
"""

from __future__ import annotations

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, RuleEngine, Verdict, render_text

# --8<-- [start:rules]
RULES = """\
# Agent rules

- Never use eval.
- No hardcoded secrets.
- Never use dangerouslySetInnerHTML.
- Use <Link> for internal links.
- No default exports.
"""

GENERATED = {
    "web/lib/api.ts": (
        'const apiKey = "live-key-123456";\n'
        "\n"
        "export async function fetchPost(id: string): Promise<string> {\n"
        "  const response = await fetch(`/api/posts/${id}?key=${apiKey}`);\n"
        "  return response.text();\n"
        "}\n"
    ),
    "web/components/Post.tsx": (
        'import Link from "next/link";\n'
        "\n"
        "export function Post({ html }: { html: string }) {\n"
        "  return (\n"
        "    <article>\n"
        "      <div dangerouslySetInnerHTML={{ __html: html }} />\n"
        '      <a href="/posts">All posts</a>\n'
        '      <Link href="/about">About</Link>\n'
        "    </article>\n"
        "  );\n"
        "}\n"
    ),
    "web/app/page.tsx": (
        'import { Post } from "../components/Post";\n'
        "\n"
        "export default function Page() {\n"
        '  return <Post html="<p>hello</p>" />;\n'
        "}\n"
    ),
}
# --8<-- [end:rules]


def main() -> int:
    """Compile the rules, check the output, print the report; exit 1 unless it passes."""
    # --8<-- [start:usage]
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    rules = engine.compile(RULES, source="agent-rules.md")
    report = engine.validate(AgentOutput(files=GENERATED), rules)
    print(render_text(report, sources=GENERATED), end="")
    # --8<-- [end:usage]
    return 0 if report.verdict is Verdict.PASS else 1


if __name__ == "__main__":
    raise SystemExit(main())
