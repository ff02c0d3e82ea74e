"""A fake WeChat official-account API on real HTTP, faithful to the protocol, with injectable faults."""

from bot.fakewechat.app import create_fake_app
from bot.fakewechat.config import FakeConfig
from bot.fakewechat.server import RunningFake, running_fake_wechat
from bot.fakewechat.state import FakeState
from bot.outbound.transport import mount_api_base

__all__ = [
    "FakeConfig",
    "FakeState",
    "RunningFake",
    "create_fake_app",
    "mount_api_base",
    "running_fake_wechat",
]
