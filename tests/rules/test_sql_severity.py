"""Returned SQL is a weaker signal than SQL that reaches a query: it is reported as a warning."""

from __future__ import annotations

from dataclasses import replace

from socratic_core.rules import AgentOutput, RuleEngine, Severity, Verdict

from .conftest import rule

CODE = '''
def build(table, user):
    """A query builder."""
    return f"SELECT * FROM {table} WHERE owner = '{user}'"


def run(cursor, user):
    """A query."""
    cursor.execute(f"SELECT * FROM t WHERE owner = '{user}'")
'''


class TestSqlSeverity:
    """A finding may lower its rule's severity, never raise it."""

    def test_returned_sql_is_a_warning_and_executed_sql_an_error(self, engine: RuleEngine) -> None:
        """The sink keeps the rule's error; the returned string is capped at warning."""
        report = engine.validate(
            AgentOutput(files={"q.py": CODE}), [rule("security.no-sql-string-building")]
        )
        assert [(v.location.line, v.severity) for v in report.violations] == [
            (4, Severity.WARNING),
            (9, Severity.ERROR),
        ]
        assert report.verdict is Verdict.BLOCK

    def test_only_returned_sql_warns(self, engine: RuleEngine) -> None:
        """With only a returned string, the report warns instead of blocking."""
        code = CODE.partition("\n\n\ndef run")[0] + "\n"
        report = engine.validate(
            AgentOutput(files={"q.py": code}), [rule("security.no-sql-string-building")]
        )
        assert [v.severity for v in report.violations] == [Severity.WARNING]
        assert report.verdict is Verdict.WARN

    def test_a_warning_rule_is_not_raised(self, engine: RuleEngine) -> None:
        """An info-severity rule stays info for the returned string."""
        sql_rule = rule("security.no-sql-string-building")
        info = replace(sql_rule, severity=Severity.INFO)
        report = engine.validate(AgentOutput(files={"q.py": CODE}), [info])
        assert {v.severity for v in report.violations} == {Severity.INFO}


class TestAugmentedAssignment:
    """`+=` builds SQL only onto text, never onto a list of rows a query returned."""

    def test_rows_added_to_a_list_are_not_sql(self, engine: RuleEngine) -> None:
        """Query results gathered with `+=` over a parameterised query raise nothing."""
        code = (
            "def load(connection, ids):\n"
            "    rows = []\n"
            "    for i in ids:\n"
            '        rows += connection.execute("SELECT * FROM t WHERE id = ?", (i,)).fetchall()\n'
            "    return rows\n"
        )
        report = engine.validate(
            AgentOutput(files={"q.py": code}), [rule("security.no-sql-string-building")]
        )
        assert report.violations == ()

    def test_text_extended_with_a_value_is_sql_built(self, engine: RuleEngine) -> None:
        """A SQL constant extended with a value, then returned with more text, is reported."""
        code = (
            "def build(name):\n"
            '    sql = "SELECT * FROM t WHERE name = \'"\n'
            "    sql += name\n"
            '    return sql + "\'"\n'
        )
        report = engine.validate(
            AgentOutput(files={"q.py": code}), [rule("security.no-sql-string-building")]
        )
        assert [(v.location.line, v.severity) for v in report.violations] == [(4, Severity.WARNING)]


class TestStatementsBuiltElsewhere:
    """A statement built and handed to a call no sink list names is a warning, where it is built."""

    def test_built_statements_warn_where_they_are_built(self, engine: RuleEngine) -> None:
        """asyncpg's `fetch()` and a name no sink reads warn; a log line does not."""
        code = (
            "async def find(conn, db, log, name):\n"
            "    await conn.fetch(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
            "    query = \"DELETE FROM t WHERE name = '%s'\" % name\n"
            "    db.query(query)\n"
            "    log.debug(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
        )
        report = engine.validate(
            AgentOutput(files={"q.py": code}), [rule("security.no-sql-string-building")]
        )
        assert [(v.location.line, v.severity) for v in report.violations] == [
            (2, Severity.WARNING),
            (3, Severity.WARNING),
        ]

    def test_a_long_concatenation_is_read(self, engine: RuleEngine) -> None:
        """Hundreds of `+` pieces (one deep tree the parser takes) are read, not a failure."""
        template = (
            "def find(cursor, name):\n"
            '    cursor.execute("SELECT * FROM t WHERE a = " + PIECES)\n'
            '    run("SELECT * FROM t WHERE a = " + PIECES)\n'
        )
        code = template.replace("PIECES", " + ".join(["name"] * 900))
        report = engine.validate(
            AgentOutput(files={"q.py": code}), [rule("security.no-sql-string-building")]
        )
        assert report.plugin_failures == ()
        assert [v.location.line for v in report.violations] == [2, 3]
