"""What the fake WeChat API believes about the account it plays: credentials, limits and callback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_APP_SECRET, DEV_TOKEN

EncryptMode = Literal["plain", "compatible", "safe"]

DAY_S = 24 * 3600


def _default_daily_quotas() -> dict[str, int]:
    # New accounts get 2,000 token fetches a day; the other figures follow WeChat's published quotas.
    return {
        "/cgi-bin/token": 2000,
        "/cgi-bin/stable_token": 500_000,
        "/cgi-bin/message/custom/send": 500_000,
        "/cgi-bin/message/template/send": 100_000,
        "/cgi-bin/menu/create": 1000,
        "/cgi-bin/media/upload": 100_000,
    }


@dataclass
class FakeConfig:
    """Account, limits and callback settings; every default matches the development settings."""

    accounts: dict[str, str] = field(default_factory=lambda: {DEV_APP_ID: DEV_APP_SECRET})
    original_id: str = "gh_fake_laborbot"

    token_expires_in: int = 7200
    token_grace_s: int = 300
    daily_quotas: dict[str, int] = field(default_factory=_default_daily_quotas)

    custom_window_s: int = 48 * 3600
    custom_after_message: int = 5
    custom_after_event: int = 3
    custom_event_window_s: int = 60

    # template_id -> fields its data must carry
    templates: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {"tpl_dev_notice": ("keyword1", "keyword2")}
    )
    subscribe_templates: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {"sub_dev_notice": ("thing1", "time2")}
    )

    mass_per_user_month: int = 4
    mass_calls_per_minute: int = 60
    mass_dedup_window_s: int = DAY_S
    media_lifetime_s: int = 3 * DAY_S
    followers: tuple[str, ...] = ()

    callback_url: str | None = None
    callback_token: str = DEV_TOKEN
    callback_app_id: str = DEV_APP_ID
    callback_aes_key: str = DEV_AES_KEY
    callback_encrypt: EncryptMode = "plain"
    callback_delay_s: float = 0.05
    callback_timeout_s: float = 5.0

    fault_timeout_cap_s: float = 30.0
    # Oldest calls, messages and callbacks are dropped beyond this, so long benchmarks stay bounded.
    record_limit: int = 100_000
