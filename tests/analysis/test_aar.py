"""The after-action report (AAR/IP): sections, tables, evidence links, escaping, languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from analysis.aar import APPENDICES, CHARTS, SECTIONS, render_aar
from analysis.aar.words import WORDS, say, term
from analysis.metrics import compute
from analysis.record import load
from simulator.rehearsal import rehearse
from simulator.scenario.loader import load_scenario
from tests.analysis.journals import CREATED, Journal

LANGS = ("zh", "en")
FORMATS = ("md", "html")
CHART_PATHS = {name: f"charts/{name}.png" for name in CHARTS}
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def drills(tmp_path_factory):
    """Two rehearsals with late milestones and urgent improvement items."""
    out = {}
    for scenario, seed in (("ddos-618", 2), ("ransomware-warehouse", 2)):
        journal = rehearse(load_scenario(scenario), seed=seed,
                           out=tmp_path_factory.mktemp(scenario)).journal
        record = load(journal)
        out[scenario] = (record, compute(record), journal)
    return out


@pytest.fixture(scope="module")
def observed():
    """A hand-made drill with evaluators' observations and text that must be escaped."""
    j = Journal()
    j.text = j.text.replace("summary: {zh: 测试, en: Test}",
                            f'summary: {{zh: "{SCRIPT}测试", en: "{SCRIPT} Test"}}')
    j.inject(360, "first-alert", ["network_ops"])
    j.met(700, "report", latency=340, evidence=(j.report(700, "network_ops"),))
    j.sample(720, orders_ratio=0.5, money_lost_cny=123456.0)
    observation = j.add(900, "observation.recorded", "facilitator", capability="reporting",
                        rating="U", text=f"{SCRIPT} The report went to the wrong group",
                        roles=["network_ops"],
                        command={"action": "observation", "args": {}, "id": "o1"})
    j.add(930, "observation.recorded", "facilitator", capability="hotwash", rating="S",
          text="Good energy in the room", roles=[],
          command={"action": "observation", "args": {}, "id": "o2"})
    j.sample(960, orders_ratio=1.0, money_lost_cny=123456.0)
    record = j.record()
    return record, compute(record), observation.seq


def render(drill, lang, fmt, **kw):
    record, metrics = drill[:2]
    return render_aar(record, metrics, lang=lang, fmt=fmt, **kw)


def section(text, fmt, key, lang):
    """The part of the report under one top-level heading, up to the next one."""
    heading = re.escape(_heading(key, lang) if fmt == "md" else str(escape(_heading(key, lang))))
    if fmt == "md":
        found = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    else:
        found = re.search(rf'<section id="{key}">\n<h2>{heading}</h2>(.*?)</section>\n\n',
                          text, re.S)
    assert found, f"no section {key}"
    return found.group(1)


