"""The `runs` route group: start agent runs over HTTP, read their records and attempts."""

from __future__ import annotations

from socratic_core.agents import CallableAgent

from .conftest import Api

_EVAL = "```app.py\nresult = eval(input())\n```\n"


def _project_with_rule(api: Api, owner: str) -> str:
    project_id = str(api.ok("POST", "/projects", owner, json={"name": "Runs"})["id"])
    rules = {"title": "R", "text": "- No eval", "project_id": project_id}
    api.ok("POST", "/instructions", owner, json=rules)
    return project_id


class TestRuns:
    """A run answers with its record; rejected runs are recorded and answered 422."""

    def test_counselor_run_is_recorded(self, api: Api) -> None:
        """The built-in counselor asks its question; the run lists, reads and shows attempts."""
        ada = api.user()
        project_id = _project_with_rule(api, ada)
        body = {"agent": "counselor", "action": "ask", "task": "a shop"}
        started = api.call("POST", f"/projects/{project_id}/runs", ada, json=body)
        assert started.status_code == 201, started.text
        run = started.json()
        assert (run["status"], run["attempt_count"], run["project_id"]) == (
            "accepted",
            1,
            project_id,
        )
        assert [r["id"] for r in api.ok("GET", f"/projects/{project_id}/runs", ada)] == [run["id"]]
        assert api.ok("GET", f"/runs/{run['id']}", ada)["agent"] == "counselor"
        attempts = api.ok("GET", f"/runs/{run['id']}/attempts", ada)
        assert len(attempts) == 1

    def test_rejected_run_answers_422_with_the_run(self, api: Api) -> None:
        """An agent that keeps breaking the rules is rejected; its record is still readable."""
        api.app.agents.register(CallableAgent("stubborn", lambda _messages: _EVAL))
        ada = api.user()
        project_id = _project_with_rule(api, ada)
        body = {"agent": "stubborn", "action": "generate", "task": "x", "max_attempts": 2}
        rejected = api.call("POST", f"/projects/{project_id}/runs", ada, json=body)
        assert rejected.status_code == 422, rejected.text
        problem = rejected.json()
        assert problem["code"] == "agent_rejected"
        record = api.ok("GET", f"/runs/{problem['run_id']}", ada)
        assert record["status"] == "rejected"
        assert record["attempt_count"] >= 1
        kept = api.call(
            "POST", f"/projects/{project_id}/runs", ada, json=body | {"on_exhausted": "return"}
        )
        assert kept.status_code == 201
        assert kept.json()["best_attempt"] is True

    def test_unknown_agent_and_stranger(self, api: Api) -> None:
        """An unknown agent is 404; a user with no role in the project gets 404 too."""
        ada, stranger = api.user(), api.user()
        project_id = _project_with_rule(api, ada)
        path = f"/projects/{project_id}/runs"
        unknown = api.call("POST", path, ada, json={"agent": "nobody", "action": "ask"})
        assert unknown.status_code == 404
        body = {"agent": "counselor", "action": "ask"}
        assert api.call("POST", path, stranger, json=body).status_code == 404
        assert api.call("GET", path, stranger).status_code == 404

    def test_viewer_may_ask_but_not_generate(self, api: Api) -> None:
        """A viewer may ask the counselor; generating code needs an owner or editor (403)."""
        ada, viewer = api.user(), api.user()
        project_id = _project_with_rule(api, ada)
        api.ok("POST", f"/projects/{project_id}/collaborators", ada, json={"user_id": viewer})
        path = f"/projects/{project_id}/runs"
        asked = api.call("POST", path, viewer, json={"agent": "counselor", "action": "ask"})
        assert asked.status_code == 201, asked.text
        generate = {"agent": "codegen", "action": "generate", "task": "x"}
        refused = api.call("POST", path, viewer, json=generate)
        assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
