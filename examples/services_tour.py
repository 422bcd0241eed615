"""A tour of the services: users, a shared project, a session, rules, the audit trail.

Run it with `python examples/services_tour.py [DATABASE_URL]` (default: an in-memory SQLite).
Everything goes through the `Socratic` facade: each call is one unit of work that leaves an
audit row, and the last lines verify the audit hash chain.
"""

from __future__ import annotations

import sys

from socratic_core import PermissionDeniedError, Socratic
from socratic_core.api import envelope

ALICE = "Tr0ub4dor&3-horse"
BOB = "Correct-h0rse-battery"


def main(url: str) -> None:
    # --8<-- [start:tour]
    with Socratic.from_url(url, entry_points=False) as app:
        alice = app.users.register(username="alice", email="alice@example.com", password=ALICE)
        bob = app.users.register(username="bob", email="bob@example.com", password=BOB)
        app.users.authenticate("alice", ALICE)

        project = app.projects.create(alice.id, name="Shop", tech_stack=["python"])
        app.projects.add_collaborator(alice.id, project.id, bob.id, "viewer")
        app.projects.change_phase(alice.id, project.id, "design")

        session = app.sessions.start(alice.id, project.id, title="Kick-off")
        app.sessions.add_message(alice.id, session.id, "What are we building?")

        rules = app.instructions.create(
            alice.id,
            title="House rules",
            text="# Security\n- No hardcoded secrets\n- Functions must not exceed 50 lines\n",
            project_id=project.id,
        )
        print("categories:", rules.instruction.categories)
        print("active rules:", len(app.instructions.active_rules(alice.id, project.id)))

        try:  # a viewer reads but may not edit
            app.projects.update(bob.id, project.id, name="Bob's shop")
        except PermissionDeniedError as error:
            print("refused:", envelope(error)["error_code"])

        for entry in app.audit.entries(limit=100).items:
            outcome = "ok" if entry.success else entry.error_code
            chain = entry.chain.split(":")[0]  # "global", or "project" for a project's chain
            print(f"{chain:8} {entry.sequence:3} {entry.action:22} {outcome}")
        print(app.audit.verify())
    # --8<-- [end:tour]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite://")
