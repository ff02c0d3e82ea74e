"""Conversation flows: one module per flow, each an explicit state machine (see ``base.Flow``)."""
