"""The after-action report and improvement plan (HSEEP AAR/IP), in Chinese or English, md or html.

HSEEP's AAR/IP tells what was exercised and how it went, capability by capability, and turns each
area for improvement into an item with an owner and a date. warroom writes it from the journal's
record and its metrics (:func:`analysis.metrics.compute`), in this order:

1. exercise overview (name, date, scope, objectives, scenario, participants);
2. executive summary: a few sentences from the headline figures, and the ratings at a glance;
3. findings by capability: rating (and the evaluators' override), rule, strengths and areas for
   improvement with their evidence, observations;
4.–6. response speed, coordination, impact and cost: the measurements behind the ratings;
7. the GB/T 38645-2020 evaluation table;
8. the improvement plan; 9. what became of last drill's items (from the history);
appendices: A timeline of the key records, B participants, C every record the report cites.

Every figure carries the ``seq`` numbers of the journal records it was computed from; the HTML
links each to its row in appendix C, so a reader can check any number against the journal. The
text is built here (:meth:`_Report.view`), the layout is in ``templates/aar.{md,html}.j2``; the
same inputs always give the same bytes (the date is the drill's, never today's).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from analysis.aar.records import TIMELINE_KINDS, Names, participants, record_row
from analysis.aar.tables import summary, tables
from analysis.aar.words import SEP, WORDS, local, say, term
from analysis.format import clock, duration, score
from analysis.record import DrillRecord

FORMATS = ("md", "html")
LANGS = ("zh", "en")
CHARTS = ("swimlane", "milestones", "radar", "impact", "network", "utilisation")
"""The chart PNGs the report can show, by the name the report writer saves them under."""

SECTIONS = ("overview", "summary", "findings", "speed", "coordination", "outcome", "gbt", "plan",
            "follow_up")
CHATTER = frozenset({"send_message", "acknowledge"})
"""Actions the timeline leaves out: messages and acknowledgements are counted in the coordination
section (a drill with fifty people sends thousands) and cited where a figure uses them."""

APPENDICES = ("timeline", "participants", "evidence_records")
NUMERALS = "一二三四五六七八九十"
STRONG, WEAK = 0.9, 0.7
"""A component scoring at least STRONG is a strength, below WEAK an area for improvement."""


def render_aar(record: DrillRecord, metrics: dict[str, Any], *, lang: str = "zh", fmt: str = "md",
               charts: dict[str, str] | None = None,
               follow_up: list[dict[str, Any]] | None = None) -> str:
    """The after-action report of one drill as Markdown or HTML.

    Args:
        record: The drill's :class:`analysis.record.DrillRecord`.
        metrics: Its metrics (:func:`analysis.metrics.compute`).
        lang: ``zh`` or ``en``.
        fmt: ``md`` or ``html`` (one self-contained file with inline CSS).
        charts: Chart name (:data:`CHARTS`) → path of its PNG relative to the report; each one
            given is shown in its section with links to its evidence. Other names are ignored.
        follow_up: Last drill's improvement items with their measure then and now (see
            :mod:`analysis.history`); None when no earlier drill is recorded.

    Raises:
        ValueError: ``lang`` or ``fmt`` is not one of the above.
    """
    return render_aars(record, metrics, lang=lang, formats=(fmt,), charts=charts,
                       follow_up=follow_up)[fmt]


def render_aars(record: DrillRecord, metrics: dict[str, Any], *, lang: str = "zh",
                formats: tuple[str, ...] = FORMATS, charts: dict[str, str] | None = None,
                follow_up: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """The after-action report in several formats at once (the report is gathered once).

    Args are those of :func:`render_aar`, with ``formats`` instead of ``fmt``.

    Returns:
        The text of each format, by format.
    """
    if lang not in LANGS or any(fmt not in FORMATS for fmt in formats):
        raise ValueError(f"lang must be zh or en and formats md or html, not {lang!r}, "
                         f"{formats!r}")
    view = _Report(record, metrics, lang, charts or {}, follow_up).view()
    return {fmt: _environment().get_template(f"aar.{fmt}.j2").render(
        **(_md(view) if fmt == "md" else view)) for fmt in formats}


def _md(value: Any) -> Any:
    """Every text of the view made safe for Markdown: one line, no raw HTML, no bare pipes."""
    if isinstance(value, str):
        flat = re.sub(r"\s*[\r\n]+\s*", " ", value)
        return flat.replace("<", "&lt;").replace("|", "\\|")
    if isinstance(value, dict):
        return {key: _md(item) for key, item in value.items()}
    if isinstance(value, Cited):
        return value
    if isinstance(value, list | tuple):
        return [_md(item) for item in value]
    return value


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("analysis.aar", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False,
                                     default_for_string=False),
        undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
        lstrip_blocks=True)


def _joined(text: str) -> str:
    """Text without the spaces a folded YAML line leaves between Chinese characters."""
    return re.sub(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+"
                  r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])", "", text)


def _short(name: str) -> str:
    """A milestone's name without its parenthesised details."""
    for bracket in ("（", " ("):
        if bracket in name and not name.startswith(bracket):
            return name.split(bracket)[0]
    return name


