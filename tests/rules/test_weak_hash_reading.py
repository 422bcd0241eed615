"""What a weak-hash statement says is what the check flags: exactly the named algorithms, or all.

"Do not use MD5" reads `algorithms=(md5,)` and flags md5 only; "No weak hashes" reads the
declaration's default, every weak algorithm the check knows (md2, md4, md5, sha, sha1 and DES
crypt), so the declaration and the check never disagree about what the default is.
"""

from __future__ import annotations

import pytest

from socratic_core.rules import AgentOutput, RuleEngine

_SOURCE = """import hashlib

hashlib.md5(b"x")
hashlib.sha1(b"x")
hashlib.new("md4")
hashlib.new("md2")
hashlib.new("sha")
hashlib.sha256(b"x")
"""


@pytest.mark.parametrize(
    ("text", "algorithms", "lines"),
    [
        ("Do not use MD5", ("md5",), [3]),
        ("MD5 and SHA-1 are forbidden", ("md5", "sha1"), [3, 4]),
        ("No weak hashes", ("md2", "md4", "md5", "sha", "sha1", "crypt"), [3, 4, 5, 6, 7]),
    ],
)
def test_the_statement_and_the_check_agree(
    engine: RuleEngine, text: str, algorithms: tuple[str, ...], lines: list[int]
) -> None:
    """The rule's algorithms are what the text named, and exactly those calls are flagged."""
    [rule] = engine.compile(f"- {text}\n")
    assert (rule.id, rule.params["algorithms"]) == ("security.no-weak-hashes", algorithms)
    report = engine.validate(AgentOutput(files={"a.py": _SOURCE}), [rule])
    assert [v.location.line for v in report.violations] == lines
