"""``laborbot content check``: validate every content file staff edit, and list each problem."""

from __future__ import annotations

from collections.abc import Callable


def _faq() -> list[str]:
    from content.faq import check_topics, load_topics

    return check_topics(load_topics())


def _messages() -> list[str]:
    from content.messages import load_messages

    load_messages()
    return []


def _menu() -> list[str]:
    from content.menu import load_menu

    load_menu()
    return []


def _catalogue() -> list[str]:
    from content.catalogue import load_catalogue

    load_catalogue()
    return []


def _intents() -> list[str]:
    from intents.lexicon import read_lexicon

    read_lexicon()
    return []


CHECKS: dict[str, Callable[[], list[str]]] = {
    "政策问答 content/data/faq": _faq,
    "回复文本 content/data/messages": _messages,
    "自定义菜单 content/data/menu.yaml": _menu,
    "培训目录 content/data/catalogue": _catalogue,
    "理解词表 content/data/intents": _intents,
}


def check_all() -> dict[str, list[str]]:
    """Each content area with its problems (an empty list when it is fine)."""
    results: dict[str, list[str]] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a file that does not load is a problem to report, not a crash
            results[name] = [str(exc)]
    return results
