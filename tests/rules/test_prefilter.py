"""Prefilters skip work, never findings: every check finds the same with and without them.

A check's prefilter (`Check.prefilter`) lets the engine skip a file the check certainly finds
nothing in, and skip parsing a file no check is left to read. These tests run every annotated
fixture and a sample of real, reputable code through every built-in per-file check twice, with
prefiltering on and off, and compare the findings.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sysconfig
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Category,
    Check,
    Finding,
    ParamValue,
    PythonFile,
    Report,
    Rule,
    RuleEngine,
    check,
    mentions,
)

_TESTS = Path(__file__).resolve().parents[1]
FIXTURES = next(
    folder
    for folder in (_TESTS / "rules" / "fixtures", _TESTS / "engine" / "fixtures")
    if folder.is_dir()
)
_HEADER = re.compile(r"^#\s*(?P<key>params|path):\s*(?P<value>.+)$", re.M)
# Limits low enough that the line-count and keyword-count prefilters decide both ways.
_TIGHT: dict[str, dict[str, object]] = {
    "quality.max-complexity": {"max": 3},
    "quality.max-function-length": {"max": 8},
}
_REAL_PACKAGES = ("requests", "flask", "click", "werkzeug", "sqlalchemy.sql", "sqlalchemy.engine")
# Parts of the standard library (folders and modules) full of what the security prefilters
# decide on: passwords, tokens and URLs with credentials, SQL, hashes, pickles, TLS settings,
# shell commands, and literals spelled in pieces (the codec tables concatenate single characters).
_STDLIB = (
    *("json", "email", "http", "urllib", "logging", "sqlite3", "xml/dom", "encodings"),
    *("hashlib.py", "hmac.py", "smtplib.py", "ftplib.py", "imaplib.py", "poplib.py", "ssl.py"),
    *("getpass.py", "secrets.py", "netrc.py", "crypt.py", "pickle.py", "shelve.py"),
    *("subprocess.py", "base64.py", "test/test_sqlite3", "test/test_hmac.py"),
    *("test/test_hashlib.py", "test/test_urlparse.py", "test/test_base64.py", "test/test_netrc.py"),
    *("test/test_smtplib.py", "test/test_ftplib.py", "test/test_imaplib.py", "test/test_crypt.py"),
    *("test/test_secrets.py", "test/test_strtod.py", "test/test_shelve.py", "test/test_getpass.py"),
    *("test/test_urllib2.py", "test/test_httplib.py", "test/test_poplib.py", "test/test_ssl.py"),
    *("test/pickletester.py", "test/test_subprocess.py", "idlelib/config.py"),
)


def _rule(rule_id: str, **params: object) -> Rule:
    prefix = rule_id.partition(".")[0]
    known = {category.value for category in Category}
    category = Category(prefix) if prefix in known else Category.CUSTOM
    return Rule(id=rule_id, category=category, params=params, text=f"rule {rule_id}")  # type: ignore[arg-type]


def _engines(*plugins: object) -> tuple[RuleEngine, RuleEngine]:
    on = RuleEngine(make_plugin_manager(entry_points=False, plugins=plugins))
    off = RuleEngine(make_plugin_manager(entry_points=False, plugins=plugins), prefilter=False)
    return on, off


def _per_file_rules(engine: RuleEngine, params: Mapping[str, dict[str, object]]) -> list[Rule]:
    """A rule for every built-in per-file check that can run with its defaults (or `params`)."""
    rules = []
    for check_id, registered in engine.checks.items():
        found = registered.check
        if found.batch is not None or found.cross_file:
            continue
        given = params.get(check_id, {})
        if all(spec.default is not None or spec.name in given for spec in found.declaration.params):
            rules.append(_rule(check_id, **given))
    return rules


def _found(report: Report) -> list[tuple[str, str | None, int, int, str]]:
    return sorted(
        (v.rule_id, v.location.path, v.location.line, v.location.column, v.message)
        for v in report.violations
    )


def _fixture(path: Path) -> tuple[str, str, dict[str, dict[str, object]]]:
    text = path.read_text(encoding="utf-8")
    headers = {m["key"]: m["value"].strip() for m in _HEADER.finditer(text)}
    own = path.stem.partition("__")[0]
    name = headers.get("path", f"fixture/{path.stem.replace('.', '_')}.py")
    return name, text, {own: json.loads(headers.get("params", "{}"))}


def _real_files() -> Iterator[Path]:
    for name in _REAL_PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            yield from sorted(Path(folder).rglob("*.py"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for name in _STDLIB:
        path = stdlib / name
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


class TestSameFindings:
    """With prefiltering on, every check finds exactly what it finds with it off."""

    @pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.py")), ids=lambda path: path.stem)
    def test_every_fixture_through_every_check(self, fixture: Path) -> None:
        """Each fixture, checked by every per-file check, gives the same findings both ways."""
        name, text, params = _fixture(fixture)
        on, off = _engines()
        for limits in ({}, _TIGHT):
            rules = _per_file_rules(on, {**limits, **params})
            output = AgentOutput(files={name: text})
            with_prefilter, without = on.validate(output, rules), off.validate(output, rules)
            assert _found(with_prefilter) == _found(without)
            assert with_prefilter.plugin_failures == without.plugin_failures == ()

    def test_real_code_through_every_check(self) -> None:
        """Real packages (and parts of the standard library) give the same findings both ways."""
        files = {str(path): path.read_bytes() for path in _real_files()}
        assert len(files) > 100, "the sample of real code is missing"
        on, off = _engines()
        for limits in ({}, _TIGHT):
            rules = _per_file_rules(on, limits)
            with_prefilter = on.finish([on.check_files(files, rules)], rules)
            without = off.finish([off.check_files(files, rules)], rules)
            assert _found(with_prefilter) == _found(without)
            assert len(_found(without)) > 0


# Spellings a textual prefilter must not miss, each with what a check finds in it.
_EDGE_SPELLINGS = {
    "bare except, continued": (
        "quality.no-bare-except",
        "try:\n    run()\nexcept \\\n:\n    log()\n",
    ),
    "bare except, form feed": ("quality.no-bare-except", "try:\n    run()\nexcept\f:\n    log()\n"),
    "swallowed, tuple over lines with a comment": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept (ValueError,  # (why)\n        Exception):\n    pass\n",
    ),
    "swallowed, continued header": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept \\\n        BaseException as error:\n    ...\n",
    ),
    "swallowed, comments before the body": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept Exception:  # fine\n\n    # nothing to do\n    pass\n",
    ),
    "swallowed, a string on the same line": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept builtins.Exception: 'ignored'\n",
    ),
    "swallowed, a number in parentheses": (
        "quality.no-swallowed-exceptions",
        '"""Everything except this."""\ntry:\n    run()\nexcept: (0)\n',
    ),
    "swallowed, a tuple in two parentheses": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept ((ValueError, Exception)):\n    pass\n",
    ),
    "print in parentheses": ("quality.no-print", "(print)('x')\n"),
    "print continued": ("quality.no-print", "print \\\n    ('x')\n"),
    "print renamed": ("quality.no-print", "from builtins import print as echo\necho('x')\n"),
    "print renamed over lines": (
        "quality.no-print",
        "from builtins import (\n    print  # the real one\n    as echo,\n)\necho('x')\n",
    ),
    "print through builtins": ("quality.no-print", "import builtins\nbuiltins.print ('x')\n"),
    "async def continued": (
        "performance.no-blocking-in-async",
        "import time\nasync \\\n  def f():\n    time.sleep(1)\n",
    ),
    "async def with a tab": (
        "performance.no-blocking-in-async",
        "import time\nasync\tdef f():\n    time.sleep(1)\n",
    ),
    "keywords glued to numbers": (
        "quality.max-complexity",
        "def f(x):\n    a = 1if x else 2\n    b = 1or x\n    return [0x1for y in x], a, b\n",
    ),
    "decisions in a default value": (
        "quality.max-complexity",
        "if a:\n    pass\n\n\ndef f(x=1 if a else 2, y=a or b and c):\n    pass\n",
    ),
    "keywords in a file that is not ASCII": (
        "quality.max-complexity",
        "def f(x):  # café\n    if x or x and x:\n        return 1\n    return 2\n",
    ),
}


class TestEdgeSpellings:
    """Each spelling a prefilter reasons about is found with prefiltering on, as without it."""

    @pytest.mark.parametrize("name", sorted(_EDGE_SPELLINGS))
    def test_found_both_ways(self, name: str) -> None:
        """The check finds something in the spelling, and the same with its prefilter."""
        rule_id, code = _EDGE_SPELLINGS[name]
        on, off = _engines()
        rules = [_rule(rule_id, **_TIGHT.get(rule_id, {}))]
        output = AgentOutput(files={"edge.py": code})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `1if` is deprecated: Python still reads it
            with_prefilter, without = on.validate(output, rules), off.validate(output, rules)
        assert without.file_diagnostics == ()
        assert _found(without), "the spelling must give the check something to find"
        assert _found(with_prefilter) == _found(without)

    @pytest.mark.parametrize(
        ("rule_id", "code"),
        [
            ("quality.no-bare-except", "try:\n    run()\nexcept ValueError:\n    pass\n"),
            ("quality.no-swallowed-exceptions", "try:\n    run()\nexcept KeyError:\n    pass\n"),
            ("quality.no-swallowed-exceptions", "try:\n    run()\nexcept Exception:\n    log()\n"),
            ("quality.no-swallowed-exceptions", "# everything except this\nrun()\n"),
            ("quality.no-print", "# print the value\ndef printer():\n    return pprint\n"),
            ("performance.no-blocking-in-async", "import asyncio\nasyncio.run(main())\n"),
            ("quality.max-complexity", "def f(x):\n    return x.format(transform=elifx)\n"),
            ("quality.max-complexity", "if a or b and c:\n    pass\n\n\ndef f(x):\n    pass\n"),
            ("quality.max-complexity", "x = [a for a in b if a or c and d]\n"),
        ],
    )
    def test_what_cannot_match_is_ruled_out(self, rule_id: str, code: str) -> None:
        """A file the check cannot find anything in is rejected by its prefilter."""
        on, _ = _engines()
        prefilter = on.checks[rule_id].check.prefilter
        assert prefilter is not None
        assert not prefilter(code, _TIGHT.get(rule_id, {}))


class TestWhatIsSkipped:
    """The engine skips exactly the work a prefilter rules out, and nothing else."""

    def test_full_width_identifiers_still_found(self) -> None:
        """Full-width `eval` is `eval`: a prefilter reads a non-ASCII file NFKC-normalised."""
        on, _ = _engines()
        code = "ｅｖａｌ('1 + 1')\n"  # noqa: RUF001 - the point of the test
        report = on.validate(AgentOutput(files={"a.py": code}), [_rule("security.no-eval")])
        assert [v.location.line for v in report.violations] == [1]

    def test_a_file_no_check_reads_is_not_parsed(self) -> None:
        """On disk, a broken file that no active check can find anything in is not parsed."""
        on, off = _engines()
        files = {"broken.py": "def f(:\n    return 1\n"}
        rules = [_rule("security.no-eval")]
        assert on.check_files(files, rules).diagnostics == ()
        assert [d.kind for d in off.check_files(files, rules).diagnostics] == ["syntax-error"]

    def test_an_agents_output_is_always_parsed_whole(self) -> None:
        """`validate()` diagnoses every broken file of an agent's output, whatever the rules."""
        on, _ = _engines()
        output = AgentOutput(files={"broken.py": "def f(:\n    return 1\n"})
        report = on.validate(output, [_rule("security.no-eval")])
        assert [d.kind for d in report.file_diagnostics] == ["syntax-error"]

    def test_a_file_a_check_may_read_is_parsed(self) -> None:
        """A broken file that mentions what a check looks for still fails closed."""
        on, _ = _engines()
        output = AgentOutput(files={"broken.py": "eval(\n"})
        report = on.validate(output, [_rule("security.no-eval")])
        assert [d.kind for d in report.file_diagnostics] == ["syntax-error"]

    def test_a_broken_prefilter_runs_its_check(self) -> None:
        """A prefilter that raises is taken as "may find": the check runs and finds."""

        def broken(_text: str, _params: Mapping[str, ParamValue]) -> bool:
            raise RuntimeError("boom")

        @check(id="demo.no-todo", phrases=("todo",), prefilter=broken)
        def no_todo(python: PythonFile) -> Iterator[Finding]:
            """Lines that say TODO."""
            for number, line in enumerate(python.lines.lines, start=1):
                if "TODO" in line:
                    yield Finding.at_line(python, number, "TODO left")

        class Plugin:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(no_todo)

        on, _ = _engines(Plugin())
        output = AgentOutput(files={"a.py": "x = 1  # TODO\n"})
        report = on.validate(output, [_rule("demo.no-todo")])
        assert [v.message for v in report.violations] == ["TODO left"]
        assert report.plugin_failures == ()

    def test_mentions_matches_words_anywhere(self) -> None:
        """`mentions` passes a file that contains a word anywhere, in any case if asked."""
        exact, loose = mentions("md5"), mentions("md5", ignore_case=True)
        assert exact("h = hashlib.md5()", {})
        assert not exact("h = hashlib.MD5()", {})
        assert loose("h = hashlib.MD5()", {})
        assert not loose("h = hashlib.sha256()", {})

    def test_checks_declare_their_prefilter(self) -> None:
        """`@check(prefilter=...)` puts the prefilter on the `Check` the engine reads."""
        on, _ = _engines()
        no_eval: Check = on.checks["security.no-eval"].check
        assert no_eval.prefilter is not None
        assert no_eval.prefilter("eval(x)", {})
        assert not no_eval.prefilter("print(x)", {})


