"""Project phase transitions: one step forward or back, never a skip."""

from __future__ import annotations

import itertools

import pytest

from socratic_core.errors import InvalidInputError
from socratic_core.services.phases import PHASE_ORDER, check_phase_transition

_PAIRS = list(itertools.product(PHASE_ORDER, PHASE_ORDER))


class TestPhaseTransitions:
    """Every pair of phases is either allowed or refused with a clear reason."""

    @pytest.mark.parametrize(
        ("current", "target"), list(itertools.product(PHASE_ORDER, PHASE_ORDER))
    )
    def test_every_pair(self, current: str, target: str) -> None:
        """Staying, one step forward and one step back pass; anything else is refused."""
        step = PHASE_ORDER.index(target) - PHASE_ORDER.index(current)
        if abs(step) <= 1:
            check_phase_transition(current, target)
            return
        with pytest.raises(InvalidInputError, match="cannot") as caught:
            check_phase_transition(current, target)
        assert caught.value.field == "phase"

    def test_skip_names_the_next_phase(self) -> None:
        """Skipping ahead says which phase comes next."""
        with pytest.raises(InvalidInputError, match="the next phase is design"):
            check_phase_transition("planning", "development")

    def test_unknown_phase(self) -> None:
        """An unknown phase is refused and the known ones listed."""
        with pytest.raises(InvalidInputError, match="unknown phase 'shipping'"):
            check_phase_transition("planning", "shipping")
