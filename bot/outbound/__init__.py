"""Everything the service sends outside a passive reply: outbox, budget, shared token, one sender."""

from bot.outbound.outbox import cancel_for_user, enqueue, release_waiting, user_interacted
from bot.outbound.sender import OutboundSender

__all__ = ["OutboundSender", "cancel_for_user", "enqueue", "release_waiting", "user_interacted"]
