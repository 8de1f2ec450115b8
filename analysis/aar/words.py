"""The after-action report's words in Chinese and English.

Headings and labels live in :data:`WORDS` (one key per word, ``{"zh": ..., "en": ...}``), the
plan's and the standards' terms (phases, HSEEP ratings, POETE elements, severities,
channels...) in :data:`TERMS`. Names that belong to the drill (roles, groups,
milestones, tasks, tools, services) are not here: they come from the record's organisation and
scenario (:mod:`analysis.aar.records`) and from the metrics, which carry them in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WORDS: dict[str, dict[str, str]] = {
    "title": {"zh": "演练总结评估报告与改进计划", "en": "After-Action Report and Improvement Plan"},
    "hseep": {"zh": "按HSEEP“总结评估报告/改进计划（AAR/IP）”格式编写",
              "en": "In the form of HSEEP's After-Action Report / Improvement Plan (AAR/IP)"},
    "trace": {"zh": "本报告全部数字均由演练日志计算。“#编号”为演练日志的记录序号（seq），可在附录C"
                    "中逐条核对。",
              "en": "Every figure is computed from the drill journal. “#N” is a journal record "
                    "number (seq); Appendix C lists each record cited."},
    "subtitle": {"zh": "{hseep}。演练日期：{date}", "en": "{hseep}. Drill date: {date}"},
    "rating_line": {"zh": "评级：{rating}（得分{score}）", "en": "Rating: {rating}; score {score}"},
    "contents": {"zh": "目录", "en": "Contents"},
    "overview": {"zh": "演练概况", "en": "Exercise overview"},
    "summary": {"zh": "执行摘要", "en": "Executive summary"},
    "findings": {"zh": "分能力的发现", "en": "Findings by capability"},
    "speed": {"zh": "响应速度", "en": "Response speed"},
    "coordination": {"zh": "协同配合", "en": "Coordination"},
    "outcome": {"zh": "事件影响与损失", "en": "Impact and cost"},
    "gbt": {"zh": "GB/T 38645-2020 评估表", "en": "GB/T 38645-2020 evaluation table"},
    "plan": {"zh": "改进计划", "en": "Improvement plan"},
    "follow_up": {"zh": "上次演练改进事项的落实情况", "en": "Last drill's improvement items"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "participants": {"zh": "参演人员", "en": "Participants"},
    "evidence_records": {"zh": "依据记录", "en": "Evidence records"},
    "name": {"zh": "演练名称", "en": "Name"},
    "date": {"zh": "演练日期", "en": "Date"},
    "scenario_id": {"zh": "场景编号 / 随机种子", "en": "Scenario id / seed"},
    "story_start": {"zh": "情景起始时间", "en": "Story starts"},
    "scope": {"zh": "演练范围", "en": "Scope"},
    "risk": {"zh": "风险类型（预案第2节）", "en": "Risk (plan section 2)"},
    "category": {"zh": "事件分类（GB/T 20986-2023）", "en": "Category (GB/T 20986-2023)"},
    "severity": {"zh": "事件级别", "en": "Severity"},
    "severity_changed": {"zh": "{final}（场景设定为{planned}，演练中改定）",
                         "en": "{final} (set in the drill; the scenario said {planned})"},
    "length": {"zh": "演练时长", "en": "Length"},
    "ran_of": {"zh": "实际{ran}，计划{length}（{ended}）", "en": "ran {ran} of {length} ({ended})"},
    "objectives": {"zh": "演练目标（预案里程碑及目标时限）",
                   "en": "Objectives (the plan's milestones and their targets)"},
    "scenario": {"zh": "情景概要", "en": "Scenario"},
    "people": {"zh": "真人", "en": "people"},
    "bot": {"zh": "机器人", "en": "bot"},
    "people_and_bot": {"zh": "真人（部分时间由机器人代演）",
                       "en": "people (a bot part of the time)"},
    "within_after": {"zh": "{after}后{within}内", "en": "within {within} after {after}"},
    "drill_start": {"zh": "演练开始", "en": "the drill's start"},
    "inject_ref": {"zh": "情景注入“{inject}”下发", "en": "inject “{inject}”"},
    "quoted": {"zh": "“{name}”", "en": "“{name}”"},
    "s_speed": {"zh": "响应速度得分{score}：{n}个里程碑中{on_time}个按时达成{rest}。",
                "en": "Response speed scored {score}: {on_time} of {n} milestones on time{rest}."},
    "s_worst": {"zh": "最需关注的里程碑：{items}。",
                "en": "Milestones that need attention most: {items}."},
    "s_late": {"zh": "{name}超时{over}", "en": "{name} {over} late"},
    "s_missed": {"zh": "{name}未达成", "en": "{name} not reached"},
    "s_coordination": {"zh": "协同配合得分{score}：{items}。",
                       "en": "Coordination scored {score}: {items}."},
    "s_outcome": {"zh": "事件影响：{items}。", "en": "Impact: {items}."},
    "s_ratings": {"zh": "{n}项能力评级：{counts}{na}{overridden}。",
                  "en": "{n} capabilities rated: {counts}{na}{overridden}."},
    "s_na": {"zh": "，{n}项本次不适用", "en": "; {n} not applicable"},
    "s_overridden": {"zh": "；评估员改定了{n}项评级", "en": "; the evaluators changed {n}"},
    "s_plan": {"zh": "改进计划共{n}项，其中{urgent}项紧急（90天内完成）。",
               "en": "The improvement plan has {n} item{s}, {urgent} urgent (due within 90 days)."},
    "s_no_plan": {"zh": "本次演练未发现需要改进的事项。",
                  "en": "The drill raised no improvement items."},
    "s_follow": {"zh": "上次演练的{n}项改进事项中，{better}项已改善，{worse}项变差。",
                 "en": "Of last drill's {n} improvement item{s}, {better} improved and {worse} "
                       "got worse."},
    "see": {"zh": "见第{n}节", "en": "see section {n}"},
    "at_a_glance": {"zh": "能力评级一览", "en": "Ratings at a glance"},
    "rating": {"zh": "评级", "en": "Rating"},
    "score": {"zh": "得分", "en": "Score"},
    "rule": {"zh": "评级规则", "en": "Rule"},
    "computed": {"zh": "按规则", "en": "By rule"},
    "final": {"zh": "最终", "en": "Final"},
    "override": {"zh": "评估员将评级由{computed}改为{rating}：{text}",
                 "en": "The evaluators changed the rating from {computed} to {rating}: {text}"},
    "not_applicable": {"zh": "不适用", "en": "not applicable"},
    "na_capability": {"zh": "本次演练没有可用于评价该能力的数据，不予评级。",
                      "en": "The drill gave nothing to rate this capability by."},
    "strengths": {"zh": "优势", "en": "Strengths"},
    "improve": {"zh": "待改进", "en": "Areas for improvement"},
    "other_measures": {"zh": "其他构成项", "en": "Other components"},
    "observations": {"zh": "评估员观察", "en": "Evaluators' observations"},
    "none": {"zh": "无", "en": "none"},
    "ms_on_time": {"zh": "按时达成：{name}（用时{latency}，目标{target}）",
                   "en": "On time: {name} ({latency}, target {target})"},
    "ms_early": {"zh": "按时达成：{name}（在起算事件之前已完成）",
                 "en": "On time: {name} (done before its clock started)"},
    "ms_late": {"zh": "超时：{name}（用时{latency}，目标{target}）",
                "en": "Late: {name} ({latency}, target {target})"},
    "ms_missed": {"zh": "未达成：{name}（目标{target}）",
                  "en": "Not reached: {name} (target {target})"},
    "plan_items": {"zh": "对应改进事项", "en": "Improvement items"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "milestone": {"zh": "里程碑", "en": "Milestone"},
    "phase": {"zh": "阶段", "en": "Phase"},
    "target": {"zh": "目标时限", "en": "Target"},
    "reached": {"zh": "达成时间", "en": "Reached"},
    "latency": {"zh": "用时", "en": "Took"},
    "status": {"zh": "结果", "en": "Status"},
    "evidence": {"zh": "依据", "en": "Evidence"},
    "speed_score": {"zh": "响应速度得分：{score}", "en": "Response speed score: {score}"},
    "injects": {"zh": "情景注入的反应", "en": "Reaction to injects"},
    "inject_summary": {"zh": "共下发{n}条情景注入，反应时间中位数{median}；要求的行动按时完成{met}"
                             "/{all}。",
                       "en": "{n} injects fired; median reaction {median}; expected actions done "
                             "in time: {met} of {all}."},
    "missed_expectation": {"zh": "情景注入 {inject} 要求的“{action}”未在期限内完成",
                           "en": "Inject {inject}: “{action}” not done by its deadline"},
    "coordination_score": {"zh": "协同配合得分：{score}", "en": "Coordination score: {score}"},
    "phase_order": {"zh": "阶段顺序", "en": "Phase order"},
    "phase_order_value": {"zh": "各阶段首次达成的先后与预案一致的程度：{score}。",
                          "en": "Phases reached in the plan's order: {score}."},
    "inversion": {"zh": "“{b}”早于“{a}”", "en": "{b} before {a}"},
    "inversions": {"zh": "顺序颠倒：{items}", "en": "Out of order: {items}"},
    "reports": {"zh": "报告完整性", "en": "Report completeness"},
    "report": {"zh": "报告", "en": "Report"},
    "by": {"zh": "报告人", "en": "By"},
    "time": {"zh": "时间", "en": "Time"},
    "missing": {"zh": "缺少的必填项", "en": "Missing fields"},
    "completeness": {"zh": "完整性", "en": "Complete"},
    "no_reports": {"zh": "演练中没有提交报告。", "en": "No reports were filed."},
    "information": {"zh": "信息传递", "en": "Information latency"},
    "info_value": {"zh": "关键信息送达领导小组指挥与客服组组长的用时：中位数{median}，P90 {p90}；{"
                         "unreached}次未送达。",
                   "en": "Time for facts to reach the leadership's command and the "
                         "customer-service leader: median {median}, p90 {p90}; {unreached} never "
                         "arrived."},
    "fact": {"zh": "信息", "en": "Fact"},
    "first_known": {"zh": "最先获知", "en": "First known"},
    "to_leadership": {"zh": "送达领导小组", "en": "To leadership"},
    "to_cs": {"zh": "送达客服组", "en": "To customer service"},
    "never": {"zh": "未送达", "en": "never"},
    "messages": {"zh": "消息回应", "en": "Message response"},
    "msg_value": {"zh": "消息、指令和报告得到首个回应的用时：中位数{median}，P90 {p90}；{unanswere"
                        "d}条无人回应。",
                  "en": "Time to the first answer to a message, instruction or report: median "
                        "{median}, p90 {p90}; {unanswered} unanswered."},
    "escalations": {"zh": "上报与传达", "en": "Escalations"},
    "check": {"zh": "环节", "en": "Check"},
    "done": {"zh": "是否做到", "en": "Done"},
    "groups": {"zh": "各工作组的行动", "en": "Groups"},
    "group": {"zh": "工作组", "en": "Group"},
    "actions": {"zh": "行动数", "en": "Actions"},
    "by_people": {"zh": "其中真人", "en": "By people"},
    "by_bots": {"zh": "其中机器人", "en": "By bots"},
    "active": {"zh": "有行动", "en": "acted"},
    "silent": {"zh": "未行动", "en": "silent"},
    "tasks": {"zh": "处置任务", "en": "Tasks"},
    "waits": {"zh": "任务等待人员或工具：合计{total}，P90 {p90}，最长{max}。",
              "en": "Tasks waited for staff or tools: {total} in all, p90 {p90}, longest {max}."},
    "duplicate": {"zh": "重复任务：{task}（{target}），任务{ids}",
                  "en": "Duplicate: {task} ({target}), tasks {ids}"},
    "conflict": {"zh": "冲突任务：{target}上的任务{ids}（{roles}）",
                 "en": "Conflict: tasks {ids} on {target} ({roles})"},
    "no_clashes": {"zh": "没有重复或冲突的处置任务。", "en": "No duplicate or conflicting tasks."},
    "network": {"zh": "沟通网络", "en": "Communication network"},
    "net_value": {"zh": "密度{density}，中心化{centralisation}，碎片化{fragmentation}（{components"
                        "}个连通分量）。",
                  "en": "Density {density}, centralisation {centralisation}, fragmentation "
                        "{fragmentation} ({components} component{s})."},
    "measure": {"zh": "指标", "en": "Measure"},
    "value": {"zh": "数值", "en": "Value"},
    "downtime": {"zh": "停机时长（订单低于平时95%）",
                 "en": "Downtime (orders below 95% of normal)"},
    "orders_lost": {"zh": "损失订单", "en": "Orders lost"},
    "money_lost": {"zh": "经济损失", "en": "Money lost"},
    "records_exposed": {"zh": "泄露记录", "en": "Records exposed"},
    "hosts_infected": {"zh": "受感染主机（峰值）", "en": "Hosts infected (peak)"},
    "complaints": {"zh": "用户投诉", "en": "Complaints"},
    "sentiment_end": {"zh": "舆情（结束时，−1至1）", "en": "Sentiment at the end (−1 to 1)"},
    "sentiment_min": {"zh": "舆情（最低，−1至1）", "en": "Sentiment at its lowest (−1 to 1)"},
    "item": {"zh": "评估项", "en": "Item"},
    "gbt_note": {"zh": "注：九个评估项是本工具对该标准评估内容的归纳（见 analysis/ratings.py），引"
                       "用前请与标准原文核对。",
                 "en": "Note: the nine items are warroom's reading of the standard's evaluation "
                       "content (see analysis/ratings.py); check them against its text before "
                       "citing."},
    "gbt_scale": {"zh": "评分：5分 良好，3分 一般，1分 较差。",
                  "en": "Scores: 5 good, 3 fair, 1 poor."},
    "issue": {"zh": "问题", "en": "Issue"},
    "action": {"zh": "整改措施", "en": "Corrective action"},
    "capability": {"zh": "能力", "en": "Capability"},
    "element": {"zh": "能力要素", "en": "Element"},
    "owner": {"zh": "负责角色", "en": "Owner"},
    "due": {"zh": "完成期限", "en": "Due"},
    "tracked_by": {"zh": "跟踪指标", "en": "Measure"},
    "urgent": {"zh": "紧急", "en": "urgent"},
    "lower_better": {"zh": "越低越好", "en": "lower is better"},
    "higher_better": {"zh": "越高越好", "en": "higher is better"},
    "no_earlier": {"zh": "历史记录中没有更早的演练，本次不作对比。",
                   "en": "No earlier drill recorded; nothing to follow up."},
    "no_items_then": {"zh": "上次演练没有提出改进事项。",
                      "en": "The last drill raised no improvement items."},
    "m_elapsed": {"zh": "累计用时：{name}", "en": "elapsed to {name}"},
    "m_actions": {"zh": "{name}的行动数", "en": "actions by {name}"},
    "m_score": {"zh": "能力得分：{name}", "en": "capability score: {name}"},
    "m_unreached": {"zh": "信息未送达领导小组或客服组的次数",
                    "en": "times a fact never reached leadership or customer service"},
    "m_wait": {"zh": "任务等待时间P90", "en": "task wait (p90)"},
    "m_clashes": {"zh": "重复或冲突的任务数", "en": "duplicate or conflicting tasks"},
    "previous": {"zh": "上次演练：{scenario}，{date}。", "en": "Last drill: {scenario}, {date}."},
    "before": {"zh": "上次", "en": "Then"},
    "now": {"zh": "本次", "en": "Now"},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "never_reached": {"zh": "未达成", "en": "never reached"},
    "who": {"zh": "角色", "en": "Who"},
    "kind": {"zh": "类型", "en": "Kind"},
    "what": {"zh": "事件", "en": "What"},
    "role": {"zh": "角色", "en": "Role"},
    "played_by": {"zh": "扮演者", "en": "Played by"},
    "summary_col": {"zh": "内容", "en": "Summary"},
    "not_in_journal": {"zh": "（日志中没有此记录）", "en": "(not in the journal)"},
    "figure_evidence": {"zh": "图中数据的依据记录", "en": "Records behind this figure"},
    "records_n": {"zh": "共{n}条", "en": "{n} records"},
    "timeline_note": {"zh": "列出情景注入、各角色的行动、里程碑、工具与威胁变化和评估员观察；"
                            "消息与“确认收到”不逐条列出，见第五节“消息回应”与沟通网络。",
                      "en": "Injects, the roles' actions, milestones, tool and threat changes and "
                            "evaluators' observations; messages and acknowledgements are not "
                            "listed one by one (see section 5, message response and the "
                            "network)."},
    "more_records": {"zh": "……另有{n}条，见 metrics.json", "en": "… and {n} more in metrics.json"},
    "fig_swimlane": {"zh": "演练时间线（按角色）", "en": "Drill timeline by role"},
    "fig_milestones": {"zh": "里程碑用时与目标", "en": "Milestones against their targets"},
    "fig_radar": {"zh": "能力评级", "en": "Capability ratings"},
    "fig_impact": {"zh": "业务影响与关键决策", "en": "Business impact and key decisions"},
    "fig_network": {"zh": "沟通网络", "en": "Communication network"},
    "fig_utilisation": {"zh": "团队利用率与任务等待", "en": "Team utilisation and waits"},
    "objective_ref": {"zh": "“{name}”达成", "en": "“{name}”"},
    "how": {"zh": "计算方法", "en": "How it is computed"},
    "s_complete": {"zh": "报告完整性{value}", "en": "reports {value} complete"},
    "s_unreached": {"zh": "{n}项关键信息中有{missed}项未送达领导小组或客服组",
                    "en": "{missed} of {n} facts never reached leadership or customer service"},
    "s_all_reached": {"zh": "关键信息均已送达领导小组和客服组",
                      "en": "every fact reached leadership and customer service"},
    "s_silent": {"zh": "{names}未采取任何行动", "en": "{names} took no action"},
    "s_all_acted": {"zh": "各工作组均有行动", "en": "every group acted"},
    "s_clashes": {"zh": "出现{n}处重复或冲突的处置任务",
                  "en": "{n} duplicate or conflicting task{s}"},
    "s_no_clashes": {"zh": "没有重复或冲突的处置任务", "en": "no duplicate or conflicting tasks"},
    "s_money": {"zh": "经济损失{v}", "en": "{v} lost"},
    "s_no_money": {"zh": "无直接经济损失", "en": "no money lost"},
    "s_downtime": {"zh": "停机{v}", "en": "{v} of downtime"},
    "s_no_downtime": {"zh": "业务未停顿", "en": "no downtime"},
    "s_records": {"zh": "泄露记录{v}条", "en": "{v} records exposed"},
    "s_no_records": {"zh": "无数据泄露", "en": "no records exposed"},
    "s_hosts": {"zh": "受感染主机峰值{v}台", "en": "up to {v} hosts infected"},
    "s_complaints": {"zh": "用户投诉{v}起", "en": "{v} complaints"},
    "measure_now": {"zh": "{label}（本次：{value}；{better}）",
                    "en": "{label} (now {value}; {better})"},
    "elapsed": {"zh": "累计用时/时限", "en": "Elapsed / budget"},
    "component": {"zh": "{name}，得分{value}", "en": "{name}, score {value}"},
    "done_check": {"zh": "做到：{name}", "en": "Done: {name}"},
    "not_done_check": {"zh": "未做到：{name}", "en": "Not done: {name}"},
    "waited": {"zh": "等待{v}", "en": "waited {v}"},
    "s_speed_all": {"zh": "响应速度得分{score}：{n}个里程碑全部按时达成。",
                    "en": "Response speed scored {score}: all {n} milestones on time."},
    "s_late_n": {"zh": "，{n}个超时", "en": ", {n} late"},
    "s_missed_n": {"zh": "，{n}个未达成", "en": ", {n} not reached"},
    "s_plan_calm": {"zh": "改进计划共{n}项，均无需紧急处理，180天内完成。",
                    "en": "The improvement plan has {n} item{s}, none urgent, all due within 180 "
                          "days."},
    "completeness_value": {"zh": "各报告必填项的平均填写率：{score}。",
                           "en": "Required fields filled in, on average over the reports: "
                                 "{score}."},
    "s_speed_none": {"zh": "响应速度得分{score}：{n}个里程碑无一按时达成{rest}。",
                     "en": "Response speed scored {score}: none of {n} milestones on time{rest}."},
    "s_no_complaints": {"zh": "无用户投诉", "en": "no complaints"},
    "evaluators": {"zh": "评估员：{text}", "en": "evaluators: {text}"},
    "no_waits": {"zh": "处置任务没有等待人员或工具。", "en": "No task waited for staff or tools."},
    "na_rating_line": {"zh": "评级：不适用", "en": "Rating: not applicable"},
    "rating_only": {"zh": "评级：{rating}", "en": "Rating: {rating}"},
    "before_anchor": {"zh": "早于起算", "en": "before its start"},
    "other_observations": {"zh": "其他评估员观察（未对应到具体能力）",
                           "en": "Other observations (not tied to a capability)"},
    "pending_expectation": {"zh": "情景注入 {inject} 要求的“{action}”在演练结束时仍未完成（期限未"
                                  "到）",
                            "en": "Inject {inject}: “{action}” still open when the drill ended "
                                  "(before its deadline)"},
}
"""The report's headings and labels by key."""

TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "rating": {"P": ("P 顺利完成", "P (performed without challenges)"),
               "S": ("S 基本完成", "S (performed with some challenges)"),
               "M": ("M 困难较大", "M (performed with major challenges)"),
               "U": ("U 未能完成", "U (unable to be performed)")},
    "status": {"on_time": ("按时", "on time"), "late": ("超时", "late"),
               "missed": ("未达成", "not reached"),
               "not_started": ("未开始计时", "clock not started"),
               "not_required": ("按事件级别无需", "not required at this severity")},
    "phase": {"detect": ("发现", "detection"), "report": ("报告", "report"),
              "instruction": ("研判与指令", "instruction"), "response": ("技术处置", "response"),
              "customer": ("用户沟通", "customer communication"),
              "regulator": ("监管报告", "regulator report"), "logistics": ("后勤保障", "logistics"),
              "recovery": ("恢复", "recovery"), "cleanup": ("现场清理", "cleanup"),
              "post_incident": ("事后报告", "post-incident report")},
    "element": {"Planning": ("规划", "Planning"), "Organization": ("组织", "Organization"),
                "Equipment": ("装备", "Equipment"), "Training": ("培训", "Training"),
                "Exercises": ("演练", "Exercises")},
    "severity": {"I": ("I级（特别重大）", "I (extraordinarily serious)"),
                 "II": ("II级（重大）", "II (serious)"), "III": ("III级（较大）", "III (major)"),
                 "IV": ("IV级（一般）", "IV (general)")},
    "risk": {"ddos": ("DDoS攻击", "DDoS attack"), "data_leak": ("数据泄露", "Data leak"),
             "malware": ("恶意软件感染", "Malware infection"),
             "vulnerability": ("系统漏洞被利用", "Exploited system vulnerability")},
    "category": {"NADOS": ("网络攻击事件—拒绝服务攻击", "network attack: denial of service"),
                 "NAVUL": ("网络攻击事件—漏洞利用", "network attack: vulnerability exploitation"),
                 "MPRW": ("恶意程序事件—勒索软件", "malicious program: ransomware"),
                 "DSDL": ("数据安全事件—数据泄露", "data security: data leak")},
    "ended": {"length": ("演练时长用尽", "length reached"),
              "closed": ("事件已关闭", "incident closed"),
              "facilitator": ("导调结束演练", "ended by the facilitator"),
              "running": ("日志未记录结束", "journal ends before the drill")},
    "verdict": {"better": ("改善", "better"), "worse": ("变差", "worse"), "same": ("持平", "same"),
                "not_measured": ("无法比较", "not measured")},
    "channel": {"traffic_monitor": ("流量监测", "traffic monitor"), "ids": ("入侵检测", "IDS"),
                "edr": ("终端检测", "EDR"), "waf": ("WAF", "WAF"), "phone": ("电话", "phone"),
                "email": ("邮件", "email"), "im": ("即时通讯", "IM"),
                "social_media": ("社交媒体", "social media"), "news": ("新闻媒体", "news"),
                "regulator": ("监管部门", "regulator"), "user_complaint": ("用户投诉", "complaint"),
                "ticket": ("工单", "ticket"), "briefing": ("情况通报", "briefing"),
                "website": ("官网", "website"), "sms": ("短信", "SMS"), "app": ("App", "app")},
    "field": {"time": ("发生时间", "time"), "place": ("发生地点", "place"),
              "type": ("事件类型", "type"), "impact": ("初步影响", "impact"),
              "system": ("涉及系统", "system"), "measures": ("已采取措施", "measures"),
              "contact": ("联系人", "contact"), "description": ("事件描述与影响", "description"),
              "process": ("处置过程与评价", "process"),
              "improvements": ("改进建议", "improvements")},
    "resource": {"staff": ("人员", "staff"), "tools": ("工具", "tools"),
                 "funds": ("经费", "funds")},
    "actor": {"engine": ("系统", "engine"), "facilitator": ("导调", "facilitator"),
              "session": ("会话", "session")},
}
"""Terms of the plan, HSEEP, the standards and the journal: domain → id → (zh, en)."""

SEP = {"zh": "、", "en": ", "}
LONG = 120
"""Free text longer than this is cut to one line in record summaries."""


def say(key: str, lang: str, **values: Any) -> str:
    """The report's word for ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def term(domain: str, key: Any, lang: str) -> str:
    """A term of ``domain`` in ``lang``; an unknown key is shown as it is."""
    found = TERMS[domain].get(key) if key is not None else None
    if found is None:
        return "—" if key is None else str(key)
    return found[0] if lang == "zh" else found[1]


def local(text: Mapping[str, str] | Any, lang: str) -> str:
    """A bilingual text (a ``{zh, en}`` dict or a ``Text``) in ``lang``, else ``""``."""
    if text is None:
        return ""
    if isinstance(text, Mapping):
        return str(text.get(lang) or "")
    return text.get(lang)


def line(text: Any, limit: int = LONG) -> str:
    """Free text on one line, cut at ``limit`` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


