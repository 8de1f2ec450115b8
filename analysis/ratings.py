"""Ratings: HSEEP P/S/M/U per capability and the GB/T 38645-2020 evaluation items scored 1/3/5.

Each rating is computed by a stated rule from the measurements: the mean of a few named components
(:mod:`analysis.components`), mapped to a rating by fixed thresholds. The evaluators' observations
(``observation.recorded``, made by the facilitator during the drill or the hotwash) override the
computed rating: the latest observation on a capability or item wins, and both the rule's rating
and the override are shown, so a reader sees where the evaluators disagreed with the numbers.

**Capabilities** follow the plan's process (section 4) in HSEEP's manner: detection, reporting,
command, technical response, public information, regulator reporting, logistics, information
sharing, recovery, post-incident review.

**GB/T 38645-2020 items.** The standard (信息安全技术 网络安全事件应急演练指南) asks a drill's
evaluation to cover how the organisation commanded, detected, reported, decided, handled,
coordinated, informed, supported and recovered. The nine items below are warroom's reading of that
evaluation content; the exact wording of the standard's items was not available to us and should be
checked against its text before the table is cited as the standard's. They live in
:data:`GBT_ITEMS` so an organisation can adjust them.

An observation names its capability by id (``reporting``), by GB/T item (``gbt.reporting``) or by
either name in Chinese or English.
"""

from __future__ import annotations

from typing import Any

from analysis import components as c
from analysis.evidence import num, seqs

HSEEP_THRESHOLDS = ((0.9, "P"), (0.7, "S"), (0.4, "M"))
"""Score at or above which a capability is rated P, S, M; below the last, U."""

GBT_THRESHOLDS = ((0.8, 5), (0.5, 3))
"""Score at or above which a GB/T item is scored 5, 3; below, 1."""

HSEEP_TO_GBT = {"P": 5, "S": 3, "M": 1, "U": 1}
"""An evaluator's P/S/M/U on a GB/T item, as a 1/3/5 score."""


def _ms(phase: str, zh: str, en: str) -> c.Builder:
    return lambda m: c.phase(m, phase, zh, en)


def _esc(check: str) -> c.Builder:
    return lambda m: c.escalation(m, check)


def _full(action: str, zh: str, en: str) -> c.Builder:
    return lambda m: c.completeness(m, action, zh, en)


DETECT = _ms("detect", "发现", "detection")
REPORT = _ms("report", "报告", "report")
INSTRUCT = _ms("instruction", "研判与指令", "assessment and instruction")
RESPOND = _ms("response", "技术处置", "technical response")
CUSTOMER = _ms("customer", "用户沟通", "customer communication")
REGULATOR = _ms("regulator", "监管报告", "regulator report")
LOGISTICS = _ms("logistics", "后勤保障", "logistics")
RECOVER = _ms("recovery", "恢复", "recovery")
CLEANUP = _ms("cleanup", "清理", "cleanup")
POST = _ms("post_incident", "事后报告", "post-incident report")

CAPABILITIES: dict[str, tuple[str, str, tuple[c.Builder, ...]]] = {
    "detection": ("监测与发现", "Detection", (DETECT,)),
    "reporting": ("事件报告", "Incident reporting", (
        REPORT, _full("report_incident", "事件报告", "incident report"),
        _esc("report_to_leadership"))),
    "command": ("指挥与决策", "Command and decision", (
        INSTRUCT, _esc("severity_assessed"), _esc("instruction_to_technical"),
        _esc("instruction_to_customer_service"), c.phase_order)),
    "technical_response": ("技术处置", "Technical response", (RESPOND, c.clean_work)),
    "public_information": ("用户沟通与信息发布", "Public information and customer care", (
        CUSTOMER, _esc("statement_reviewed"))),
    "regulatory": ("监管报告", "Regulator reporting", (
        REGULATOR, _full("report_to_regulator", "监管报告", "regulator report"),
        _esc("regulator_reported"))),
    "logistics": ("后勤保障", "Logistics and resources", (
        LOGISTICS, _esc("resources_approved"), c.waits)),
    "information_sharing": ("协同与信息共享", "Coordination and information sharing", (
        c.information, c.groups_active, c.connected)),
    "recovery": ("恢复与清理", "Recovery and cleanup", (RECOVER, CLEANUP)),
    "post_incident": ("总结与改进", "Post-incident review", (
        POST, _full("file_post_incident_report", "事后报告", "post-incident report"),
        _esc("management_informed"))),
}
"""Capability id → (zh name, en name, components)."""

