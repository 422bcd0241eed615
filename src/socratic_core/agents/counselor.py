"""`counselor`: the Socratic counselor, asking the next question a project needs answered.

For each project phase a coverage model lists the categories that matter and how many answers
each needs (its target). `ask` picks the least covered category (answers over target; ties go
to the phase's order), asks its next template question that was never asked in the project,
and explains why it matters. `answer` records the user's answer (the task) in the session and
credits the category of the last question asked. Every question is open: none suggests its
answer (the runner's quality gate checks that too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from socratic_core.agents._types import AgentRequest, AgentResponse, HistoryMessage

__all__ = ["COVERAGE", "QUESTIONS", "CounselorAgent"]


@dataclass(frozen=True, slots=True)
class _Question:
    id: str
    text: str
    why: str


# Each category's questions as (text, why), asked in order; a question's id is its category and
# its place in the list (`goals.2`), so the table never repeats either.
_TEMPLATES: Mapping[str, Sequence[tuple[str, str]]] = {
    "goals": (
        ("What problem does this project solve, and for whom?",
         "Every later decision is weighed against the problem it is meant to solve."),
        ("How will you know the project has succeeded?",
         "A measurable outcome tells you when to stop and what to cut."),
        ("What happens if this project is never built?",
         "The cost of doing nothing shows how much the project is worth."),
    ),
    "users": (
        ("Who will use this, and what are they trying to get done?",
         "Features follow from the users' jobs, not the other way round."),
        ("How do your users do this today, without your software?",
         "The current workaround is the baseline your design has to beat."),
    ),
    "requirements": (
        ("Which capabilities must the first version have to be useful?",
         "A small, complete first version ships sooner and teaches more."),
        ("Which requirements could change, and what would change them?",
         "Volatile requirements deserve designs that are cheap to change."),
        ("What must the system never do?",
         "Negative requirements are often the ones that hurt when missed."),
    ),
    "constraints": (
        ("What limits of time, budget or staff does the project work within?",
         "Constraints decide which designs are possible at all."),
        ("Which rules, regulations or policies apply to this system?",
         "Compliance found late is expensive to retrofit."),
    ),
    "tech_stack": (
        ("What technologies does your team already know and run?",
         "Familiar tools lower risk; every new one has to earn its place."),
        ("Which parts of the system must integrate with existing services?",
         "Integration points shape interfaces and data formats early."),
        ("What would make you choose one framework over another here?",
         "Explicit criteria keep the choice from being a matter of taste."),
    ),
    "architecture": (
        ("Which parts of the system change for different reasons?",
         "Parts that change for different reasons belong in different modules."),
        ("Where does the data live, and who is allowed to change it?",
         "Ownership of data decides the boundaries between components."),
        ("What should happen when a dependency is slow or down?",
         "Failure behaviour is part of the design, not an afterthought."),
    ),
    "data": (
        ("What are the main things the system keeps records of?",
         "The core entities give the schema and the vocabulary of the code."),
        ("How long must data be kept, and how is it deleted?",
         "Retention and deletion rules affect storage, privacy and cost."),
    ),
    "security": (
        ("What data does the system hold that an attacker would want?",
         "Knowing what is valuable tells you what to protect first."),
        ("How do users prove who they are, and what may each of them do?",
         "Authentication and authorization are hard to add later."),
        ("How are secrets such as keys and passwords stored and rotated?",
         "Leaked secrets are one of the most common causes of breaches."),
    ),
    "performance": (
        ("How many users or requests do you expect at the busiest time?",
         "Expected load decides where performance work is worth it."),
        ("Which operations must feel instant, and which may take a while?",
         "Latency budgets tell you where to cache and what to run in the background."),
    ),
    "testing": (
        ("How will you check that a change did not break existing behaviour?",
         "Automated regression tests make every later change cheaper."),
        ("Which parts of the system are the riskiest to get wrong?",
         "Testing effort belongs where mistakes cost the most."),
        ("How will you test against real services and real data?",
         "Tests against the real thing catch what mocks hide."),
        ("Who decides that a release is good enough to ship?",
         "A clear release criterion stops endless polishing and risky rushing."),
    ),
    "code_quality": (
        ("Which conventions will the code follow, and how are they checked?",
         "Shared, automated conventions keep reviews about design, not style."),
        ("How are changes reviewed before they are merged?",
         "Review catches design problems while they are still cheap to fix."),
    ),
    "deployment": (
        ("Where will the system run, and who operates it?",
         "The runtime environment shapes configuration, packaging and support."),
        ("How is a new version rolled out, and how is it rolled back?",
         "A tested rollback turns a bad release into a minor incident."),
        ("How are configuration and secrets provided to each environment?",
         "Environment-specific settings are a common source of outages."),
        ("What has to be true before the first production release?",
         "A launch checklist catches what everyone assumed someone else did."),
    ),
    "monitoring": (
        ("How will you learn that the system is failing before users tell you?",
         "Monitoring and alerts shorten the time from failure to fix."),
        ("Which numbers will tell you whether the system is healthy?",
         "A few well-chosen metrics beat a wall of dashboards."),
    ),
}  # fmt: skip

QUESTIONS: Mapping[str, Sequence[_Question]] = {
    category: tuple(
        _Question(f"{category}.{number}", text, why)
        for number, (text, why) in enumerate(templates, start=1)
    )
    for category, templates in _TEMPLATES.items()
}
"""The template questions of each category, asked in order, each with why it matters."""

COVERAGE: Mapping[str, Mapping[str, int]] = {
    "planning": {"goals": 3, "users": 2, "requirements": 3, "constraints": 2, "tech_stack": 1,
                 "security": 1},
    "design": {"requirements": 2, "architecture": 3, "data": 2, "tech_stack": 3, "security": 2,
               "performance": 2},
    "development": {"testing": 3, "code_quality": 2, "security": 2, "performance": 2,
                    "architecture": 1},
    "testing": {"testing": 4, "performance": 2, "security": 2, "deployment": 1},
    "deployment": {"deployment": 4, "security": 2, "monitoring": 2, "performance": 1},
    "completed": {"monitoring": 2, "deployment": 1, "goals": 1},
}  # fmt: skip
"""Per phase, the categories that matter and how many answers each needs."""


def _coverage(history: Sequence[HistoryMessage]) -> tuple[Counter[str], set[str], str | None]:
    """Answers per category, the question ids asked, and the category of the last question."""
    answered: Counter[str] = Counter()
    asked: set[str] = set()
    last: str | None = None
    for message in history:
        kind, category = message.meta.get("kind"), message.meta.get("category")
        if kind == "question" and isinstance(category, str):
            asked.add(str(message.meta.get("question", "")))
            last = category
        elif kind == "answer" and isinstance(category, str):
            answered[category] += 1
    return answered, asked, last


class CounselorAgent:
    """Asks the next Socratic question for the project's phase, and records answers."""

    name = "counselor"
    actions = frozenset({"ask", "answer"})
    history = 500
    """How many of its earlier messages in the project it reads (its questions and answers)."""

    def run(self, request: AgentRequest) -> AgentResponse:
        """Ask the next question for the project's phase, or record an answer.

        Args:
            request: The request; `history` holds the questions and answers so far.

        Returns:
            The question and why it matters (with its category and id in `data["meta"]`), or,
            for `answer`, an acknowledgement (the answer's category in `data["task_meta"]`).
        """
        answered, asked, last = _coverage(request.history)
        if request.action == "answer":
            return _answer(request, last)
        targets = COVERAGE.get(request.phase or "planning", COVERAGE["planning"])
        order = list(targets)
        ranked = sorted(order, key=lambda c: (answered[c] / targets[c], order.index(c)))
        for category in ranked:
            for question in QUESTIONS[category]:
                if question.id not in asked:
                    return _ask(category, question, answered[category], targets[category])
        phase = request.phase or "planning"
        return AgentResponse(
            text=f"Which of your earlier answers about the {phase} phase would you revisit?\n\n"
            "Why this matters: every template question for this phase has been asked; "
            "revisiting an answer is how assumptions get tested.",
            data={"meta": {"kind": "question", "category": "review", "question": "review"}},
        )


def _ask(category: str, question: _Question, answers: int, target: int) -> AgentResponse:
    label = category.replace("_", " ")
    why = f"Why this matters: {question.why} ({label}: {answers} of {target} answers so far)"
    meta = {"kind": "question", "category": category, "question": question.id}
    return AgentResponse(text=f"{question.text}\n\n{why}", data={"meta": meta})


def _answer(request: AgentRequest, last: str | None) -> AgentResponse:
    if not request.task.strip():
        return AgentResponse(text="There is no answer to record: the task was empty.")
    category = last or "general"
    label = category.replace("_", " ")
    return AgentResponse(
        text=f"Noted: your answer counts towards {label}.",
        data={
            "task_meta": {"kind": "answer", "category": category},
            "meta": {"kind": "acknowledgement", "category": category},
        },
    )
