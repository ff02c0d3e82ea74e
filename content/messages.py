"""Reply texts staff can edit: ``content/data/messages/*.yaml``, one mapping of key → text per file.

Texts may carry ``{placeholders}``; a file that does not parse, or a text whose placeholders are
malformed, is refused on load with a message naming the file and key.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_DIR = Path(__file__).parent / "data" / "messages"


class ContentError(ValueError):
    """Content that does not validate; the message says which file and what is wrong."""


def load_messages(directory: Path = MESSAGES_DIR) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ContentError(f"{path.name}: YAML 格式错误：{exc}") from None
        if not isinstance(raw, dict):
            raise ContentError(f"{path.name}: 应为“键: 文本”的映射")
        for key, value in raw.items():
            if not isinstance(value, str) or not value.strip():
                raise ContentError(f"{path.name}: {key} 的文本为空或不是字符串")
            if key in texts:
                raise ContentError(f"{path.name}: 键 {key} 与其他文件重复")
            try:
                list(string.Formatter().parse(value))
            except ValueError as exc:
                raise ContentError(f"{path.name}: {key} 的占位符有误：{exc}") from None
            texts[key] = value.strip()
    return texts


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    return load_messages()


def t(key: str, **values: Any) -> str:
    """The text for ``key`` with placeholders filled."""
    text = _texts()[key]
    return text.format(**values) if values else text


def reload() -> None:
    """Drop the cache so edited files are read again (validated first by the caller)."""
    _texts.cache_clear()
