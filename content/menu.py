"""The custom menu (``content/data/menu.yaml``): validated against WeChat's rules on load."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, model_validator

MENU_FILE = Path(__file__).parent / "data" / "menu.yaml"


class Button(BaseModel):
    name: str = Field(min_length=1)
    type: Literal["click", "view"] | None = None
    key: str | None = Field(default=None, max_length=128)
    url: str | None = None
    action: str | None = None
    sub_buttons: list[Button] = Field(default_factory=list, max_length=5)

    @model_validator(mode="after")
    def _shape(self) -> Button:
        limit = 16 if not self.sub_buttons else 8  # bytes: 4 / 8 Chinese characters as WeChat counts
        if len(self.name.encode("utf-8")) > max(limit, 24):
            raise ValueError(f"菜单名“{self.name}”太长")
        if self.sub_buttons:
            if self.type:
                raise ValueError(f"“{self.name}”有子菜单，不能再设置类型")
            return self
        if self.type == "click" and not (self.key and self.action):
            raise ValueError(f"点击菜单“{self.name}”需要 key 和 action")
        if self.type == "view" and not self.url:
            raise ValueError(f"跳转菜单“{self.name}”需要 url")
        if self.type is None:
            raise ValueError(f"菜单“{self.name}”需要 type 或子菜单")
        return self

    def to_wechat(self) -> dict[str, Any]:
        if self.sub_buttons:
            return {"name": self.name, "sub_button": [b.to_wechat() for b in self.sub_buttons]}
        out: dict[str, Any] = {"type": self.type, "name": self.name}
        if self.type == "click":
            out["key"] = self.key
        else:
            out["url"] = self.url
        return out


class Menu(BaseModel):
    buttons: list[Button] = Field(min_length=1, max_length=3)

    @model_validator(mode="after")
    def _unique_keys(self) -> Menu:
        keys = [b.key for b in self.leaves() if b.key]
        if len(keys) != len(set(keys)):
            raise ValueError("菜单 key 有重复")
        return self

    def leaves(self) -> list[Button]:
        return [leaf for b in self.buttons for leaf in (b.sub_buttons or [b])]

    def click_actions(self) -> dict[str, str]:
        return {b.key: b.action for b in self.leaves() if b.key and b.action}

    def to_wechat(self) -> dict[str, Any]:
        return {"button": [b.to_wechat() for b in self.buttons]}


def load_menu(path: Path = MENU_FILE) -> Menu:
    return Menu.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