MAX_CITED = 40
"""Records cited for one figure in the report (``metrics.json`` has them all)."""


class Cited(list):
    """Cited ``seq`` numbers, with ``more``: how many were left out."""

    more: int = 0


class _Report:
    """The report's content in one language, every figure with its evidence."""

    def __init__(self, record: DrillRecord, metrics: dict[str, Any], lang: str,
                 charts: dict[str, str], follow_up: list[dict[str, Any]] | None):
        self.r, self.m, self.lang, self.charts, self.follow = (record, metrics, lang, charts,
                                                               follow_up)
        self.n = Names(record, lang)
        self.cited: set[int] = set()
        self.milestones = metrics["speed"]["milestones"]
        self.plan_items = sorted(metrics["improvements"], key=lambda i: not i["urgent"])
        self.item_no = {i["id"]: f"IP-{k}" for k, i in enumerate(self.plan_items, 1)}
        self.caps = {c["capability"]: c for c in metrics["ratings"]["capabilities"]}

    # small helpers -------------------------------------------------------------------------
    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def w(self, key: str, **values: Any) -> str:
        return say(key, self.lang, **values)

    def ev(self, *sources: Any) -> list[int]:
        """The cited records (sorted, unique, the first :data:`MAX_CITED`), kept for appendix C.

        A figure computed from thousands of records (message latency in a big drill) shows its
        first records and says how many more ``metrics.json`` lists, so that the report stays
        readable and small.
        """
        out: set[int] = set()
        for source in sources:
            out.update(int(s) for s in (source or ()))
        shown = Cited(sorted(out)[:MAX_CITED])
        shown.more = max(0, len(out) - MAX_CITED)
        self.cited.update(shown)
        return shown

    def dur(self, seconds: float | None) -> str:
        return duration(seconds, self.lang)

    def join(self, items: list[str]) -> str:
        return SEP[self.lang].join(items) or self.w("none")

    def pct(self, value: float | None) -> str:
        return score(value) if value is not None else self.w("not_applicable")

    def heading(self, key: str) -> str:
        if key in APPENDICES:
            letter = "ABC"[APPENDICES.index(key)]
            return (f"附录{letter}　{self.w(key)}" if self.lang == "zh"
                    else f"Appendix {letter}. {self.w(key)}")
        n = SECTIONS.index(key) + 1
        return f"{NUMERALS[n - 1]}、{self.w(key)}" if self.lang == "zh" else f"{n}. {self.w(key)}"

    def sub(self, section: str, i: int, title: str) -> str:
        if self.lang == "zh":
            return f"（{NUMERALS[i - 1] if i <= 10 else i}）{title}"
        return f"{SECTIONS.index(section) + 1}.{i} {title}"

    def ms_name(self, ms: dict[str, Any], short: bool = True) -> str:
        name = local(ms["name"], self.lang)
        return _short(name) if short else name

    def target(self, ms: dict[str, Any]) -> str:
        after = ms["after"]
        if after is None:
            anchor = self.w("drill_start")
        elif after in self.n.objectives:  # anchored on another milestone
            anchor = self.w("objective_ref",
                            name=_short(local(self.n.objectives[after], self.lang)))
        else:
            anchor = self.w("inject_ref", inject=after)
        return self.w("within_after", after=anchor, within=self.dur(ms["target"]))

    def rating(self, value: Any) -> str:
        return term("rating", value, self.lang) if value else self.w("not_applicable")

    def figure(self, name: str) -> dict[str, Any] | None:
        if name not in self.charts:
            return None
        m, co = self.m, self.m["coordination"]
        tasks = co["tasks"]
        sources = {
            "swimlane": [[e.seq for e in self.r.of("inject.fired", "action.taken")],
                         *(x["evidence"] for x in self.milestones)],
            "milestones": [x["evidence"] for x in self.milestones],
            "radar": [c["evidence"] for c in self.caps.values()],
            "impact": [f["evidence"] for f in m["outcome"].values()],
            "network": [co["network"]["evidence"]],
            "utilisation": [tasks["wait"]["evidence"], *(u["evidence"] for u in
                                                         tasks["utilisation"]),
                            *(t["evidence"] for t in tasks["items"])],
        }
        return {"path": self.charts[name], "title": self.w(f"fig_{name}"),
                "evidence": self.ev(*sources[name])}

    # sections ------------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        d, s = self.m["drill"], self.r.scenario
        severity = term("severity", d["severity"], self.lang)
        if d.get("severity_planned") and d["severity"] != d["severity_planned"]:
            severity = self.w("severity_changed", final=severity,
                              planned=term("severity", d["severity_planned"], self.lang))
        category = getattr(s, "category", None) or "—"
        named = term("category", category, self.lang)
        category += self.paren(named) if named != category else ""
        try:
            when = datetime.fromisoformat(d["starts"])
            starts = when.strftime("%Y-%m-%d %H:%M") + self.paren(f"UTC{when.isoformat()[19:]}")
        except (TypeError, ValueError):
            starts = str(d.get("starts") or "—")
        scope = [(self.w("risk"), term("risk", d.get("risk"), self.lang)),
                 (self.w("category"), category), (self.w("severity"), severity),
                 (self.w("length"), self.w("ran_of", ran=self.dur(d["ran"]),
                                           length=self.dur(d["length"]),
                                           ended=term("ended", d["ended"], self.lang)))]
        people, bots = set(d["people"]), set(d["bots"])
        groups = []
        for gid, group in self.r.org.groups.items():
            roles = [r for r, spec in self.r.org.roles.items() if spec.group == gid]
            played = [self.n.role(r) + self.paren(self.played(r, people, bots)) for r in roles]
            groups.append({"group": local(group.name, self.lang), "roles": self.join(played)})
        return {
            "facts": [(self.w("name"), local(d["title"], self.lang)),
                      (self.w("date"), (d.get("created") or "—")[:10]),
                      (self.w("scenario_id"), f"{d['scenario']} / {d['seed']}"),
                      (self.w("story_start"), starts)],
            "scope": scope,
            "objectives": [self.ms_name(x, short=False) + self.colon + self.target(x)
                           for x in self.milestones],
            "scenario": _joined(local(getattr(s, "summary", None), self.lang)),
            "groups": groups,
        }

    def played(self, role: str, people: set[str], bots: set[str]) -> str:
        if role in people:
            return self.w("people_and_bot") if role in bots else self.w("people")
        return self.w("bot")

    def see(self, section: str) -> str:
        """A pointer to a section, in brackets: （见第四节） / (see section 4)."""
        n = SECTIONS.index(section) + 1
        return (f"（{self.w('see', n=NUMERALS[n - 1])}）" if self.lang == "zh"
                else f" ({self.w('see', n=n)})")

    def findings(self) -> list[dict[str, Any]]:
        observations = {o["seq"]: o for o in self.m["observations"]}
        out = []
        for i, cap in enumerate(self.caps.values(), 1):
            phases = [p["measure"].rsplit(".", 1)[1] for p in cap["components"]
                      if p["measure"].startswith("speed.phase.")]
            strengths, areas, others = [], [], []
            for ms in self.milestones:
                if ms["phase"] in phases and ms["status"] in ("on_time", "late", "missed"):
                    entry = self.ms_line(ms)
                    (strengths if ms["status"] == "on_time" else areas).append(entry)
            for part in cap["components"]:
                if part["measure"].startswith("speed.phase.") or part["value"] is None:
                    continue
                value, name = part["value"], local(part["name"], self.lang)
                if part["measure"].startswith("coordination.escalations."):
                    text = self.w("done_check" if value else "not_done_check", name=name)
                else:
                    text = self.w("component", name=name, value=score(value))
                entry = {"text": text, "evidence": self.ev(part["evidence"])}
                (strengths if value >= STRONG else areas if value < WEAK else others).append(
                    entry)
            override = cap["override"]
            out.append({
                "heading": self.sub("findings", i, local(cap["name"], self.lang)),
                "anchor": f"cap-{cap['capability']}", "rating": cap["rating"] or "—",
                "rating_label": self.rating(cap["rating"]),
                "rating_line": self.rating_line(cap),
                "applies": cap["rating"] is not None,
                "override": None if not override else {
                    "text": self.w("override", computed=cap["computed"] or "—",
                                   rating=override["rating"], text=override["text"]),
                    "evidence": self.ev(override["evidence"])},
                "rule": local(cap["rule"], self.lang), "strengths": strengths, "areas": areas,
                "others": others,
                "plan_refs": [self.item_no[x["id"]] for x in self.plan_items
                              if x["capability"] == cap["capability"]],
                "observations": [self.observation(observations[s]) for s in cap["observations"]
                                 if s in observations],
            })
        return out

    def rating_line(self, cap: dict[str, Any]) -> str:
        if cap["rating"] is None:
            return self.w("na_rating_line")
        if cap["score"] is None:  # rated by the evaluators alone
            return self.w("rating_only", rating=self.rating(cap["rating"]))
        return self.w("rating_line", rating=self.rating(cap["rating"]), score=score(cap["score"]))

    def ms_line(self, ms: dict[str, Any]) -> dict[str, Any]:
        key = {"on_time": "ms_on_time", "late": "ms_late", "missed": "ms_missed"}[ms["status"]]
        if ms["status"] == "on_time" and ms["latency"] is None:
            key = "ms_early"
        text = self.w(key, name=self.ms_name(ms), latency=self.dur(ms["latency"]),
                      target=self.dur(ms["target"]))
        return {"text": text, "evidence": self.ev(ms["evidence"])}

    def paren(self, text: str) -> str:
        """``text`` in brackets after what comes before it ("" for no text)."""
        if not text:
            return ""
        return f"（{text}）" if self.lang == "zh" else f" ({text})"

    def observation(self, o: dict[str, Any]) -> dict[str, Any]:
        return {"time": clock(o["t"]), "rating": o["rating"], "text": o["text"],
                "capability": o["capability"],
                "roles": self.paren(self.n.roles(o["roles"]) if o["roles"] else ""),
                "evidence": self.ev([o["seq"]])}

    def view(self) -> dict[str, Any]:
        """Everything the templates show, as plain strings, numbers and lists."""
        title = local(self.m["drill"]["title"], self.lang)
        date = (self.m["drill"].get("created") or "—")[:10]
        view: dict[str, Any] = {
            "lang": self.lang, "html_lang": "zh-CN" if self.lang == "zh" else "en",
            "colon": self.colon, "sep": SEP[self.lang],
            "doc_title": (f"“{title}”{self.w('title')}" if self.lang == "zh"
                          else f"{self.w('title')}: {title}"),
            "subtitle": self.w("subtitle", hseep=self.w("hseep"), date=date),
            "w": {key: words[self.lang] for key, words in WORDS.items()},
            "h": {key: self.heading(key) for key in SECTIONS + APPENDICES},
            "title": title, "date": date,
            "overview": self.overview(), "summary": summary(self),
            "findings": self.findings(), "figures": {},
        }
        view.update(tables(self))
        ratings = self.m["ratings"]
        matched = {s for r in ratings["capabilities"] + ratings["gbt38645"]
                   for s in r["observations"]}
        view["other_observations"] = [self.observation(o) for o in self.m["observations"]
                                      if o["seq"] not in matched]
        view["figures"] = {name: fig for name in CHARTS if (fig := self.figure(name))}
        view["participants"] = participants(self)
        view["timeline"] = [record_row(self, e) for e in self.r.events
                            if e.kind in TIMELINE_KINDS and not (
                                e.kind == "action.taken" and e.data["action"] in CHATTER)]
        view["evidence"] = [record_row(self, self.r.event(s), s) for s in sorted(self.cited)]
        return view
