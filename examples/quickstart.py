"""Quickstart: keep a project's records with socratic_core on the embedded SQLite default.

Run it with `python examples/quickstart.py [DATABASE_URL]`. Without a URL it writes
`quickstart.db` in the current folder. It brings the schema up to date, creates a user, a
project, a Socratic session with messages and an instruction in one unit of work, then reads
them back in a second one and prints them.
"""

from __future__ import annotations

import sys

from socratic_core.db import Database
from socratic_core.models import Message, MessageRole, Project, Session, User, UserInstruction


def main(url: str) -> None:
    # --8<-- [start:write]
    db = Database.from_url(url)
    db.upgrade()

    with db.unit_of_work() as uow:
        ada = uow.users.get_by_username("ada")
        if ada is None:
            ada = User(username="ada", email="ada@example.org", password_hash="-")  # noqa: S106
            uow.users.add(ada)
        project = uow.projects.add(
            Project(owner_id=ada.id, name="Analytical Engine", tech_stack=["python", "sqlite"])
        )
        session = uow.sessions.add(Session(project_id=project.id, title="Kick-off"))
        questions = [
            (MessageRole.ASSISTANT, "What problem does the engine solve?"),
            (MessageRole.USER, "It computes Bernoulli numbers."),
            (MessageRole.ASSISTANT, "Who will read its results, and how?"),
        ]
        uow.messages.add_many(
            [
                Message(session_id=session.id, position=i, role=role, content=text)
                for i, (role, text) in enumerate(questions)
            ]
        )
        uow.instructions.add(
            UserInstruction(
                user_id=ada.id,
                project_id=project.id,
                title="House rules",
                rules_text="- No hardcoded secrets\n- Functions must not exceed 50 lines",
            )
        )
        uow.commit()
    # --8<-- [end:write]

    # --8<-- [start:read]
    with db.unit_of_work() as uow:
        for owned in uow.projects.list_by_owner(ada.id):
            print(f"project {owned.name!r} ({owned.phase}, {owned.status}) owned by {ada.username}")
        print(f"session {session.title!r} ({session.mode}):")
        for message in uow.messages.history(session.id):
            print(f"  [{message.position}] {message.role}: {message.content}")
        for instruction in uow.instructions.list_active_for(ada.id, project.id):
            print(f"instruction {instruction.title!r}:")
            print("  " + instruction.rules_text.replace("\n", "\n  "))
    db.dispose()
    # --8<-- [end:read]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///quickstart.db")
