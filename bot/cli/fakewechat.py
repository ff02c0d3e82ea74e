"""``laborbot fake-wechat``: serve the fake WeChat API for the local demo and manual testing."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_APP_SECRET, DEV_TOKEN


def register(app: typer.Typer) -> None:
    app.command("fake-wechat")(fake_wechat)


def fake_wechat(
    port: Annotated[int, typer.Option(help="端口")] = 8901,
    host: Annotated[str, typer.Option(help="监听地址（只用于本机）")] = "127.0.0.1",
    callback_url: Annotated[str | None, typer.Option(help="机器人的回调地址，用于推送事件")] = None,
    token: Annotated[str, typer.Option(help="回调签名用的 Token")] = DEV_TOKEN,
    app_id: Annotated[str, typer.Option(help="公众号 AppID")] = DEV_APP_ID,
    app_secret: Annotated[str, typer.Option(help="公众号 AppSecret")] = DEV_APP_SECRET,
    aes_key: Annotated[str, typer.Option(help="EncodingAESKey（43 位）")] = DEV_AES_KEY,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="以安全模式加密推送的事件")] = False,
) -> None:
    """启动本地的模拟微信接口（fake WeChat API）。"""
    import uvicorn

    from bot.fakewechat import FakeConfig, create_fake_app

    config = FakeConfig(
        accounts={app_id: app_secret},
        callback_url=callback_url,
        callback_token=token,
        callback_app_id=app_id,
        callback_aes_key=aes_key,
        callback_encrypt="safe" if encrypt else "plain",
    )
    typer.echo(f"fake WeChat API on http://{host}:{port}  (admin: /_fake/state, docs: /_fake/docs)")
    uvicorn.run(create_fake_app(config), host=host, port=port, log_level="info", timeout_graceful_shutdown=2)