GBT_ITEMS: dict[str, tuple[str, str, tuple[c.Builder, ...]]] = {
    "command": ("组织指挥", "Organisation and command", (
        c.phase_order, _esc("instruction_to_technical"), _esc("instruction_to_customer_service"),
        c.groups_active)),
    "monitoring": ("监测发现", "Monitoring and detection", (DETECT,)),
    "reporting": ("事件报告", "Incident reporting", (
        REPORT, _full("report_incident", "事件报告", "incident report"),
        _esc("report_to_leadership"))),
    "assessment": ("研判决策", "Assessment and decision", (INSTRUCT,
                                                       _esc("severity_assessed"))),
    "handling": ("应急处置", "Technical handling", (RESPOND, c.clean_work)),
    "coordination": ("协同联动", "Coordination between groups", (c.information, c.connected)),
    "communication": ("信息发布与报送", "Public information and regulator reporting", (
        CUSTOMER, REGULATOR, _esc("statement_reviewed"), _esc("regulator_reported"))),
    "support": ("资源保障", "Resources and support", (
        LOGISTICS, _esc("resources_approved"), c.waits)),
    "recovery": ("恢复与总结", "Recovery and review", (
        RECOVER, CLEANUP, POST, _esc("management_informed"))),
}
"""GB/T 38645 item id → (zh name, en name, components): warroom's reading, see the docstring."""


def hseep(score: float | None) -> str | None:
    """The P/S/M/U rating of a capability score."""
    if score is None:
        return None
    return next((r for floor, r in HSEEP_THRESHOLDS if score >= floor - 1e-9), "U")


def gbt(score: float | None) -> int | None:
    """The 1/3/5 score of a GB/T item score."""
    if score is None:
        return None
    return next((r for floor, r in GBT_THRESHOLDS if score >= floor - 1e-9), 1)


def _rule(parts: list[dict[str, Any]], scale: str) -> dict[str, str]:
    names_zh = "；".join(p["name"]["zh"] for p in parts)
    names_en = "; ".join(p["name"]["en"] for p in parts)
    if scale == "hseep":
        zh = "≥0.9为P，≥0.7为S，≥0.4为M，否则为U"
        en = "≥0.9 P, ≥0.7 S, ≥0.4 M, else U"
    else:
        zh = "≥0.8为5分，≥0.5为3分，否则为1分"
        en = "≥0.8 scores 5, ≥0.5 scores 3, else 1"
    return {"zh": f"以下各项得分（0–1）的平均值：{names_zh}。{zh}；评估员观察记录可覆盖。",
            "en": f"Mean of these scores (0–1): {names_en}. {en}; an evaluator's observation "
                  "overrides it."}


def _matches(observation: dict[str, Any], ids: set[str]) -> bool:
    return observation["capability"].strip().lower() in ids


def _rate(metrics: dict[str, Any], ident: str, zh: str, en: str, builders: tuple[c.Builder, ...],
          scale: str, aliases: set[str]) -> dict[str, Any]:
    parts = [build(metrics) for build in builders]
    scored = [p for p in parts if p["value"] is not None]
    score = sum(p["value"] for p in scored) / len(scored) if scored else None
    computed: Any = hseep(score) if scale == "hseep" else gbt(score)
    seen = [o for o in metrics["observations"] if _matches(o, aliases | {zh.lower(),
                                                                          en.lower()})]
    override = None
    if seen:
        last = seen[-1]
        rating: Any = last["rating"] if scale == "hseep" else HSEEP_TO_GBT[last["rating"]]
        override = {"rating": rating, "text": last["text"], "evidence": [last["seq"]]}
    key = "capability" if scale == "hseep" else "item"
    return {
        key: ident, "name": {"zh": zh, "en": en}, "rule": _rule(parts, scale),
        "components": parts, "score": num(score), "computed": computed, "override": override,
        "rating": override["rating"] if override else computed,
        "observations": [o["seq"] for o in seen],
        "evidence": seqs([s for p in parts for s in p["evidence"]], [o["seq"] for o in seen]),
    }


def ratings(metrics: dict[str, Any]) -> dict[str, Any]:
    """The ratings section, from the speed, coordination and observations sections."""
    return {
        "capabilities": [
            _rate(metrics, cid, zh, en, parts, "hseep", {cid})
            for cid, (zh, en, parts) in CAPABILITIES.items()],
        "gbt38645": [
            _rate(metrics, iid, zh, en, parts, "gbt", {f"gbt.{iid}", f"gbt38645.{iid}"})
            for iid, (zh, en, parts) in GBT_ITEMS.items()],
    }
