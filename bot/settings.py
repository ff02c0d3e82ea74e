"""One typed settings object, read from the environment and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

# Development values: fine on a laptop, refused in production.
DEV_TOKEN = "laborbot_dev_token"
DEV_APP_ID = "wx_dev_appid"
DEV_APP_SECRET = "dev_app_secret"
DEV_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 chars, as WeChat issues them
DEV_API_TOKEN = "dev-staff-token"
DEV_ID_KEY = "dev-id-number-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    env: Literal["development", "production", "test"] = "development"

    wechat_token: SecretStr = SecretStr(DEV_TOKEN)
    wechat_app_id: str = DEV_APP_ID
    wechat_app_secret: SecretStr = SecretStr(DEV_APP_SECRET)
    wechat_aes_key: SecretStr | None = SecretStr(DEV_AES_KEY)
    wechat_api_base: str = "http://127.0.0.1:8901"
    # plain | compatible | safe: what the account is set to in the WeChat console.
    wechat_encrypt_mode: Literal["plain", "compatible", "safe"] = "safe"
    # "stable_token" does not rotate the token on repeated calls; "token" is the classic endpoint.
    wechat_token_endpoint: Literal["token", "stable_token"] = "token"

    database_url: str = f"sqlite:///{ROOT / 'var' / 'laborbot.db'}"
    redis_url: str | None = None

    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"

    # Staff API bearer token and the key that encrypts ID numbers at rest.
    api_token: SecretStr = SecretStr(DEV_API_TOKEN)
    id_encryption_key: SecretStr = SecretStr(DEV_ID_KEY)

    # Start the fake WeChat API beside the service (development only).
    start_fake_wechat: bool = True
    simulator_enabled: bool = True

    reply_deadline_s: float = 4.0
    replay_window_s: int = 300
    max_body_bytes: int = 64 * 1024
    flow_idle_minutes: int = 30
    scheduler_enabled: bool = True
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env != "production":
            return self
        dev_values = {
            "WECHAT_TOKEN": (self.wechat_token.get_secret_value(), DEV_TOKEN),
            "WECHAT_APP_SECRET": (self.wechat_app_secret.get_secret_value(), DEV_APP_SECRET),
            "WECHAT_AES_KEY": (
                self.wechat_aes_key.get_secret_value() if self.wechat_aes_key else "",
                DEV_AES_KEY,
            ),
            "API_TOKEN": (self.api_token.get_secret_value(), DEV_API_TOKEN),
            "ID_ENCRYPTION_KEY": (self.id_encryption_key.get_secret_value(), DEV_ID_KEY),
        }
        bad = [name for name, (value, dev) in dev_values.items() if value == dev]
        if bad:
            raise ValueError(f"production mode refuses development secrets: set {', '.join(bad)}")
        if self.wechat_app_id == DEV_APP_ID:
            raise ValueError("production mode refuses the development WECHAT_APP_ID")
        if self.start_fake_wechat or self.simulator_enabled:
            raise ValueError("production mode cannot run the fake WeChat API or the simulator")
        if self.wechat_encrypt_mode != "plain" and not self.wechat_aes_key:
            raise ValueError("WECHAT_AES_KEY is required for compatible and safe modes")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
