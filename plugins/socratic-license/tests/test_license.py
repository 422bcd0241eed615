"""socratic-license: the header finder, the check through a plugin manager, and from rule text."""

from __future__ import annotations

import pytest

pytest.importorskip("socratic_license", reason="install plugins/socratic-license to test it")

from socratic_license import plugin
from socratic_license.validators import find_spdx

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, RuleEngine, Verdict

HEADED = "# SPDX-License-Identifier: MIT\n\nx = 1\n"


class TestFindSpdx:
    """The SPDX identifier is read from a file's first lines."""

    def test_reads_the_identifier(self) -> None:
        """A comment line with the SPDX tag gives its identifier."""
        assert find_spdx(HEADED) == "MIT"
        assert find_spdx("// SPDX-License-Identifier: Apache-2.0 OR MIT\n") == "Apache-2.0 OR MIT"
        assert find_spdx("/* SPDX-License-Identifier: BSD-3-Clause */\n") == "BSD-3-Clause"

    def test_skips_a_shebang(self) -> None:
        """A shebang line does not count against the header lines."""
        text = "#!/usr/bin/env python\n" + "\n" * 4 + "# SPDX-License-Identifier: MIT\n"
        assert find_spdx(text) == "MIT"

    def test_too_far_down_or_missing(self) -> None:
        """A header below the first lines, or none at all, is not found."""
        assert find_spdx("\n" * 10 + "# SPDX-License-Identifier: MIT\n") is None
        assert find_spdx("x = 1\n") is None


class TestLicenseCheck:
    """The check through an explicitly registered plugin."""

    @pytest.fixture
    def engine(self) -> RuleEngine:
        """An engine with the built-ins and this plugin, no entry points."""
        return RuleEngine(make_plugin_manager(entry_points=False, plugins=[plugin]))

    def test_fires_on_files_without_a_header(self, engine: RuleEngine) -> None:
        """Source files without a header fire; headed, empty and non-source files do not."""
        rules = engine.compile("- Every generated file must have a license header.\n")
        files = {
            "a.py": HEADED,
            "b.py": "x = 1\n",
            "c.js": "let x = 1;\n",
            "empty.py": "",
            "logo.png": b"\x89PNG\x00",
            "README.md": "# Read me\n",
        }
        report = engine.validate(AgentOutput(files=files), rules)
        assert [v.location.path for v in report.violations] == ["b.py", "c.js"]
        assert report.verdict is Verdict.BLOCK

    def test_required_licence(self, engine: RuleEngine) -> None:
        """With a licence named in the rule, a header for another licence fires."""
        rules = engine.compile("- Source files must have an SPDX header for Apache-2.0.\n")
        assert rules.rules[0].params == {"license": "Apache-2.0"}
        report = engine.validate(AgentOutput(files={"a.py": HEADED}), rules)
        assert [v.message for v in report.violations] == [
            "licence header names MIT, not Apache-2.0"
        ]
