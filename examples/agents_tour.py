"""A tour of the agent runner: a model behind CallableAgent, re-asked under the user's rules.

Run it with `python examples/agents_tour.py [DATABASE_URL]` (default: an in-memory SQLite).
The "model" is a plain function that answers like a chat model would (fenced files), so the
tour needs no network: its first answer prints, the runner feeds the violation back with the
user's own instruction, and the second answer logs instead.
"""

from __future__ import annotations

import sys

from socratic_core import AgentRejectedError, Socratic
from socratic_core.agents import CallableAgent

ADA = "Tr0ub4dor&3-horse"

# --8<-- [start:model]
DRAFT = '''Here is the module.

```app/greet.py
"""Greetings."""


def greet(name: str) -> str:
    """Return a greeting for `name`."""
    print("greeting", name)
    return f"Hello, {name}!"
```
'''


def fake_model(messages: list[dict[str, str]]) -> str:
    """Stand-in for a chat model: the first draft prints; after feedback it logs."""
    if "quality.no-print" not in messages[-1]["content"]:
        return DRAFT
    fixed = DRAFT.replace('print("greeting", name)', "logging.getLogger(__name__).info(name)")
    return fixed.replace('"""Greetings."""\n', '"""Greetings."""\n\nimport logging\n')


# --8<-- [end:model]


def main(url: str) -> None:
    # --8<-- [start:tour]
    with Socratic.from_url(url, entry_points=False) as app:
        app.agents.register(CallableAgent("model", fake_model, actions=frozenset({"generate"})))
        ada = app.users.register(username="ada", email="ada@example.com", password=ADA)
        project = app.projects.create(ada.id, name="Greeter")
        app.instructions.create(
            ada.id, title="AGENTS.md", text="# Rules\n\n- Do not use print\n", project_id=project.id
        )
        result = app.runs.run(
            ada.id, project.id, agent="model", action="generate", task="Write app/greet.py",
            max_attempts=3, attempt_timeout=30, deadline=120,
        )  # fmt: skip
        print(f"{result.status.value} after {len(result.attempts)} attempts")
        for attempt in result.attempts:
            print(f"  attempt {attempt.number}: {attempt.verdict}, {attempt.fixed} fixed")
        print([f.path for f in app.codebases.get(ada.id, result.codebase_id).files])
        try:
            app.runs.run(ada.id, project.id, agent="codegen", action="generate", task="an app")
        except AgentRejectedError as error:
            print(f"rejected: {error.result.status.value}, {error.result.error}")
        for run in app.runs.list(ada.id, project.id):
            print(f"run {run.agent}: {run.status.value}, {run.attempt_count} attempt(s)")
        print(app.audit.verify())
    # --8<-- [end:tour]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite://")
