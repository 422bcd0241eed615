"""The phases a project moves through, and which moves are allowed.

planning -> design -> development -> testing -> deployment -> completed. A project may stay
where it is, go forward one step, or go back one step; skipping ahead or jumping back further is
refused.
"""

from __future__ import annotations

from socratic_core.errors import InvalidInputError

__all__ = ["PHASE_ORDER", "check_phase_transition"]

PHASE_ORDER: tuple[str, ...] = (
    "planning",
    "design",
    "development",
    "testing",
    "deployment",
    "completed",
)
"""Every phase, in order."""


def check_phase_transition(current: str, target: str) -> None:
    """Raise `InvalidInputError` (field `phase`) unless `current` -> `target` is allowed.

    Args:
        current: The project's phase now.
        target: The phase asked for.

    Raises:
        InvalidInputError: For an unknown phase, a skip ahead, or a jump back of more than one.
    """
    if target not in PHASE_ORDER:
        known = ", ".join(PHASE_ORDER)
        raise InvalidInputError(
            f"unknown phase {target!r} (one of {known})", field="phase", reason="unknown phase"
        )
    step = PHASE_ORDER.index(target) - PHASE_ORDER.index(current)
    if step > 1:
        following = PHASE_ORDER[PHASE_ORDER.index(current) + 1]
        reason = f"cannot skip from {current} to {target}: the next phase is {following}"
        raise InvalidInputError(reason, field="phase", reason=reason)
    if step < -1:
        previous = PHASE_ORDER[PHASE_ORDER.index(current) - 1]
        reason = f"cannot go back from {current} to {target}: only to {previous}"
        raise InvalidInputError(reason, field="phase", reason=reason)
