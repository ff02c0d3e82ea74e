"""Core commands: ``serve``, ``db upgrade``, ``menu push``, ``chat``."""

from __future__ import annotations

import typer

from bot.settings import get_settings


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="数据库")
    menu_app = typer.Typer(help="公众号自定义菜单")
    app.add_typer(db_app, name="db")
    app.add_typer(menu_app, name="menu")

    @app.command()
    def serve(
        dev: bool = typer.Option(False, "--dev", help="开发模式：同时启动本地假微信接口和模拟器"),
        host: str = typer.Option(None, help="监听地址（默认取 HOST）"),
        port: int = typer.Option(None, help="端口（默认取 PORT）"),
        workers: int = typer.Option(1, help="进程数（生产环境配合 PostgreSQL 和 Redis）"),
    ) -> None:
        """Start the service (``/wechat``, staff API, and in development the simulator)."""
        import uvicorn

        from bot.logs import configure

        settings = get_settings()
        configure(settings.log_level)
        host = host or settings.host
        port = port or settings.port
        if dev and settings.env != "production":
            from bot.services.training import load_demo_catalogue
            from bot.store.db import Database

            db = Database(settings.database_url)
            brands, courses = load_demo_catalogue(db)
            db.dispose()
            typer.echo(f"演示目录：{brands} 个劳务品牌，{courses} 门课程（标注为示例）")
        if dev and settings.start_fake_wechat and settings.env != "production":
            from bot.devserver import start_fake_for_dev

            start_fake_for_dev(settings, callback_url=f"http://{host}:{port}/wechat")
            typer.echo(f"模拟器：http://{host}:{port}/simulator   （假微信接口：{settings.wechat_api_base}）")
        uvicorn.run(
            "bot.app:asgi",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
            access_log=False,
        )

    @db_app.command("upgrade")
    def db_upgrade(revision: str = typer.Argument("head")) -> None:
        """Apply the database migrations."""
        from bot.store.migrate import upgrade

        upgrade(get_settings().database_url, revision)
        typer.echo("数据库已升级到最新版本。")

    @menu_app.command("push")
    def menu_push() -> None:
        """Send the menu in content/data/menu.yaml to the WeChat API (WECHAT_API_BASE)."""
        from bot.outbound.client import build_client
        from bot.store.db import Database
        from content.menu import load_menu

        settings = get_settings()
        menu = load_menu()
        db = Database(settings.database_url)
        client = build_client(settings, db=db)
        result = client.menu.create(menu_data=menu.to_wechat())
        typer.echo(f"菜单已推送：{result}")
        db.dispose()

    @app.command()
    def chat(
        as_: str = typer.Option("worker", "--as", help="身份：worker / employer / staff，或任意 openid"),
        url: str = typer.Option(None, help="服务地址（默认 http://HOST:PORT）"),
        mode: str = typer.Option(None, help="plain / compatible / safe（默认取 WECHAT_ENCRYPT_MODE）"),
    ) -> None:
        """Chat with the bot in the terminal, as WeChat would deliver your messages."""
        from bot.simulator.terminal import run_terminal_chat

        settings = get_settings()
        run_terminal_chat(
            settings,
            persona=as_,
            base_url=url or f"http://{settings.host}:{settings.port}",
            mode=mode or settings.wechat_encrypt_mode,
        )
