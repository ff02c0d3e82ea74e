"""Checking a worker's answers (name, mobile, ID number, place, priority group) with a specific hint each.

Pure functions: they take the text and return the clean value, or raise ``Invalid`` whose message is
the hint the worker sees before the question is asked again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from intents import gazetteer

MIN_AGE = 16
PRIORITY_GROUPS = (
    "脱贫人口",
    "易地扶贫搬迁群众",
    "农村留守妇女",
    "退役军人",
    "残疾人",
    "失业人员",
    "高校毕业生",
)
NONE_WORDS = ("无", "没有", "都不是", "以上都不是", "不是", "否", "没", "不属于", "跳过", "0")
# Ways people name the groups in chat.
PRIORITY_ALIASES = {
    "脱贫": "脱贫人口",
    "贫困户": "脱贫人口",
    "搬迁": "易地扶贫搬迁群众",
    "留守": "农村留守妇女",
    "退伍": "退役军人",
    "军人": "退役军人",
    "残疾": "残疾人",
    "失业": "失业人员",
    "下岗": "失业人员",
    "毕业生": "高校毕业生",
    "大学生": "高校毕业生",
}
# Words that make an answer a request or a question rather than a name ("取消报名", "我的信息").
NOT_A_NAME = re.compile(
    r"报名|培训|取消|删除|修改|信息|什么|怎么|为什么|不想|不要|不用|不报|我的|知道|可以|同意|课程|手机|电话|"
    r"身份证|工作|多少|哪里|吗$|呢$|吧$|啊$"
)
_NAME = re.compile(r"^[\u4e00-\u9fff·•]{2,15}$|^[A-Za-z][A-Za-z .'-]{1,39}$")


class Invalid(ValueError):
    """An answer that does not fit; the message is the hint shown to the worker."""


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def check_name(text: str) -> str:
    name = re.sub(r"^(我叫|我是|姓名[:：]?|名字[:：]?)", "", _clean(text)).strip()
    if re.search(r"\d", name):
        raise Invalid("姓名里不应有数字。")
    if not _NAME.match(name) or NOT_A_NAME.search(name):
        raise Invalid("请填写您身份证上的真实姓名，2到15个汉字。")
    return name.replace("•", "·")


def check_phone(text: str) -> str:
    digits = re.sub(r"[\s\-－—]", "", _clean(text)).removeprefix("+86")
    if not digits.isdigit():
        raise Invalid("手机号只能是数字。")
    if len(digits) != 11:
        raise Invalid(f"手机号应为11位数字，您输入了{len(digits)}位。")
    if not re.match(r"^1[3-9]\d{9}$", digits):
        raise Invalid("这不像手机号，手机号以13到19开头。")
    return digits


def check_id_number(text: str, *, today: date) -> str:
    """A Chinese resident ID number with a valid check digit and birth date, of working age."""
    number = re.sub(r"[\s\-－—]", "", _clean(text)).upper().replace("Ｘ", "X")
    length = len(re.sub(r"\D", "", number))
    if length == 0:
        raise Invalid("身份证号是18位数字（最后一位可能是X），请照着身份证输入。")
    if not re.fullmatch(r"\d{17}[\dX]|\d{15}", number):
        if re.search(r"[^\dX]", number):
            raise Invalid("身份证号里只能有数字和最后一位的X，请去掉其他字符。")
        raise Invalid(f"身份证号应为18位（最后一位可能是X），您输入了{length}位数字。")
    if len(number) == 15:
        raise Invalid("请填写18位的新身份证号。")
    try:
        ric.validate(number)
    except InvalidChecksum:
        raise Invalid("身份证号的校验位不对，请核对后重新输入（注意最后一位和每一位数字）。") from None
    except (InvalidFormat, InvalidLength):
        raise Invalid("身份证号的格式不对，请核对后重新输入。") from None
    except InvalidComponent:
        # python-stdnum also refuses an area code that did not exist in the birth year, yet people born
        # before a county was renamed (聊城 1997, 滨州 2000…) hold such numbers: only the date and the
        # province are required here; the check digit already caught typing errors.
        _check_date_and_province(number)
    birth = ric.get_birth_date(number)
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < MIN_AGE:
        raise Invalid(f"参加职业技能培训需年满{MIN_AGE}周岁。")
    return number


def _check_date_and_province(number: str) -> None:
    try:
        ric.get_birth_date(number)
    except InvalidComponent:
        raise Invalid("身份证号里的出生日期不对（第7到14位），请核对后重新输入。") from None
    if not any("province" in props for _, props in numdb.get("cn/loc").info(number[:6])):
        raise Invalid("身份证号开头的地区码不对，请核对后重新输入。")


@dataclass(frozen=True)
class PlaceAnswer:
    city: str
    county: str | None  # None: only the city was named, ask for the county next


def check_place(text: str, *, city: str | None = None) -> PlaceAnswer:
    """A Shandong city and county ("济南市历下区", "曹县"); with ``city`` known, a county of that city."""
    answer = _clean(text)
    if city:
        place = gazetteer.resolve(city, answer) or gazetteer.resolve(answer)
    else:
        place = gazetteer.resolve(answer)
    if place is None:
        raise Invalid(
            "没有找到这个地方。目前只服务山东省内，请回复市和区县，比如“济南市历下区”或“菏泽曹县”。"
        )
    return PlaceAnswer(place.city, place.county)


def check_priority(text: str) -> str | None:
    """One of PRIORITY_GROUPS, or None for "无"."""
    answer = _clean(text).rstrip("。.")
    if answer.isdigit():
        index = int(answer)
        if 1 <= index <= len(PRIORITY_GROUPS):
            return PRIORITY_GROUPS[index - 1]
        if index in (0, len(PRIORITY_GROUPS) + 1):
            return None
        raise Invalid(f"请回复1到{len(PRIORITY_GROUPS) + 1}之间的数字。")
    if answer in NONE_WORDS:
        return None
    for group in PRIORITY_GROUPS:
        if group in answer or (answer in group and len(answer) >= 2):
            return group
    for alias, group in PRIORITY_ALIASES.items():
        if alias in answer:
            return group
    raise Invalid("没有对上选项。")
