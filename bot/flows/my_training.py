"""Worker self-service: 我的报名, 取消报名 (the seat goes to the waiting list), 我的信息 (masked),
改手机号 / 改姓名 / 改地区, and 删除我的信息 after an explicit confirmation.

```mermaid
stateDiagram-v2
    [*] --> menu: my_status ("我的报名", "我的信息")
    [*] --> cancel_pick: "取消报名"
    [*] --> edit: "改手机号"
    [*] --> delete: delete_data ("删除我的信息")
    menu --> cancel_pick: 取消报名
    menu --> edit: 改手机号 / 改姓名 / 改地区
    menu --> delete: 删除我的信息
    cancel_pick --> cancel_confirm: 序号 (skipped when only one)
    cancel_confirm --> [*]: 确定 → cancelled, first waiting worker promoted and told
    edit --> [*]: a valid answer, saved at once
    delete --> [*]: 确认删除 → personal data erased
```
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from bot import clock
from bot.flows.base import Flow, Step, Turn
from bot.privacy import mask_name, mask_phone
from bot.services import erasure
from bot.services import training as service
from bot.services.training_inputs import Invalid, check_id_number, check_name, check_phone, check_place
from bot.store import training as store
from bot.store.models import Conversation
from bot.store.training_models import Course, Enrolment
from bot.store.upsert import insert_ignore
from content.messages import t
from intents import gazetteer

WANTS_DELETE = re.compile(r"删除|删掉|清除|注销|不要保存|不想保存")
WANTS_CANCEL = re.compile(
    r"取消(我的|一下|这个|那个)?(报名|培训|课程|候补|课)|不(想)?报(名)?了|不(想)?(去|参加|上)(培训|课)?了|"
    r"退出(报名|培训)|退报|退课"
)
WANTS_PROFILE = re.compile(r"(我的|个人)(信息|资料)|查看信息")
WANTS_EDIT = re.compile(r"改|修改|更改|更换|换")
EDIT_FIELDS = {
    "手机": "phone",
    "电话": "phone",
    "姓名": "name",
    "名字": "name",
    "地区": "place",
    "区县": "place",
    "地址": "place",
    "身份证": "id_number",
}
FIELD_LABELS = {"phone": "手机号", "name": "姓名", "place": "地区", "id_number": "身份证号"}
FIELD_QUESTIONS = {
    "phone": "training_ask_phone",
    "name": "training_ask_name",
    "place": "training_ask_place",
    "id_number": "training_ask_id",
}
YES = re.compile(r"^(确定|确认|是的?|对|好的?|嗯|行|可以|取消吧|确定取消|确认取消|是取消|是的取消|取消)$")
NUMERALS = dict(zip("一二三四五六七八九十", range(1, 11), strict=True)) | {"两": 2}
YES_DELETE = re.compile(r"^(确认删除|确定删除|删除|确认|确定)$")


def _number(text: str) -> int | None:
    """A list number as people type it: "2", "第2个", "二", "第二个"."""
    cleaned = text.strip().rstrip(".、。").removeprefix("第").removesuffix("个").removesuffix("号")
    if cleaned.isdigit():
        return int(cleaned)
    return NUMERALS.get(cleaned)


class MineState(StrEnum):
    menu = "mine:menu"
    cancel_pick = "mine:cancel_pick"
    cancel_confirm = "mine:cancel_confirm"
    edit = "mine:edit"
    delete = "mine:delete"


class MyTrainingFlow(Flow):
    name = "mine"
    title = "查看和修改报名"  # "已取消“我的报名”" would read as if the enrolment itself were cancelled

    def begin(self, turn: Turn, **params: Any) -> Step:
        """What the worker asked for: the list, the profile, a cancellation, an edit or erasure."""
        if params.get("action") == "delete_data":
            return Step(t("training_delete_confirm"), MineState.delete)
        return self._dispatch(turn, turn.text.strip(), fallback=self._status_list)

    def ask(self, state: str, turn: Turn) -> str:
        if state == MineState.cancel_pick:
            return t("training_cancel_pick", items="\n".join(self._lines(turn, self._cancellable(turn))))
        if state == MineState.cancel_confirm:
            _, course = self._chosen(turn)
            return t("training_cancel_confirm", title=course.title, start=service.fmt_date(course.start_date))
        if state == MineState.edit:
            field = str(turn.data.get("field", "phone"))
            return t(FIELD_QUESTIONS[field])
        if state == MineState.delete:
            return t("training_delete_confirm")
        return t("training_mine_options")

    def handle(self, state: str, turn: Turn) -> Step:
        text = turn.text.strip()
        try:
            if state == MineState.cancel_pick:
                return self._pick(turn, text)
            if state == MineState.cancel_confirm:
                return self._cancel(turn, text)
            if state == MineState.edit:
                return self._edit(turn, text)
            if state == MineState.delete:
                return self._delete(turn, text)
        except Invalid as problem:
            return Step.again(str(problem), state)
        return self._dispatch(turn, text, fallback=lambda _turn: Step.elsewhere())

    def _dispatch(self, turn: Turn, text: str, *, fallback: Any) -> Step:
        if WANTS_DELETE.search(text):
            return Step(t("training_delete_confirm"), MineState.delete)
        if WANTS_CANCEL.search(text):
            return self._start_cancel(turn)
        field = next((f for word, f in EDIT_FIELDS.items() if word in text), None)
        if field and WANTS_EDIT.search(text):
            return self._start_edit(turn, field)
        if WANTS_PROFILE.search(text):
            return self._profile(turn)
        result: Step = fallback(turn)
        return result

    # -- 我的报名 / 我的信息 --------------------------------------------------------------------------

    def _status_list(self, turn: Turn) -> Step:
        worker = store.get_worker(turn.session, openid=turn.openid)
        rows = store.worker_enrolments(turn.session, worker_id=worker.id) if worker and worker.id else []
        if not rows:
            return Step(t("training_mine_none"))
        return Step(t("training_mine_list", items="\n".join(self._lines(turn, rows))), MineState.menu)

    def _profile(self, turn: Turn) -> Step:
        worker = store.get_worker(turn.session, openid=turn.openid)
        if worker is None:
            return Step(t("training_mine_no_profile"))
        return Step(
            t(
                "training_mine_profile",
                name=mask_name(worker.name),
                phone=mask_phone(worker.phone),
                id=worker.id_masked or "-",
                place=f"{worker.city or ''}{worker.county or ''}" or "-",
                group=worker.priority_group or t("training_group_none"),
            ),
            MineState.menu,
        )

    def _lines(self, turn: Turn, rows: list[tuple[Enrolment, Course]]) -> list[str]:
        return [
            t(
                "training_mine_item",
                n=n,
                title=course.title,
                start=service.fmt_date(course.start_date),
                status=self._status(turn, enrolment),
            )
            for n, (enrolment, course) in enumerate(rows, start=1)
        ]

    @staticmethod
    def _status(turn: Turn, enrolment: Enrolment) -> str:
        if enrolment.status == "waitlisted":
            position = store.waitlist_position(turn.session, enrolment=enrolment)
            return t("training_status_waitlisted", position=position)
        if enrolment.status == "enrolled":
            for mark in ("certified", "completed", "attended"):
                if getattr(enrolment, f"{mark}_at") is not None:
                    return t(f"training_status_{mark}")
        return t(f"training_status_{enrolment.status}")

    # -- 取消报名 --------------------------------------------------------------------------------------

    def _cancellable(self, turn: Turn) -> list[tuple[Enrolment, Course]]:
        worker = store.get_worker(turn.session, openid=turn.openid)
        if worker is None or worker.id is None:
            return []
        today = service.today_cn()
        return [
            (e, c)
            for e, c in store.worker_enrolments(turn.session, worker_id=worker.id, active_only=True)
            if c.end_date >= today
        ]

    def _start_cancel(self, turn: Turn) -> Step:
        rows = self._cancellable(turn)
        if not rows:
            return Step(t("training_cancel_none"))
        turn.data["cancellable"] = [e.id for e, _ in rows]
        if len(rows) == 1:
            turn.data["chosen"] = rows[0][0].id
            return Step(self.ask(MineState.cancel_confirm, turn), MineState.cancel_confirm)
        return Step(self.ask(MineState.cancel_pick, turn), MineState.cancel_pick)

    def _pick(self, turn: Turn, text: str) -> Step:
        ids: list[int] = list(turn.data.get("cancellable") or [])
        number = _number(text)
        if number is None and self._other_wish(turn, text):
            return self._dispatch(turn, text, fallback=lambda _turn: Step.elsewhere())
        if number is None or not 1 <= number <= len(ids):
            raise Invalid(f"请回复1到{len(ids)}之间的序号。")
        turn.data["chosen"] = ids[number - 1]
        return Step(self.ask(MineState.cancel_confirm, turn), MineState.cancel_confirm)

    @staticmethod
    def _other_wish(turn: Turn, text: str) -> bool:
        """Not an answer but another request ("我的信息", "有什么培训")."""
        if WANTS_DELETE.search(text) or WANTS_PROFILE.search(text) or WANTS_EDIT.search(text):
            return True
        understood = turn.app.understander.understand(text)
        return understood.kind == "action" and understood.action not in (None, "menu")

    def _chosen(self, turn: Turn) -> tuple[Enrolment, Course]:
        enrolment = turn.session.get(Enrolment, int(turn.data["chosen"]))
        assert enrolment is not None
        course = turn.session.get(Course, enrolment.course_id)
        assert course is not None
        return enrolment, course

    def _cancel(self, turn: Turn, text: str) -> Step:
        """确定 cancels; the seat goes to the first waiting worker, who is told through the outbox."""
        answer = text.rstrip("。！!.")
        if not (YES.match(answer) or WANTS_CANCEL.fullmatch(answer)):
            return Step(t("training_cancel_kept"))
        enrolment, course = self._chosen(turn)
        worker = store.get_worker(turn.session, openid=turn.openid)
        if worker is None or enrolment.worker_id != worker.id:
            return Step(t("training_cancel_none"))
        service.cancel_enrolment(turn.session, enrolment=enrolment, actor="worker")
        return Step(t("training_cancel_done", title=course.title))

    # -- 改手机号 and the like -------------------------------------------------------------------------

    def _start_edit(self, turn: Turn, field: str) -> Step:
        if store.get_worker(turn.session, openid=turn.openid) is None:
            return Step(t("training_mine_no_profile"))
        turn.data["field"] = field
        return Step(self.ask(MineState.edit, turn), MineState.edit)

    def _edit(self, turn: Turn, text: str) -> Step:
        """Checks the new value like enrolment does, and saves it at once; another request leaves."""
        try:
            return self._save_edit(turn, text)
        except Invalid:
            if not re.search(r"\d", text) and self._other_wish(turn, text):
                return self._dispatch(turn, text, fallback=lambda _turn: Step.elsewhere())
            raise

    def _save_edit(self, turn: Turn, text: str) -> Step:
        field = str(turn.data.get("field"))
        if field == "place":
            answer = check_place(text, city=turn.data.get("place_city"))
            if answer.county is None:
                turn.data["place_city"] = answer.city
                example = next((p.county for p in gazetteer.all_counties() if p.city == answer.city), "")
                return Step(t("training_ask_county", city=answer.city, example=example), MineState.edit)
            self._save(turn, {"city": answer.city, "county": answer.county})
            return Step(t("training_edit_place_done", value=f"{answer.city}{answer.county}"))
        if field == "id_number":
            number = check_id_number(text, today=service.today_cn())
            sealed = service.sealed_id(number, secret=turn.app.settings.id_encryption_key.get_secret_value())
            self._save(turn, sealed)
            return Step(t("training_edit_done", field=FIELD_LABELS[field], value=sealed["id_masked"]))
        value = check_phone(text) if field == "phone" else check_name(text)
        self._save(turn, {field: value})
        shown = mask_phone(value) if field == "phone" else value
        return Step(t("training_edit_done", field=FIELD_LABELS[field], value=shown))

    @staticmethod
    def _save(turn: Turn, fields: dict[str, Any]) -> None:
        worker = store.get_worker(turn.session, openid=turn.openid)
        assert worker is not None
        store.save_worker(turn.session, openid=turn.openid, profile=fields)

    # -- 删除我的信息 ----------------------------------------------------------------------------------

    def _delete(self, turn: Turn, text: str) -> Step:
        """Erases only after an explicit 确认删除; anything else keeps the data."""
        if not YES_DELETE.match(text.rstrip("。！!.")):
            return Step(t("training_delete_kept"))
        erasure.erase_user(turn.session, turn.openid)
        # The foundation's eraser deletes the conversation row the router is about to save: put back an
        # empty one so that save finds its row (it holds no personal data).
        turn.session.flush()
        insert_ignore(
            turn.session,
            Conversation,
            {"openid": turn.openid, "state": None, "data": {}, "updated_at": clock.now()},
        )
        return Step(t("training_delete_done"))
