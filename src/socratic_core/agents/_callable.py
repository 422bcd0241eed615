"""`CallableAgent`: any chat model behind a function `fn(messages) -> str`.

The adapter builds chat messages (the constraints as the system message; the task, the
specification and the feedback as the user message), calls `fn`, and reads files from the
model's fenced code blocks: a fence whose info string is a path (```` ```src/app.py ````), or
whose first line is `filepath: src/app.py` (or `# filepath: ...`). Wrapping a client takes three
lines and no dependency:

    def chat(messages):
        reply = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
        return reply.choices[0].message.content

    app.agents.register(CallableAgent("gpt", chat, actions=frozenset({"generate", "ask"})))

(An Anthropic-style client takes the system message apart: `client.messages.create(
model=..., system=messages[0]["content"], messages=messages[1:], max_tokens=4096)`, then
`reply.content[0].text`.)
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from socratic_core.agents._threads import call_blocking
from socratic_core.agents._types import AgentRequest, AgentResponse

__all__ = ["CallableAgent", "ChatFunction", "build_messages", "parse_files"]

ChatFunction = Callable[[list[dict[str, str]]], "str | Awaitable[str]"]
"""`fn(messages) -> str` (or an `async def`): chat messages in, the model's text out."""

_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_PATH_INFO = re.compile(r"^[\w.-]+(?:/[\w.-]+)*\.[A-Za-z0-9]+$")
_FILEPATH_LINE = re.compile(r"^\s*(?:#|//)?\s*filepath:\s*(?P<path>\S+)\s*$", re.IGNORECASE)

_SYSTEM = "You are {name}, an agent that does '{action}' tasks for a software project."
_FILES_HINT = "Give every file in a fenced block whose info string is its path: ```src/app.py"


def build_messages(name: str, request: AgentRequest) -> list[dict[str, str]]:
    """Build the chat messages for one request.

    Args:
        name: The agent's name (it introduces itself by it).
        request: The request.

    Returns:
        A system message (role and constraints) and a user message (task, specification,
        feedback with the previous answer).
    """
    system = [_SYSTEM.format(name=name, action=request.action), _FILES_HINT]
    if request.constraints_text:
        system.append(request.constraints_text)
    user = [request.task or f"Do the '{request.action}' task."]
    if request.specification is not None:
        spec = request.specification
        user.append(f"Specification (version {spec.version}): {spec.title}\n\n{spec.content}")
    feedback = request.feedback
    if feedback is not None:
        if feedback.response is not None:
            user.append("Your previous answer:\n\n" + _render(feedback.response))
        user.append(feedback.text)
    return [
        {"role": "system", "content": "\n\n".join(system)},
        {"role": "user", "content": "\n\n".join(user)},
    ]


def _render(response: AgentResponse) -> str:
    parts = [response.text] if response.text else []
    parts += [f"```{path}\n{text.rstrip()}\n```" for path, text in sorted(response.files.items())]
    return "\n\n".join(parts)


def parse_files(text: str) -> tuple[str, dict[str, str]]:
    """Split a model's answer into its prose and the files in its fenced blocks.

    Args:
        text: The model's answer.

    Returns:
        The text outside file blocks, and path -> content for every block that names a path.
    """
    files: dict[str, str] = {}
    prose: list[str] = []
    last = 0
    for match in _FENCE.finditer(text):
        path, body = _block(match["info"].strip(), match["body"])
        if path is None:
            continue
        prose.append(text[last : match.start()])
        last = match.end()
        files[path] = body
    prose.append(text[last:])
    return "".join(prose).strip(), files


def _block(info: str, body: str) -> tuple[str | None, str]:
    candidate = info.rsplit(maxsplit=1)[-1] if info else ""
    candidate = candidate.removeprefix("filepath:").removeprefix("path=")
    if _PATH_INFO.match(candidate):
        return candidate, body
    first, _, rest = body.partition("\n")
    line = _FILEPATH_LINE.match(first)
    if line:
        return line["path"], rest
    return None, body


class CallableAgent:
    """An agent backed by `fn(messages) -> str`: the adapter for real LLMs.

    Args:
        name: The agent's name.
        fn: Chat messages in, the model's text out (a plain function or an `async def`).
        actions: The actions it supports.
    """

    def __init__(
        self, name: str, fn: ChatFunction, *, actions: frozenset[str] = frozenset({"generate"})
    ) -> None:
        self.name = name
        self.actions = actions
        self._fn = fn

    async def run(self, request: AgentRequest) -> AgentResponse:
        """Ask the model, then read its answer's text and files.

        Args:
            request: The request.

        Returns:
            The answer's prose as `text`, its fenced files as `files`.
        """
        messages = build_messages(self.name, request)
        if inspect.iscoroutinefunction(self._fn):
            reply: Any = await self._fn(messages)
        else:  # a blocking client call: off the event loop, in the runner's agent threads
            reply = await call_blocking(self._fn, messages)
            if inspect.isawaitable(reply):
                reply = await reply
        if not isinstance(reply, str):
            raise TypeError(f"{self.name}: fn returned {type(reply).__name__}, not str")
        text, files = parse_files(reply)
        data: Mapping[str, Any] = {"messages": len(messages)}
        return AgentResponse(text=text, files=files, data=data)
