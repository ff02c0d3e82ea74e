"""Reply texts for an :class:`Understanding`, as pure functions the bot and the CLI share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from content.faq import Topic
from intents.lexicon import Replies, default_lexicon
from intents.understand import Understanding

ReplyKind = Literal["answer", "clarify", "fallback", "flow"]
FlowReply = Callable[[str, str], str]
MAX_RELATED = 3


@dataclass(frozen=True, slots=True)
class Reply:
    """What the user sees, with the kind and topic kept for logs and tests."""

    kind: ReplyKind
    text: str
    topic: str | None = None


def render_answer(topic: Topic, topics: Mapping[str, Topic], replies: Replies) -> str:
    """The answer, the line naming its source, and up to three related questions."""
    parts = [replies.answer.format(answer=topic.answer.strip()), replies.source.format(source=topic.source)]
    related = [topics[r].title for r in topic.related if r in topics][:MAX_RELATED]
    if related:
        lines = [replies.related_header, *(replies.related_item.format(title=t) for t in related)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_clarify(candidates: list[Topic], replies: Replies) -> str:
    """A numbered list of the topics the question may be about."""
    lines = [replies.clarify_header]
    lines += [replies.clarify_item.format(n=n, title=t.title) for n, t in enumerate(candidates, start=1)]
    lines.append(replies.clarify_footer)
    return "\n".join(lines)


def render_fallback(replies: Replies) -> str:
    """The honest "I don't know" that points to a human and to 12333."""
    return replies.fallback


def default_flow_reply(action: str, text: str, replies: Replies | None = None) -> str:
    """Placeholder until the real flows are wired in: says what the flow for ``action`` will do."""
    replies = replies or default_lexicon().replies
    return replies.flows.get(action, replies.fallback)


def render_reply(
    understanding: Understanding,
    text: str,
    topics: Mapping[str, Topic],
    *,
    flow_reply: FlowReply | None = None,
    replies: Replies | None = None,
) -> Reply:
    """The message to send for ``understanding`` of the user's ``text``."""
    replies = replies or default_lexicon().replies
    if understanding.kind == "action" and understanding.action is not None:
        reply = (
            flow_reply(understanding.action, text)
            if flow_reply
            else default_flow_reply(understanding.action, text, replies)
        )
        return Reply("flow", reply, understanding.action)
    if (
        understanding.kind == "answer"
        and understanding.topic_id is not None
        and understanding.topic_id in topics
    ):
        topic = topics[understanding.topic_id]
        return Reply("answer", render_answer(topic, topics, replies), topic.id)
    choices = [topics[c] for c in understanding.candidates if c in topics]
    if understanding.kind == "clarify" and choices:
        return Reply("clarify", render_clarify(choices, replies))
    return Reply("fallback", render_fallback(replies))
