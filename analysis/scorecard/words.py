"""The scorecard's words in Chinese and English."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "scorecard": {"zh": "演练记分卡", "en": "Drill scorecard"},
    "page": {"zh": "第{n}页，共{of}页", "en": "page {n} of {of}"},
    "drill_on": {"zh": "演练日期", "en": "Drill date"},
    "severity": {"zh": "事件级别", "en": "Severity"},
    "ran": {"zh": "演练时长", "en": "Ran"},
    "of": {"zh": "计划", "en": "of"},
    "people": {"zh": "真人参演角色", "en": "Roles played by people"},
    "bots": {"zh": "机器人扮演", "en": "played by bots"},
    "none": {"zh": "无", "en": "none"},
    "speed": {"zh": "响应速度得分", "en": "Response speed"},
    "coordination": {"zh": "协同配合得分", "en": "Coordination"},
    "on_time": {"zh": "按时达成的里程碑", "en": "Milestones on time"},
    "money": {"zh": "经济损失", "en": "Money lost"},
    "downtime": {"zh": "停机时长", "en": "Downtime"},
    "records": {"zh": "泄露记录数", "en": "Records exposed"},
    "complaints": {"zh": "用户投诉", "en": "Complaints"},
    "vs_last": {"zh": "上次", "en": "last"},
    "capabilities": {"zh": "各项能力评级（HSEEP：P 顺利完成 / S 基本完成 / "
                           "M 困难较大 / U 未能完成）",
                     "en": "Capability ratings (HSEEP: P performed / S some challenges / "
                           "M major challenges / U unable)"},
    "top_items": {"zh": "优先改进事项", "en": "Top improvement items"},
    "no_items": {"zh": "本次演练未发现需要改进的事项。",
                 "en": "No improvement items in this drill."},
    "owner": {"zh": "负责", "en": "owner"},
    "due": {"zh": "期限", "en": "due"},
    "trace": {"zh": "所有数字均由演练日志计算，可在 metrics.json 与 aar.html 中"
                    "追溯到具体记录（seq）。",
              "en": "Every figure is computed from the drill journal and traceable to its records "
                    "(seq) in metrics.json and aar.html."},
    "area_figures": {"zh": "关键指标", "en": "Key figures"},
    "area_timeline": {"zh": "协同配合：按角色的时间线", "en": "Coordination: timeline by role"},
    "area_network": {"zh": "协同配合：沟通网络", "en": "Coordination: communication network"},
    "inject_median": {"zh": "情景注入反应时间（中位数）", "en": "Reaction to injects (median)"},
    "expected_met": {"zh": "要求的行动按时完成", "en": "Expected actions done in time"},
    "area_speed": {"zh": "响应速度：各里程碑用时与目标", "en": "Response speed: milestones against "
                   "their targets"},
    "area_teams": {"zh": "资源与任务：团队负荷与等待", "en": "Resources and tasks: team load "
                   "and waits"},
    "area_outcome": {"zh": "事件影响与损失", "en": "Impact and cost"},
    "area_ratings": {"zh": "能力评级", "en": "Capability ratings"},
    "area_plan": {"zh": "改进计划", "en": "Improvement plan"},
    "phase_order": {"zh": "阶段顺序符合预案", "en": "Phases in the plan's order"},
    "completeness": {"zh": "报告完整性", "en": "Report completeness"},
    "info_latency": {"zh": "信息传递用时（中位数/P90）", "en": "Information latency "
                     "(median/p90)"},
    "unreached": {"zh": "信息未送达（事实×工作组）", "en": "Facts that never arrived "
                  "(fact × group)"},
    "speed_and_coordination": {"zh": "速度与协同", "en": "Speed and coordination"},
    "msg_latency": {"zh": "消息回应用时（中位数）", "en": "Message response (median)"},
    "escalations": {"zh": "上报/传达环节达成", "en": "Escalations that reached their roles"},
    "silent": {"zh": "未采取行动的工作组", "en": "Groups that stayed silent"},
    "network": {"zh": "沟通网络 密度/中心化/碎片化", "en": "Network density/centralisation/"
                "fragmentation"},
    "waits": {"zh": "任务等待（合计/P90/最长）", "en": "Task waits (total/p90/longest)"},
    "duplicates": {"zh": "重复任务", "en": "Duplicate tasks"},
    "conflicts": {"zh": "冲突任务", "en": "Conflicting tasks"},
    "orders": {"zh": "损失订单", "en": "Orders lost"},
    "hosts": {"zh": "受感染主机（峰值）", "en": "Hosts infected (peak)"},
    "sentiment": {"zh": "舆情（结束时/最低，−1至1）", "en": "Sentiment (end/lowest, −1 to 1)"},
    "gbt_title": {"zh": "GB/T 38645-2020 评估项（1/3/5分）", "en": "GB/T 38645-2020 items "
                  "(scored 1/3/5)"},
    "gbt_note": {"zh": "九项评估内容为本工具对标准评估内容的归纳，引用前请与标准原文核对。",
                 "en": "The nine items are warroom's reading of the standard's evaluation "
                       "content; check them against its text before citing."},
    "item": {"zh": "评估项", "en": "Item"},
    "computed": {"zh": "规则得分", "en": "By rule"},
    "final": {"zh": "最终", "en": "Final"},
    "issue": {"zh": "问题", "en": "Issue"},
    "action": {"zh": "整改措施", "en": "Corrective action"},
    "element": {"zh": "能力要素", "en": "Element"},
    "owner_col": {"zh": "负责角色", "en": "Owner"},
    "due_col": {"zh": "完成期限", "en": "Due"},
    "more_items": {"zh": "另有{n}项，见 aar.html。", "en": "{n} more in aar.html."},
}


def say(key: str, lang: str, **values: object) -> str:
    """The scorecard's word for ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[key][lang]
    return text.format(**values) if values else text
