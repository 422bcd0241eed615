"""Every route through HTTP: what a client sends, what comes back, and what is stored."""

from __future__ import annotations

import json

from ..conftest import PASSWORD
from .conftest import Api


def _project(api: Api, owner: str, name: str = "Demo") -> str:
    return str(api.ok("POST", "/projects", owner, json={"name": name})["id"])


class TestUsers:
    """Registration, sign-in, the acting user and password changes."""

    def test_register_returns_the_user_without_any_password(self, api: Api) -> None:
        """POST /users answers 201 with the user; no password or hash field is in the body."""
        response = api.call(
            "POST",
            "/users",
            json={"username": "ada", "email": "ada@example.com", "password": PASSWORD},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["username"] == "ada"
        assert not [key for key in body if "password" in key]
        assert api.app.users.get(body["id"]).email == "ada@example.com"

    def test_sign_in_by_username_or_email(self, api: Api) -> None:
        """POST /users/sign-in accepts the username or the email and returns the user."""
        ada = api.user("ada")
        for login in ("ada", "ada@example.com"):
            body = api.ok("POST", "/users/sign-in", json={"login": login, "password": PASSWORD})
            assert body["id"] == ada
            assert body["last_login"] is not None

    def test_me_is_the_acting_user(self, api: Api) -> None:
        """GET /users/me returns whoever current_user says is acting."""
        ada, bob = api.user("ada"), api.user("bob")
        assert api.ok("GET", "/users/me", ada)["username"] == "ada"
        assert api.ok("GET", "/users/me", bob)["id"] == bob

    def test_change_password(self, api: Api) -> None:
        """POST /users/me/password answers 204, and only the new password signs in afterwards."""
        ada = api.user("ada")
        new = "An0ther-long-passphrase"
        response = api.call(
            "POST",
            "/users/me/password",
            ada,
            json={"current_password": PASSWORD, "new_password": new},
        )
        assert (response.status_code, response.content) == (204, b"")
        assert api.ok("POST", "/users/sign-in", json={"login": "ada", "password": new})["id"] == ada
        old = api.call("POST", "/users/sign-in", json={"login": "ada", "password": PASSWORD})
        assert old.status_code == 401


class TestProjects:
    """Project CRUD, phases and archiving."""

    def test_create_list_get(self, api: Api) -> None:
        """A created project is listed for its owner and readable by id."""
        ada = api.user()
        response = api.call(
            "POST", "/projects", ada, json={"name": "Engine", "tech_stack": ["python"]}
        )
        assert response.status_code == 201
        project = response.json()
        assert (project["owner_id"], project["phase"], project["tech_stack"]) == (
            ada,
            "planning",
            ["python"],
        )
        assert [p["id"] for p in api.ok("GET", "/projects", ada)] == [project["id"]]
        assert api.ok("GET", f"/projects/{project['id']}", ada)["name"] == "Engine"

    def test_update_with_expected_version(self, api: Api) -> None:
        """PATCH changes only the given fields and bumps the version it checks."""
        ada = api.user()
        project_id = _project(api, ada)
        path = f"/projects/{project_id}"
        body = api.ok("PATCH", path, ada, json={"description": "d", "expected_version": 1})
        assert (body["name"], body["description"], body["version"]) == ("Demo", "d", 2)
        stale = api.call("PATCH", path, ada, json={"name": "x", "expected_version": 1})
        assert (stale.status_code, stale.json()["field"]) == (409, "version")
        assert api.app.projects.get(ada, project_id).name == "Demo"

    def test_phase_archive_delete(self, api: Api) -> None:
        """A project moves one phase, archives, and once deleted is gone for its owner too."""
        ada = api.user()
        project_id = _project(api, ada)
        path = f"/projects/{project_id}"
        assert api.ok("POST", path + "/phase", ada, json={"phase": "design"})["phase"] == "design"
        assert api.ok("POST", path + "/archive", ada)["status"] == "archived"
        deleted = api.call("DELETE", path, ada)
        assert (deleted.status_code, deleted.content) == (204, b"")
        assert api.call("GET", path, ada).status_code == 404
        assert api.ok("GET", "/projects", ada) == []


class TestCollaborators:
    """Members of a project and their roles."""

    def test_add_change_remove(self, api: Api) -> None:
        """The owner adds a viewer, makes them an editor, then removes them."""
        ada, bob = api.user(), api.user()
        path = f"/projects/{_project(api, ada)}/collaborators"
        added = api.call("POST", path, ada, json={"user_id": bob, "role": "viewer"})
        assert (added.status_code, added.json()["role"]) == (201, "viewer")
        assert api.ok("PATCH", f"{path}/{bob}", ada, json={"role": "editor"})["role"] == "editor"
        members = {m["user_id"]: m["role"] for m in api.ok("GET", path, bob)}
        assert members == {ada: "owner", bob: "editor"}
        assert api.call("DELETE", f"{path}/{bob}", ada).status_code == 204
        assert api.call("GET", path, bob).status_code == 404


class TestSessionsAndMessages:
    """Sessions of a project and their messages, with keyset pages and Link headers."""

    def test_session_lifecycle(self, api: Api) -> None:
        """Start, read, close: a closed session refuses messages with a 422 naming the field."""
        ada = api.user()
        project_id = _project(api, ada)
        started = api.call(
            "POST", f"/projects/{project_id}/sessions", ada, json={"title": "T", "mode": "chat"}
        )
        assert started.status_code == 201
        session = started.json()
        assert api.ok("GET", f"/sessions/{session['id']}", ada)["mode"] == "chat"
        assert api.ok("POST", f"/sessions/{session['id']}/close", ada)["status"] == "completed"
        refused = api.call(
            "POST", f"/sessions/{session['id']}/messages", ada, json={"content": "x"}
        )
        assert (refused.status_code, refused.json()["field"]) == (422, "session_id")

    def test_messages_page_by_cursor_and_link(self, api: Api) -> None:
        """Following next_cursor (or the Link header) walks every message once, in order."""
        ada = api.user()
        session = api.ok(
            "POST", f"/projects/{_project(api, ada)}/sessions", ada, json={"title": "T"}
        )
        path = f"/sessions/{session['id']}/messages"
        for number in range(5):
            added = api.ok(
                "POST", path, ada, json={"content": f"m{number}", "metadata": {"n": number}}
            )
            assert added["position"] == number
        first = api.call("GET", path, ada, params={"limit": 2})
        body = first.json()
        assert [m["content"] for m in body["items"]] == ["m0", "m1"]
        link = first.headers["link"]
        assert link.endswith('>; rel="next"')
        assert f"cursor={body['next_cursor']}" in link
        seen = [m["metadata"]["n"] for m in body["items"]]
        url = link[1 : link.index(">")]
        while url:
            page = api.call("GET", url, ada)
            seen += [m["metadata"]["n"] for m in page.json()["items"]]
            link = page.headers.get("link", "")
            url = link[1 : link.index(">")] if link else ""
        assert seen == [0, 1, 2, 3, 4]
        assert page.json()["next_cursor"] is None

    def test_sessions_page_by_cursor(self, api: Api) -> None:
        """A project's sessions come oldest first, page after page, with no repeats."""
        ada = api.user()
        path = f"/projects/{_project(api, ada)}/sessions"
        created = [api.ok("POST", path, ada, json={"title": f"S{n}"})["id"] for n in range(5)]
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = api.ok("GET", path, ada, params=params)
            seen += [s["id"] for s in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == created


class TestInstructions:
    """Instructions, their revisions, activation and the merged active rules."""

    def test_create_revise_and_read_revisions(self, api: Api) -> None:
        """Each PATCH adds a revision; every revision stays readable with its own text."""
        ada = api.user()
        created = api.call(
            "POST", "/instructions", ada, json={"title": "Rules", "text": "- No hardcoded secrets"}
        )
        assert created.status_code == 201
        instruction = created.json()["instruction"]
        path = f"/instructions/{instruction['id']}"
        assert [r["id"] for r in instruction["parsed_rules"]] == ["security.no-hardcoded-secrets"]
        revised = api.ok("PATCH", path, ada, json={"text": "- No eval"})
        assert revised["instruction"]["revision"] == 2
        texts = [r["rules_text"] for r in api.ok("GET", path + "/revisions", ada)]
        assert texts == ["- No hardcoded secrets", "- No eval"]
        assert api.ok("GET", path + "/revisions/1", ada)["rules_text"] == "- No hardcoded secrets"
        assert api.ok("GET", path, ada)["rules_text"] == "- No eval"
        assert [i["id"] for i in api.ok("GET", "/instructions", ada)] == [instruction["id"]]

    def test_active_rules_follow_activation(self, api: Api) -> None:
        """Deactivated instructions leave the active rules; project rules join for the project."""
        ada = api.user()
        project_id = _project(api, ada)
        glob = api.ok("POST", "/instructions", ada, json={"title": "G", "text": "- No eval"})
        api.ok(
            "POST",
            "/instructions",
            ada,
            json={"title": "P", "text": "- No print statements", "project_id": project_id},
        )
        both = api.ok("GET", "/active-rules", ada, params={"project_id": project_id})
        assert [r["id"] for r in both["rules"]] == ["security.no-eval", "quality.no-print"]
        assert both["canonical"][0].startswith("security.no-eval")
        path = f"/instructions/{glob['instruction']['id']}"
        assert api.ok("POST", path + "/deactivate", ada)["is_active"] is False
        assert api.ok("GET", "/active-rules", ada)["rules"] == []
        assert api.ok("POST", path + "/activate", ada)["is_active"] is True
        assert api.call("DELETE", path, ada).status_code == 204
        assert api.call("GET", path, ada).status_code == 404

    def test_project_filter(self, api: Api) -> None:
        """GET /instructions?project_id= lists only that project's instructions."""
        ada = api.user()
        project_id = _project(api, ada)
        api.ok("POST", "/instructions", ada, json={"title": "G", "text": "- No eval"})
        scoped = api.ok(
            "POST",
            "/instructions",
            ada,
            json={"title": "P", "text": "- No eval", "project_id": project_id},
        )
        listed = api.ok("GET", "/instructions", ada, params={"project_id": project_id})
        assert [i["id"] for i in listed] == [scoped["instruction"]["id"]]


class TestRules:
    """Parsing instruction text and checking output, as JSON and as SARIF."""

    def test_parse_gives_rules_diagnostics_and_canonical_forms(self, api: Api) -> None:
        """POST /rules/parse shows how each statement was understood, unenforced ones too."""
        ada = api.user()
        text = "- Functions must not exceed 50 lines\n- Be nice to colleagues"
        body = api.ok("POST", "/rules/parse", ada, json={"text": text})
        assert [r["kind"] for r in body["rules"]] == ["enforced", "unenforced"]
        assert body["rules"][0]["params"] == {"max": 50}
        assert body["canonical"][0].startswith("quality.max-function-length(max=50)")

    def test_check_against_given_rules(self, api: Api) -> None:
        """POST /rules/check blocks code that breaks an error-severity rule, with its location."""
        ada = api.user()
        body = {"rules_text": "- No eval", "files": {"app/x.py": "x = 1\ny = eval('2')\n"}}
        report = api.ok("POST", "/rules/check", ada, json=body)
        assert report["verdict"] == "block"
        [violation] = report["violations"]
        assert violation["rule_id"] == "security.no-eval"
        assert (violation["location"]["path"], violation["location"]["line"]) == ("app/x.py", 2)
        clean = api.ok("POST", "/rules/check", ada, json=body | {"files": {"a.py": "x = 1\n"}})
        assert (clean["verdict"], clean["violations"]) == ("pass", [])

    def test_check_against_the_projects_active_rules(self, api: Api) -> None:
        """Without rules_text, the acting user's active rules for the project apply."""
        ada = api.user()
        project_id = _project(api, ada)
        api.ok(
            "POST",
            "/instructions",
            ada,
            json={"title": "P", "text": "- No eval", "project_id": project_id},
        )
        files = {"a.py": "eval('1')\n"}
        scoped = api.ok(
            "POST", "/rules/check", ada, json={"project_id": project_id, "files": files}
        )
        assert [v["rule_id"] for v in scoped["violations"]] == ["security.no-eval"]
        unscoped = api.ok("POST", "/rules/check", ada, json={"files": files})
        assert unscoped["violations"] == []

    def test_sarif_on_request(self, api: Api) -> None:
        """`Accept: application/sarif+json` gives a SARIF 2.1.0 log of the same findings."""
        ada = api.user()
        body = {"rules_text": "- No eval", "files": {"a.py": "eval('1')\n"}}
        response = api.call(
            "POST", "/rules/check", ada, json=body, headers={"Accept": "application/sarif+json"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sarif+json")
        log = json.loads(response.text)
        assert log["version"] == "2.1.0"
        assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["security.no-eval"]


class TestSpecificationsAndCodebases:
    """Versioned specifications, generated codebases and their files."""

    def test_specification_versions(self, api: Api) -> None:
        """Each new specification is the next version; latest and by-id read them back."""
        ada = api.user()
        path = f"/projects/{_project(api, ada)}/specifications"
        assert api.call("GET", path + "/latest", ada).status_code == 404
        first = api.call("POST", path, ada, json={"title": "v1", "content": "Build it"})
        assert (first.status_code, first.json()["version"]) == (201, 1)
        api.ok("POST", path, ada, json={"title": "v2", "content": "Build it well"})
        assert [s["version"] for s in api.ok("GET", path, ada)] == [1, 2]
        assert api.ok("GET", path + "/latest", ada)["title"] == "v2"
        assert api.ok("GET", f"/specifications/{first.json()['id']}", ada)["title"] == "v1"

    def test_codebase_and_files(self, api: Api) -> None:
        """A stored codebase lists, reads back with its files, and serves one file by path."""
        ada = api.user()
        project_id = _project(api, ada)
        files = {"src/app.py": "print('hi')\n", "README.md": "# App\n"}
        stored = api.call(
            "POST",
            f"/projects/{project_id}/codebases",
            ada,
            json={"agent_id": "gen", "files": files},
        )
        assert stored.status_code == 201
        codebase = stored.json()
        assert codebase["language"] == "python"
        assert [c["id"] for c in api.ok("GET", f"/projects/{project_id}/codebases", ada)] == [
            codebase["id"]
        ]
        detail = api.ok("GET", f"/codebases/{codebase['id']}", ada)
        assert {f["path"]: f["content"] for f in detail["files"]} == files
        one = api.ok("GET", f"/codebases/{codebase['id']}/files/src/app.py", ada)
        assert (one["content"], one["size"]) == ("print('hi')\n", 12)


class TestAudit:
    """A project's audit entries and chain verification, for its owner or an administrator."""

    def test_owner_reads_entries_and_verifies(self, api: Api) -> None:
        """The owner sees the project's own actions in order, in pages, and an intact chain."""
        ada = api.user()
        project_id = _project(api, ada)
        api.ok("PATCH", f"/projects/{project_id}", ada, json={"name": "Renamed"})
        api.ok("POST", f"/projects/{project_id}/phase", ada, json={"phase": "design"})
        path = f"/projects/{project_id}/audit"
        first = api.call("GET", path, ada, params={"limit": 2})
        actions = [e["action"] for e in first.json()["items"]]
        assert actions == ["project.create", "project.update"]
        assert "link" in first.headers
        rest = api.ok("GET", path, ada, params={"cursor": first.json()["next_cursor"]})
        assert [e["action"] for e in rest["items"]] == ["project.change_phase"]
        api.ok("POST", f"/projects/{project_id}/sessions", ada, json={"title": "T"})
        other = _project(api, ada, "Other")
        chain = [e["action"] for e in api.ok("GET", path, ada)["items"]]
        assert chain[-1] == "session.start"  # the project's whole chain, not only its own row
        assert all(e["entity_id"] != other for e in api.ok("GET", path, ada)["items"])
        verified = api.ok("GET", path + "/verify", ada)
        assert verified["ok"] is True
        assert verified["checked"] >= 3

    def test_editor_is_refused_and_admin_is_let_through(self, api: Api) -> None:
        """An editor gets 403; an administrator with no role in the project reads it."""
        ada, bob, root = api.user(), api.user(), api.user()
        project_id = _project(api, ada)
        api.ok(
            "POST",
            f"/projects/{project_id}/collaborators",
            ada,
            json={"user_id": bob, "role": "editor"},
        )
        path = f"/projects/{project_id}/audit"
        assert api.call("GET", path, bob).json()["code"] == "permission_denied"
        assert api.call("GET", path + "/verify", bob).status_code == 403
        assert api.call("GET", "/audit/verify", ada).status_code == 403
        api.admins.add(root)
        assert [e["action"] for e in api.ok("GET", path, root)["items"]] == [
            "project.create",
            "collaborator.add",
        ]
        assert api.ok("GET", "/audit/verify", root)["ok"] is True
