"""Development conveniences: the fake WeChat API started beside the service by ``make run``."""

from __future__ import annotations

from contextlib import ExitStack
from urllib.parse import urlsplit

from bot.settings import Settings

_stack = ExitStack()


def start_fake_for_dev(settings: Settings, *, callback_url: str) -> str:
    """Serve the fake WeChat API on ``WECHAT_API_BASE``'s port, posting its events to ``callback_url``."""
    from bot.fakewechat import FakeConfig, running_fake_wechat

    parts = urlsplit(settings.wechat_api_base)
    config = FakeConfig(
        accounts={settings.wechat_app_id: settings.wechat_app_secret.get_secret_value()},
        callback_url=callback_url,
        callback_token=settings.wechat_token.get_secret_value(),
        callback_app_id=settings.wechat_app_id,
        callback_aes_key=settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key else "",
        callback_encrypt=settings.wechat_encrypt_mode,
    )
    fake = _stack.enter_context(
        running_fake_wechat(config, host=parts.hostname or "127.0.0.1", port=parts.port or 8901)
    )
    return fake.base_url