def _heading(key, lang):
    if key in APPENDICES:
        letter = "ABC"[APPENDICES.index(key)]
        return (f"附录{letter}　{say(key, lang)}" if lang == "zh"
                else f"Appendix {letter}. {say(key, lang)}")
    n = SECTIONS.index(key) + 1
    return f"{'一二三四五六七八九'[n - 1]}、{say(key, lang)}" if lang == "zh" else (
        f"{n}. {say(key, lang)}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_section_is_there_in_order(drills, lang, fmt):
    text = render(drills["ransomware-warehouse"], lang, fmt, charts=CHART_PATHS)
    places = []
    for key in SECTIONS + APPENDICES:
        heading = _heading(key, lang)
        marker = f"## {heading}\n" if fmt == "md" else f"<h2>{escape(heading)}</h2>"
        assert marker in text, key
        places.append(text.index(marker))
    assert places == sorted(places)
    for key in ("strengths", "improve", "injects", "at_a_glance"):
        assert say(key, lang) in text if fmt == "md" else escape(say(key, lang)) in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_improvement_plan_has_one_row_per_item_with_owner_and_due_date(drills, lang, fmt):
    record, metrics, _ = drills["ransomware-warehouse"]
    items = metrics["improvements"]
    assert items and any(i["urgent"] for i in items)
    text = section(render(drills["ransomware-warehouse"], lang, fmt), fmt, "plan", lang)
    rows = (re.findall(r"^\| IP-\d+.*$", text, re.M) if fmt == "md"
            else re.findall(r'<tr id="ip-\d+">.*?</tr>', text, re.S))
    assert len(rows) == len(items)
    urgent_first = [say("urgent", lang) in row for row in rows]
    assert urgent_first == sorted(urgent_first, reverse=True)
    for row, item in zip(rows, sorted(items, key=lambda i: not i["urgent"]), strict=True):
        assert record.org.roles[item["owner"]].name.get(lang) in row
        assert item["due"] in row
        assert item["issue"][lang].replace("|", "\\|") in row.replace("&#34;", '"')
        assert term("element", item["element"], lang) in row


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_gbt_table_has_nine_items_and_the_note(drills, lang, fmt):
    metrics = drills["ddos-618"][1]
    text = section(render(drills["ddos-618"], lang, fmt), fmt, "gbt", lang)
    rows = (re.findall(r"^\| \d \|.*$", text, re.M) if fmt == "md"
            else re.findall(r'<tr><td class="n">\d</td>.*?</tr>', text, re.S))
    assert len(rows) == 9
    for row, item in zip(rows, metrics["ratings"]["gbt38645"], strict=True):
        assert item["name"][lang] in row and str(item["rating"]) in row
    assert (say("gbt_note", lang) if fmt == "md" else escape(say("gbt_note", lang))) in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_capability_appears_with_its_final_rating(drills, lang, fmt):
    metrics = drills["ransomware-warehouse"][1]
    text = section(render(drills["ransomware-warehouse"], lang, fmt), fmt, "findings", lang)
    for cap in metrics["ratings"]["capabilities"]:
        name = re.escape(cap["name"][lang])
        label = term("rating", cap["rating"], lang) if cap["rating"] else say(
            "not_applicable", lang)
        found = re.search(rf"{name}</h3>\n.*?</strong>" if fmt == "html"
                          else rf"### .*{name}\n\n\*\*.*?\*\*", text, re.S)
        assert found and label in found.group(0), cap["capability"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_override_shows_both_ratings_and_the_evaluators_text(observed, lang, fmt):
    record, metrics, seq = observed
    cap = next(c for c in metrics["ratings"]["capabilities"] if c["capability"] == "reporting")
    assert cap["computed"] == "P" and cap["rating"] == "U"
    text = render(observed, lang, fmt)
    findings = section(text, fmt, "findings", lang)
    said = "由P改为U" if lang == "zh" else "from P to U"
    assert said in findings
    assert "The report went to the wrong group" in findings
    assert (f'href="#seq-{seq}"' if fmt == "html" else f"#{seq}") in findings
    assert record.org.roles["network_ops"].name.get(lang) in findings  # the roles observed


@pytest.mark.parametrize("lang", LANGS)
def test_html_evidence_links_all_land_on_one_record_each(drills, lang):
    for drill in drills.values():
        text = render(drill, lang, "html", charts=CHART_PATHS)
        links = set(re.findall(r'href="#seq-(\d+)"', text))
        ids = re.findall(r'id="seq-(\d+)"', text)
        assert links and len(ids) == len(set(ids))
        assert links == set(ids)
        record = drill[0]
        for seq in ids:
            assert record.event(int(seq)) is not None
        anchors = set(re.findall(r'id="([^"]+)"', text))
        for target in re.findall(r'href="#([^"]+)"', text):
            assert target in anchors, target


@pytest.mark.parametrize("lang", LANGS)
def test_each_figure_given_is_an_image_with_links_to_its_evidence(drills, lang):
    drill = drills["ransomware-warehouse"]
    some = {name: CHART_PATHS[name] for name in ("milestones", "radar", "network")}
    text = render(drill, lang, "html", charts=some)
    figures = dict(re.findall(r'<figure id="fig-(\w+)">(.*?)</figure>', text, re.S))
    assert set(figures) == set(some)
    milestones = {s for m in drill[1]["speed"]["milestones"] for s in m["evidence"]}
    for name, body in figures.items():
        assert f'<a href="{some[name]}"><img src="{some[name]}"' in body
        assert re.search(r'href="#seq-\d+"', body)
    cited = {int(s) for s in re.findall(r'href="#seq-(\d+)"', figures["milestones"])}
    assert cited == milestones
    assert "charts/impact.png" not in text
    md = render(drill, lang, "md", charts=some)
    assert f"![{say('fig_radar', lang)}](charts/radar.png)" in md


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_from_the_journal_is_escaped(observed, fmt):
    for lang in LANGS:
        text = render(observed, lang, fmt)
        assert "<script" not in text
        assert "&lt;script&gt;" in text if fmt == "html" else "&lt;script>" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_words_of_the_other_language_in_headings(drills, fmt):
    drill = drills["ransomware-warehouse"]
    zh, en = (render(drill, lang, fmt, charts=CHART_PATHS) for lang in LANGS)
    keys = ("overview", "summary", "findings", "speed", "coordination", "outcome", "plan",
            "follow_up", "timeline", "participants", "evidence_records", "strengths", "improve",
            "objectives", "at_a_glance", "how", "tracked_by")
    for key in keys:
        assert WORDS[key]["en"] not in zh, key
        assert WORDS[key]["zh"] not in en, key
    pattern = r"^#+ (.*)$" if fmt == "md" else r"<(?:h\d|th)>(.*?)</(?:h\d|th)>"
    for heading in re.findall(pattern, en, re.M):
        assert not re.search(r"[\u4e00-\u9fff]", heading), heading
    for heading in re.findall(pattern, zh, re.M):
        assert not re.search(r"\b(?:the|of|and|Appendix|Section)\b", heading), heading


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_same_inputs_give_the_same_bytes(drills, observed, lang, fmt):
    for drill in (*drills.values(), observed):
        first = render(drill, lang, fmt, charts=CHART_PATHS)
        assert render(drill, lang, fmt, charts=CHART_PATHS) == first
    fresh = load(drills["ddos-618"][2])  # the same journal read again
    assert render((fresh, compute(fresh)), lang, fmt) == render(drills["ddos-618"], lang, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_observation_on_no_known_capability_is_still_reported(observed, lang, fmt):
    findings = section(render(observed, lang, fmt), fmt, "findings", lang)
    heading = say("other_observations", lang)
    assert (heading if fmt == "md" else escape(heading)) in findings
    assert "hotwash" in findings and "Good energy in the room" in findings


def test_the_drill_date_is_the_journal_date_not_today(observed):
    text = render(observed, "en", "md")
    assert f"Drill date: {CREATED[:10]}" in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_last_drills_items_are_followed_up(drills, lang, fmt):
    drill = drills["ddos-618"]
    follow_up = [
        {"id": "milestone:report", "issue": {"zh": "超时：报告", "en": "Late: report"},
         "measure": "speed.milestones.report.elapsed", "before": 1500.0, "now": 420.0,
         "verdict": "better", "previous_drill": {"scenario": "ddos-618",
                                                 "created": "2025-06-18T12:00:00+00:00"}},
        {"id": "silent:customer_service", "issue": {"zh": "客服组未行动", "en": "CS silent"},
         "measure": "coordination.groups.customer_service.actions", "before": 0, "now": None,
         "verdict": "not_measured", "previous_drill": {"scenario": "ddos-618",
                                                       "created": "2025-06-18T12:00:00+00:00"}},
    ]
    text = section(render(drill, lang, fmt, follow_up=follow_up), fmt, "follow_up", lang)
    assert "2025-06-18" in text
    assert term("verdict", "better", lang) in text
    assert term("verdict", "not_measured", lang) in text
    assert ("25分钟" if lang == "zh" else "25 min") in text  # 1500 s, as a duration
    assert say("no_earlier", lang) in section(render(drill, lang, fmt), fmt, "follow_up", lang)
    assert say("no_items_then", lang) in section(render(drill, lang, fmt, follow_up=[]), fmt,
                                                 "follow_up", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_lists_every_record_it_cites_in_appendix_c(drills, lang):
    text = render(drills["ransomware-warehouse"], lang, "md", charts=CHART_PATHS)
    body, appendix = text.split(f"## {_heading('evidence_records', lang)}\n")
    cited = {int(n) for n in re.findall(r"#(\d+)\b", body)}
    listed = {int(n) for n in re.findall(r"^\| (\d+) \|", appendix, re.M)}
    assert cited and cited == listed


def test_the_summary_reads_the_headline(drills):
    metrics = drills["ransomware-warehouse"][1]
    text = section(render(drills["ransomware-warehouse"], "zh", "md"), "md", "summary", "zh")
    h = metrics["headline"]
    assert f"{h['milestones']}个里程碑中{h['milestones_on_time']}个按时达成" in text
    assert f"改进计划共{len(metrics['improvements'])}项" in text
    en = section(render(drills["ransomware-warehouse"], "en", "md"), "md", "summary", "en")
    assert f"{h['milestones_on_time']} of {h['milestones']} milestones on time" in en


def test_bad_language_or_format_is_refused(observed):
    with pytest.raises(ValueError):
        render(observed, "fr", "md")
    with pytest.raises(ValueError):
        render(observed, "zh", "pdf")


class _Checker(HTMLParser):
    """Tags opened and closed in order (void elements aside)."""

    VOID = {"meta", "img", "br", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and self.stack and self.stack[-1] == "p":
            self.errors.append("p inside p")
        if tag in ("details", "div", "table", "ul") and "p" in self.stack:
            self.errors.append(f"{tag} inside p")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_well_nested_and_self_contained(drills, observed, lang):
    for drill in (*drills.values(), observed):
        text = render(drill, lang, "html", charts=CHART_PATHS)
        checker = _Checker()
        checker.feed(text)
        assert not checker.errors and not checker.stack
        assert text.startswith("<!DOCTYPE html>")
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in text
        assert "Noto Sans CJK SC" in text and "<link" not in text and "<script" not in text


def test_long_evidence_lists_are_cut_and_say_how_many_more(monkeypatch):
    import analysis.aar.render as aar_module
    from analysis.aar import render_aars
    from analysis.metrics import compute
    from tests.analysis.journals import Journal

    j = Journal()
    j.inject(360, "first-alert", ["network_ops"])
    for i in range(6):
        j.act(400 + i, "cio", "send_message", {"to": ["security_lead"], "text": f"m{i}"},
              result={"recipients": ["security_lead"]})
    j.report(900, "network_ops")
    record = j.record()
    monkeypatch.setattr(aar_module, "MAX_CITED", 2)
    texts = render_aars(record, compute(record), lang="en")
    assert "more in metrics.json" in texts["md"] and "more in metrics.json" in texts["html"]
