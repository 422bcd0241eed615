"""`socratic run`: run an agent for a user's project, showing each attempt as it happens.

    socratic run AGENT ACTION [--url URL] --user NAME --project NAME [--task TEXT]
                 [--spec FILE] [--rules FILE] [--max-attempts N] [--out DIR]

The user and the project are created when they do not exist yet (the user with a random
password), so one command works on a fresh machine with the embedded SQLite default
(`sqlite:///socratic.db`, or `$SOCRATIC_DATABASE_URL`). `--rules` stores the file as the
project's instruction named after it (updated when the file changed); `--spec` stores it as the
project's next specification version when it differs from the latest. The accepted files are
written to `--out`. An attempt's error (an agent's exception text, which may quote a request
with its key) is printed with credentials masked. Exit codes: 0 accepted, 1 not accepted,
2 usage or input error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socratic_core.agents import Attempt, RunResult
    from socratic_core.app import Socratic

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the `run` command to the `socratic` parser."""
    parser = subparsers.add_parser("run", help="run an agent under a user's rules")
    parser.add_argument("agent", help="the agent's name (see `socratic agents list`)")
    parser.add_argument("action", help="the action, e.g. generate, ask, answer")
    parser.add_argument("--url", default=None, help="database URL (default: settings, sqlite)")
    parser.add_argument("--user", required=True, help="username (created if missing)")
    parser.add_argument("--project", required=True, help="project name (created if missing)")
    parser.add_argument("--task", default="", help="the task text")
    parser.add_argument("--spec", type=Path, help="a specification file to build from")
    parser.add_argument("--rules", type=Path, help="an instruction file for the project")
    parser.add_argument("--max-attempts", type=int, default=3, help="attempts, the first included")
    parser.add_argument("--out", type=Path, help="write the accepted files into this folder")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from socratic_core.app import Socratic  # noqa: PLC0415 - imported when the command runs
    from socratic_core.config import Settings  # noqa: PLC0415
    from socratic_core.errors import AgentRejectedError  # noqa: PLC0415

    url = args.url or Settings.load().database_url
    with Socratic.from_url(url) as app:
        user_id = _user(app, args.user)
        project_id = _project(app, user_id, args.project)
        if args.rules is not None:
            _rules(app, user_id, project_id, args.rules)
        spec_id = None if args.spec is None else _spec(app, user_id, project_id, args.spec)
        try:
            result = app.runs.run(
                user_id, project_id, agent=args.agent, action=args.action, task=args.task,
                specification_id=spec_id, max_attempts=args.max_attempts, on_attempt=_show,
            )  # fmt: skip
        except AgentRejectedError as error:
            result = error.result
        return _report(result, args.out)


def _show(attempt: Attempt) -> None:
    verdict = attempt.verdict or ("timed out" if attempt.timed_out else "failed")
    line = f"attempt {attempt.number}: {verdict:9} {attempt.open} open, {attempt.new} new, "
    line += f"{attempt.fixed} fixed ({attempt.duration:.2f}s)"
    if attempt.error:
        line += f": {_masked(attempt.error)}"
    print(line, flush=True)


def _masked(text: str) -> str:
    from socratic_core.services.redaction import redact_text  # noqa: PLC0415

    return redact_text(text)


def _report(result: RunResult, out: Path | None) -> int:
    print(f"run {result.id}: {result.status.value} after {len(result.attempts)} attempt(s)")
    if not result.ok:
        print(f"  {_masked(result.error or '')}")
        return 1
    output = result.output
    if output is not None and output.text:
        print(output.text)
    if output is not None and output.files and out is not None:
        for path, content in sorted(output.files.items()):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        print(f"wrote {len(output.files)} file(s) to {out}")
    return 0


def _user(app: Socratic, name: str) -> str:
    from socratic_core.errors import NotFoundError  # noqa: PLC0415

    try:
        return app.users.get_by_username(name).id
    except NotFoundError:
        import secrets  # noqa: PLC0415 (start-up: only `socratic run` makes users)

        password = secrets.token_urlsafe(24) + "-Aa1"
        user = app.users.register(username=name, email=f"{name}@localhost.invalid",
                                  password=password)  # fmt: skip
        print(f"created user {name} (with a random password)")
        return user.id


def _project(app: Socratic, user_id: str, name: str) -> str:
    for project in app.projects.list(user_id):
        if project.name == name:
            return project.id
    print(f"created project {name}")
    return app.projects.create(user_id, name=name).id


def _rules(app: Socratic, user_id: str, project_id: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for instruction in app.instructions.list(user_id, project_id=project_id):
        if instruction.title == path.name:
            if instruction.rules_text != text:
                app.instructions.update(user_id, instruction.id, text=text)
            return
    app.instructions.create(user_id, title=path.name, text=text, project_id=project_id)


def _spec(app: Socratic, user_id: str, project_id: str, path: Path) -> str:
    from socratic_core.agents._spec import parse_spec  # noqa: PLC0415
    from socratic_core.errors import NotFoundError  # noqa: PLC0415

    content = path.read_text(encoding="utf-8")
    try:
        latest = app.specifications.latest(user_id, project_id)
        if latest.content == content:
            return latest.id
    except NotFoundError:
        pass
    title = parse_spec(content).title
    return app.specifications.create(user_id, project_id, title=title, content=content).id
