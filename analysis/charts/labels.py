"""The words on the charts, in Chinese and English.

Titles, axis labels and legend entries live here, one key per word, so that every chart exists in
both languages and a translator finds them in one place. Names that belong to the drill (roles,
groups, milestones, services, tasks, capabilities, actions) are not here: they come from the
record's organisation and scenario and from the metrics, which carry them in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
    # common
    "drill_time": {"zh": "演练时间（时:分）", "en": "Drill time (h:mm)"},
    "role": {"zh": "角色", "en": "Role"},
    "none": {"zh": "无数据", "en": "no data"},
    # swimlane
    "swimlane_title": {"zh": "演练时间线（按角色）", "en": "Drill timeline by role"},
    "inject_received": {"zh": "收到情景注入", "en": "Inject received"},
    "action_taken": {"zh": "采取行动", "en": "Action taken"},
    "message_sent": {"zh": "发送消息 / 下达指令", "en": "Message or instruction sent"},
    "milestone_reached": {"zh": "里程碑达成", "en": "Milestone reached"},
    "milestones_lane": {"zh": "里程碑", "en": "Milestones"},
    # milestones
    "milestones_title": {"zh": "里程碑用时与目标", "en": "Milestone time against target"},
    "elapsed_axis": {"zh": "自起算事件起的用时（时:分）",
                     "en": "Time since the milestone's starting event (h:mm)"},
    "target": {"zh": "目标", "en": "Target"},
    "on_time": {"zh": "按时", "en": "On time"},
    "late": {"zh": "超时", "en": "Late"},
    "missed": {"zh": "未达成", "en": "Not reached"},
    "not_required": {"zh": "不要求", "en": "not required"},
    "not_started": {"zh": "未开始计时", "en": "clock not started"},
    # radar
    "radar_title": {"zh": "能力评估", "en": "Capability ratings"},
    "no_score": {"zh": "无评分", "en": "no score"},
    "rating_scale": {"zh": "P 熟练 · S 基本胜任 · M 需较大改进 · U 无法执行",
                     "en": "P performed · S some challenges · M major challenges · U unable"},
    # impact
    "impact_title": {"zh": "业务影响与关键决策", "en": "Business impact and key decisions"},
    "share_axis": {"zh": "占平时的比例", "en": "Share of normal"},
    "orders_ratio": {"zh": "订单量（相对平时）", "en": "Orders (vs normal)"},
    "availability": {"zh": "可用性", "en": "availability"},
    "money_lost": {"zh": "累计经济损失", "en": "Money lost (cumulative)"},
    "money_axis": {"zh": "累计经济损失（万元）", "en": "Money lost (CNY million)"},
    # network
    "network_title": {"zh": "沟通网络", "en": "Communication network"},
    "density": {"zh": "密度", "en": "density"},
    "centralisation": {"zh": "中心化", "en": "centralisation"},
    "fragmentation": {"zh": "碎片化", "en": "fragmentation"},
    "no_messages": {"zh": "演练中没有角色之间的沟通", "en": "No communication between roles"},
    # utilisation
    "utilisation_title": {"zh": "团队利用率", "en": "Team utilisation"},
    "waits_title": {"zh": "任务等待", "en": "Tasks waiting"},
    "utilisation_axis": {"zh": "利用率（忙碌人时 / 可用人时）",
                         "en": "Utilisation (busy / available staff time)"},
    "waited_axis": {"zh": "任务等待人手或工具的时间（分钟）",
                    "en": "Tasks waiting for staff or tools (minutes)"},
    "headcount": {"zh": "人", "en": "staff"},
}
"""Chart words by key, each ``{"zh": ..., "en": ...}``."""


def word(key: str, lang: str) -> str:
    """A chart word in ``lang``.

    Args:
        key: A key of :data:`WORDS`.
        lang: ``zh`` or ``en``.

    Raises:
        KeyError: ``key`` is not a chart word.
        ValueError: ``lang`` is neither ``zh`` nor ``en``.
    """
    return WORDS[key][_checked(lang)]


def local(text: Mapping[str, str] | Any, lang: str, default: str = "") -> str:
    """A bilingual text from the record or the metrics (``{zh, en}`` or a ``Text``) in ``lang``.

    Args:
        text: A ``{"zh": ..., "en": ...}`` mapping, an object with ``get(lang)`` such as
            :class:`simulator.text.Text`, or None.
        lang: ``zh`` or ``en``.
        default: What to return when ``text`` is None or lacks the language.
    """
    if text is None:
        return default
    found = text.get(_checked(lang))
    return found if found else default


def _checked(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang
