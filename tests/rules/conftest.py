"""Fixtures for the rule-engine tests: a fresh plugin manager and engine per test."""

from __future__ import annotations

import pluggy
import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import Category, Rule, RuleEngine


@pytest.fixture
def pm() -> pluggy.PluginManager:
    """A fresh plugin manager with the built-in checks and no entry points."""
    return make_plugin_manager(entry_points=False)


@pytest.fixture
def engine(pm: pluggy.PluginManager) -> RuleEngine:
    """An engine on the fresh plugin manager."""
    return RuleEngine(pm)


def rule(rule_id: str, **params: object) -> Rule:
    """Build an enforced rule for a check id, with its category taken from the id."""
    prefix = rule_id.partition(".")[0]
    known = {category.value for category in Category}
    category = Category(prefix) if prefix in known else Category.CUSTOM
    return Rule(id=rule_id, category=category, params=params, text=f"rule {rule_id}")  # type: ignore[arg-type]
