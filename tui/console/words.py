"""Every string of the participant console, in Chinese and English.

Chinese is the primary language: the words are those a Chinese operations team uses (收件箱,
平台状态, 我的职责 ...), not translations of the English. :func:`word` picks one; labels of actions
and their arguments come from :data:`simulator.actions.CATALOGUE` and, for the report forms whose
fields have no label there, from :data:`FIELDS`.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # header and connection
    "connecting": {"zh": "连接中", "en": "connecting"},
    "connected": {"zh": "已连接", "en": "connected"},
    "reconnecting": {"zh": "重新连接中", "en": "reconnecting"},
    "closed": {"zh": "已断开", "en": "disconnected"},
    "paused": {"zh": "已暂停", "en": "PAUSED"},
    "over": {"zh": "演练已结束", "en": "DRILL OVER"},
    "not_started": {"zh": "未开始", "en": "not started"},
    "speed": {"zh": "倍速", "en": "speed"},
    "severity": {"zh": "事件级别", "en": "Severity"},
    # panes
    "inbox": {"zh": "收件箱", "en": "Inbox"},
    "status": {"zh": "平台状态", "en": "Platform status"},
    "duties": {"zh": "我的职责", "en": "My duties"},
    "actions": {"zh": "行动", "en": "Actions"},
    "messages": {"zh": "消息", "en": "Messages"},
    "commands": {"zh": "我的操作", "en": "My commands"},
    "all": {"zh": "全部", "en": "All"},
    "no_items": {"zh": "暂无消息", "en": "Nothing yet"},
    "thread": {"zh": "会话", "en": "Conversation"},
    "read_by": {"zh": "已读：", "en": "read by "},
    "target": {"zh": "目标：", "en": "target: "},
    "unread": {"zh": "尚无人读", "en": "not read yet"},
    "no_measures": {"zh": "暂无可见指标", "en": "No measures visible yet"},
    "detail": {"zh": "详情", "en": "Detail"},
    "time": {"zh": "时间", "en": "Time"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "from": {"zh": "来自", "en": "From"},
    "text": {"zh": "内容", "en": "Text"},
    "engine": {"zh": "系统", "en": "system"},
    # duties
    "done": {"zh": "已完成", "en": "done"},
    "due": {"zh": "待办", "en": "to do"},
    "overdue": {"zh": "已超时", "en": "overdue"},
    "waiting": {"zh": "未触发", "en": "waiting"},
    "milestone_met": {"zh": "里程碑已达成", "en": "milestone met"},
    # commands
    "sent": {"zh": "已发送，等待确认", "en": "sent, waiting"},
    "acked": {"zh": "已确认", "en": "accepted"},
    "rejected": {"zh": "被拒绝", "en": "rejected"},
    "rejected_because": {"zh": "操作被拒绝：{reason}", "en": "Rejected: {reason}"},
    "accepted_as": {"zh": "{action}已提交（#{seq}）", "en": "{action} accepted (#{seq})"},
    "timeout": {"zh": "服务器未及时应答", "en": "the server did not answer in time"},
    # forms
    "submit": {"zh": "提交", "en": "Submit"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "optional": {"zh": "（选填）", "en": " (optional)"},
    "plan_asks": {"zh": "（预案要求填写）", "en": " (the plan asks for it)"},
    "choose": {"zh": "请选择", "en": "Choose"},
    "regulator_due": {"zh": "距上报截止还有 {left}（网信部门要求4小时内）",
                      "en": "{left} left to the deadline (CAC: within 4 hours)"},
    "regulator_late": {"zh": "已超过上报截止时间 {left}", "en": "Past the deadline by {left}"},
    "regulator_unknown": {"zh": "截止时间自收到首条告警起计算", "en":
                          "The deadline runs from the first alert you receive"},
    "reply": {"zh": "回复", "en": "Reply"},
    "compose": {"zh": "写消息", "en": "New message"},
    "none_yet": {"zh": "（暂无可选项）", "en": "(nothing to choose yet)"},
    # keys and help
    "key_actions": {"zh": "行动", "en": "Actions"},
    "key_help": {"zh": "帮助", "en": "Help"},
    "key_quit": {"zh": "退出", "en": "Quit"},
    "key_filter": {"zh": "切换渠道", "en": "Channel"},
    "key_compose": {"zh": "写消息", "en": "Message"},
    "key_reply": {"zh": "回复", "en": "Reply"},
    "key_report": {"zh": "事件报告", "en": "Report"},
    "key_ack": {"zh": "确认收到", "en": "Acknowledge"},
    "help_title": {"zh": "帮助", "en": "Help"},
    "help_keys": {"zh": "按键", "en": "Keys"},
    "help_scoring": {"zh": "评分方式", "en": "How scoring works"},
    "scoring": {
        "zh": "演练按预案的里程碑计分：发现、报告领导小组、按级别下达指令、控制、用户沟通、"
              "需要时向监管部门报告、恢复、清理、事后报告。每个里程碑都有目标时间，"
              "得分看实际用时与目标的差距，也看报告是否完整、各组之间的信息传递是否及时。"
              "每项得分都说明其计算方法，可在演练后的评估报告中核对。",
        "en": "The drill is scored on the plan's milestones: detection, the report to the "
              "leadership group, instructions by severity, containment, user communication, "
              "the regulator report when required, recovery, cleanup and the post-incident "
              "report. Each milestone has a target time; the score compares the time taken "
              "with the target, and also looks at complete reports and how fast information "
              "passed between groups. Every score says how it was computed; check it in the "
              "after-action report.",
    },
    "join_failed": {"zh": "无法加入演练：{reason}", "en": "Could not join the drill: {reason}"},
    "ended": {"zh": "连接已结束：{reason}", "en": "The connection ended: {reason}"},
}
"""UI strings by key and language."""

CHANNELS: dict[str, dict[str, str]] = {
    "traffic_monitor": {"zh": "流量监控", "en": "traffic monitor"},
    "ids": {"zh": "入侵检测", "en": "IDS"},
    "waf": {"zh": "WAF", "en": "WAF"},
    "edr": {"zh": "终端检测", "en": "EDR"},
    "phone": {"zh": "电话", "en": "phone"},
    "email": {"zh": "邮件", "en": "e-mail"},
    "im": {"zh": "即时通讯", "en": "IM"},
    "social_media": {"zh": "社交媒体", "en": "social media"},
    "news": {"zh": "新闻", "en": "news"},
    "regulator": {"zh": "监管部门", "en": "regulator"},
    "user_complaint": {"zh": "用户投诉", "en": "complaint"},
    "ticket": {"zh": "工单", "en": "ticket"},
    "briefing": {"zh": "通报", "en": "briefing"},
    "message": {"zh": "消息", "en": "message"},
    "instruction": {"zh": "指令", "en": "instruction"},
    "report": {"zh": "事件报告", "en": "report"},
    "statement": {"zh": "声明", "en": "statement"},
    "alert": {"zh": "系统告警", "en": "alert"},
}
"""Inbox channels."""

FIELDS: dict[str, dict[str, str]] = {
    "system": {"zh": "涉事系统", "en": "System affected"},
    "measures": {"zh": "已采取的措施", "en": "Measures taken"},
    "contact": {"zh": "联系人及电话", "en": "Contact"},
    "time": {"zh": "发生时间", "en": "Time of occurrence"},
    "type": {"zh": "事件类型", "en": "Incident type"},
    "impact": {"zh": "影响范围与程度", "en": "Impact"},
    "description": {"zh": "事件描述", "en": "Description of the incident"},
    "process": {"zh": "处置过程", "en": "How it was handled"},
    "improvements": {"zh": "改进建议", "en": "Improvements"},
}
"""Labels of report fields that have none in the catalogue."""

MEASURES: dict[str, dict[str, str]] = {
    "availability": {"zh": "可用性", "en": "availability"},
    "load_ratio": {"zh": "负载", "en": "load"},
    "per_min": {"zh": "每分钟", "en": "per min"},
    "ratio": {"zh": "占基线", "en": "of baseline"},
    "lost": {"zh": "损失", "en": "lost"},
    "lost_cny": {"zh": "损失(元)", "en": "lost (CNY)"},
    "total": {"zh": "累计", "en": "total"},
    "backlog": {"zh": "积压", "en": "backlog"},
    "exfiltrated": {"zh": "泄露记录", "en": "exfiltrated"},
    "infected": {"zh": "感染", "en": "infected"},
    "encrypted": {"zh": "加密", "en": "encrypted"},
    "sentiment": {"zh": "舆情", "en": "sentiment"},
    "hosts": {"zh": "主机", "en": "hosts"},
    "records": {"zh": "数据记录", "en": "records"},
    "orders": {"zh": "订单", "en": "orders"},
    "money": {"zh": "资金", "en": "money"},
    "complaints": {"zh": "投诉", "en": "complaints"},
    "storefront": {"zh": "商城前台", "en": "storefront"},
    "checkout": {"zh": "下单支付", "en": "checkout"},
}
"""Words for the parts of measure paths (``storefront.availability`` → 商城前台 可用性)."""


def word(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English, then the key, when missing), formatted."""
    entry = WORDS.get(key) or {}
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def channel_name(channel: str, lang: str) -> str:
    """A channel's name in ``lang``."""
    return CHANNELS.get(channel, {}).get(lang, channel)


def measure_name(path: str, lang: str) -> str:
    """A measure path in words (``storefront.availability`` → ``商城前台 可用性``)."""
    sep = "" if lang == "zh" else " "
    return sep.join(MEASURES.get(part, {}).get(lang, part) for part in path.split("."))


def clock_text(seconds: float) -> str:
    """Sim seconds as ``H:MM:SS``."""
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
