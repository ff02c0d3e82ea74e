"""Policy questions through /wechat: answers cite the plan, unsure questions get a numbered choice,
out-of-scope questions get an honest fallback, and long answers continue with “更多”."""

from __future__ import annotations

from tests.support import Persona


def test_a_colloquial_question_gets_a_cited_answer(worker: Persona) -> None:
    reply = worker.say("俺想问问那个陪训补贴咋领")
    assert "依据：" in reply and "鲁就办〔2021〕22号" in reply
    assert "12333" in reply or "人社" in reply


def test_voice_without_punctuation_is_understood(worker: Persona) -> None:
    reply = worker.voice("俺想问问那个特色劳务品牌到2025年要建多少个")
    assert "20个" in reply and "依据：" in reply


def test_out_of_scope_and_traps_are_refused_honestly(worker: Persona) -> None:
    for question in ("明天济南天气咋样", "房贷利率现在多少", "驾照怎么考", "养老金怎么领"):
        reply = worker.say(question)
        assert "转人工" in reply and "12333" in reply, question
        assert "依据：" not in reply, question


def test_clarify_then_pick_by_number(worker: Persona) -> None:
    reply = worker.say("补贴")
    if "您是想问" in reply:
        picked = worker.say("1")
        assert "依据：" in picked
    else:
        assert "依据：" in reply


def test_global_commands_work_after_a_question(worker: Persona) -> None:
    worker.say("证书")
    assert "培训报名" in worker.say("菜单")
    assert "人工" in worker.say("转人工")


def test_more_continues_a_long_reply(worker: Persona) -> None:
    # Every answer fits one screen; with nothing left, 更多 says so plainly.
    worker.say("创业担保贷款")
    assert "没有更多" in worker.say("更多")


def test_complaint_is_recorded_for_a_person(worker: Persona, client: object) -> None:
    from sqlmodel import select

    from bot.store.models import HandoffRequest

    reply = worker.say("老板欠了俺三个月工资不给")
    assert "12333" in reply
    with client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
        assert s.exec(select(HandoffRequest)).one().context.startswith("维权")