# Each file holds one finding that a prefilter could only see by reasoning about how Python
# spells it: an escape, implicit concatenation, a line continuation, an alias or relative import,
# NFKC identifiers, mixed case. (rule id, path, code, rule parameters.)
_SPELLED_IN_PIECES: tuple[tuple[str, str, str, dict[str, object]], ...] = (
    ("security.no-hardcoded-secrets", "a.py", 'value = "\\x41KIAABCDEFGHIJKLMNOP"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'value = "AK" "IAABCDEFGHIJKLMNOP"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'value = "AK" "" f"IAABCDEFGHIJKLMNOP"\n', {}),
    (
        "security.no-hardcoded-secrets",
        "a.py",
        'value = (\n    "AK"  # split\n    "IAABCDEFGHIJKLMNOP"\n)\n',
        {},
    ),
    ("security.no-hardcoded-secrets", "a.py", 'value = "AK\\\nIAABCDEFGHIJKLMNOP"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'url = "postgres:" "//admin:hunter22x@db"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'dsn = "postgres://admin:hun!" "!ter@db"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'dsn = "postgres://admin:h\\u00e9ter@db"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", "ｄｂ_ｐａｓｓｗｏｒｄ = 'hunter22x'\n", {}),  # noqa: RUF001
    ("security.no-hardcoded-secrets", "a.py", 'dbPass = "hunter22x"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'DB_PASS: str = "hunter22x"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'config = {"db pass": "hunter22x"}\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'config = {"""db\n    pass\n""": "hunter22x"}\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'conn = "host=db user=admin pass=hunter22x"\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'config = {"api\\tkey": "Zx81kdLq0pRt"}\n', {}),
    ("security.no-hardcoded-secrets", "a.py", 'config = {"API-Key": "Zx81kdLq0pRt"}\n', {}),
    (
        "security.no-hardcoded-secrets",
        "a.py",
        'value = "Zq8r4TxLm2Vb7pKe5WsYd3HcJ9fGa6Ux1Nw"\n',
        {},
    ),
    (
        "security.no-hardcoded-secrets",
        "a.py",
        'value = "Zq8r4TxLm2Vb7pKe5W" "sYd3HcJ9fGa6Ux1Nw"\n',
        {},
    ),
    (
        "security.no-hardcoded-secrets",
        "a.py",
        'value = f"{x}Zq8r4TxLm2Vb7pKe5WsYd3HcJ9fGa6Ux1Nw"\n',
        {},
    ),
    (
        "security.no-hardcoded-secrets",
        "a.py",
        'value = f"{x:Zq8r4TxLm2Vb7pKe5WsYd3HcJ9fGa6Ux1Nw}"\n',
        {},
    ),
    (
        "security.no-sql-string-building",
        "a.py",
        'def q(t):\n    return "\\tSELECT * FROM " + t\n',
        {},
    ),
    (
        "security.no-sql-string-building",
        "a.py",
        'def q(t):\n    return "SEL" "ECT * FROM " + t\n',
        {},
    ),
    (
        "security.no-sql-string-building",
        "a.py",
        'def q(t):\n    return "SELECT" + t + " * FROM t"\n',
        {},
    ),
    (
        "security.no-sql-string-building",
        "a.py",
        'def q(t):\n    sql = "sel"\n    sql += "ect * from " + t\n    return sql\n',
        {},
    ),
    (
        "security.no-sql-string-building",
        "sqlalchemy/orm/query.py",
        'from .. import text\n\ndef q(x):\n    return text(f"SELECT * FROM t WHERE a = {x}")\n',
        {},
    ),
    (
        "security.no-unsafe-deserialization",
        "numpy/lib/io.py",
        "from .. import load\n\nload(f, allow_pickle=True)\n",
        {},
    ),
    ("security.no-unsafe-deserialization", "a.py", "import cPickle as p\np.loads(b)\n", {}),
    ("security.no-unsafe-deserialization", "a.py", "import pickle\npickle.ｌｏａｄｓ(b)\n", {}),  # noqa: RUF001
    ("security.no-weak-hashes", "a.py", 'import hashlib\nhashlib.new("MD-5")\n', {}),
    ("security.no-weak-hashes", "a.py", 'import hashlib\nhashlib.new("m" "d5")\n', {}),
    ("security.no-weak-hashes", "hashlib/x.py", "from . import md5\nmd5(data)\n", {}),
    (
        "security.no-weak-hashes",
        "a.py",
        'import crypt\ncrypt.crypt("pw", crypt.METHOD_MD5)\n',
        {"algorithms": ["md5"]},
    ),
    ("security.no-weak-hashes", "a.py", "from Crypto.Hash import MD5\nMD5.new()\n", {}),
    ("security.tls-verification", "a.py", 'opts["veri" "fy_mode"] = ssl.CERT_NONE\n', {}),
    ("security.tls-verification", "a.py", 'requests.get(u, verify="CERT" "_NONE")\n', {}),
    ("security.tls-verification", "a.py", 'requests.get(u, verify="\\x43ERT_NONE")\n', {}),
    ("security.no-eval", "a.py", 'from builtins import eval as run\nrun("1")\n', {}),
    ("security.no-shell-injection", "a.py", "from os import system as s\ns(cmd)\n", {}),
    ("security.no-shell-injection", "a.py", "subprocess.run(cmd, shell=1)\n", {}),
    (
        "security.no-shell-injection",
        "a.py",
        "subprocess.run(\n    cmd,\n    shell  # why\n    =1,\n)\n",
        {},
    ),
    ("security.no-eval", "a.py", '(eval)("1")\n', {}),
    ("security.no-eval", "a.py", 'builtins.eval  \\\n("1")\n', {}),
    ("security.no-sql-string-building", "a.py", 'qs.extra(\n    where=[f"a = {x}"],\n)\n', {}),
    ("security.no-weak-hashes", "a.py", "import hashlib as h\nh.md5 (data)\n", {}),
    (
        "security.no-unsafe-deserialization",
        "a.py",
        "from pickle import (\n    loads  # fast\n    as undump,\n)\n\nundump(b)\n",
        {},
    ),
)


class TestSpelledInPieces:
    """A finding spelled in pieces (escapes, concatenation, aliases) passes its prefilter."""

    @pytest.mark.parametrize(
        ("rule_id", "path", "code", "params"),
        _SPELLED_IN_PIECES,
        ids=[f"{case[0]}:{case[2][:40]}" for case in _SPELLED_IN_PIECES],
    )
    def test_found_with_and_without_prefilter(
        self, rule_id: str, path: str, code: str, params: dict[str, object]
    ) -> None:
        """The check finds the case, and finds the same with its prefilter on."""
        on, off = _engines()
        rules = [_rule(rule_id, **params)]
        files = {path: code}
        without = off.finish([off.check_files(files, rules)], rules)
        with_prefilter = on.finish([on.check_files(files, rules)], rules)
        assert _found(without), "the case must be a finding for the test to mean anything"
        assert _found(with_prefilter) == _found(without)


class TestPrefiltersRuleOut:
    """The security prefilters reject what only looks like what their checks find."""

    @pytest.mark.parametrize(
        ("rule_id", "code"),
        [
            ("security.no-eval", "cursor.execute(query)\nmedieval = model.evaluate()\n"),
            ("security.no-eval", "# never eval untrusted input\nsafe_eval = ast.literal_eval\n"),
            ("security.no-sql-string-building", "raw = True  # the raw text\nf(extra=1)\n"),
            ("security.no-shell-injection", "subsystem = shell_name()\n"),
            ("security.no-unsafe-deserialization", "with open(p) as f:\n    f.read()\n"),
            ("security.no-weak-hashes", '"""It shall pass."""\nx = sha256(data)\n'),
            ("security.no-sql-string-building", 'def f(d):\n    d.update(x)\n    return "ok"\n'),
            ("security.no-hardcoded-secrets", 'def f():\n    pass  # pass the key\n\nx = "abc"\n'),
            ("security.no-hardcoded-secrets", 'x = ""\ny = r"""Doc"""\nz = {"a": ""}\n'),
            ("security.tls-verification", "def verify(x):\n    return x\n"),
        ],
    )
    def test_plain_code_is_skipped(self, rule_id: str, code: str) -> None:
        """A file that only resembles a finding is ruled out by the check's prefilter."""
        on, _ = _engines()
        prefilter = on.checks[rule_id].check.prefilter
        assert prefilter is not None
        defaults = {spec.name: spec.default for spec in on.checks[rule_id].check.declaration.params}
        assert not prefilter(code, defaults)
