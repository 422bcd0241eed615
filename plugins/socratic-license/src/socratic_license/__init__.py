"""socratic-license: every generated source file must carry an SPDX licence header."""

__version__ = "0.1.0"
