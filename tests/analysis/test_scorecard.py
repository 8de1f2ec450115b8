"""The scorecard PDF: a summary page then one page per area, checked through its artists."""

from __future__ import annotations

import pytest

from analysis import scorecard
from analysis.charts import use_cjk_font
from analysis.charts.canvas import wrap
from analysis.improvements import ELEMENTS
from analysis.metrics import compute
from analysis.record import load
from analysis.scorecard.pages import as_page, chart_figures, figures_page, plan_page
from simulator.rehearsal import rehearse
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    use_cjk_font(warn=False)
    path = rehearse(load_scenario("ransomware-warehouse"), seed=3, mistake_rate=0.5,
                    out=tmp_path_factory.mktemp("sc")).journal
    record = load(path)
    return record, compute(record)


def texts(fig):
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        if ax.get_title():
            out.append(ax.get_title())
        for table in ax.tables:
            out += [c.get_text().get_text() for c in table.get_celld().values()]
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_page_shows_the_headline_ratings_and_items(drill, lang):
    record, m = drill
    fig = scorecard.summary_page(record, m, lang)
    shown = texts(fig)
    h = m["headline"]
    assert f"{h['milestones_on_time']}/{h['milestones']}" in shown
    assert f"{h['speed'] * 100:.0f}%" in shown
    for cap in m["ratings"]["capabilities"]:
        # each name on at most two lines of 14 columns, a longer one cut with an ellipsis
        assert wrap(cap["name"][lang], 14, lang, lines=2) in shown
        assert (cap["rating"] or "—") in shown
    first = m["improvements"][0]
    assert any(first["issue"][lang] in t for t in shown)
    title = "演练记分卡" if lang == "zh" else "Drill scorecard"
    assert any(t.startswith(title) for t in shown)


def test_summary_page_compares_with_the_previous_drill(drill):
    record, m = drill
    before = {"headline": {**m["headline"], "speed": 0.5, "milestones_on_time": 3}}
    shown = texts(scorecard.summary_page(record, m, "zh", before))
    assert "上次 50%" in shown and "上次 3" in shown
    assert not any(t.startswith("上次") for t in texts(scorecard.summary_page(record, m, "zh")))


def test_chart_pages_are_the_chart_figures_with_their_area_title(drill):
    record, m = drill
    figures = chart_figures(record, m, "en")
    assert list(figures) == ["swimlane", "milestones", "radar", "impact", "network",
                             "utilisation"]
    speed = as_page(figures["milestones"], "milestones", m, "en")
    assert speed._suptitle.get_text().startswith("Response speed")
    assert len(speed.axes[0].patches) == sum(1 for r in m["speed"]["milestones"]
                                             if r["status"] in ("on_time", "late", "missed"))
    assert figures["radar"].axes[0].name == "polar"


def test_key_figures_page_and_plan_page(drill):
    record, m = drill
    shown = texts(figures_page(record, m, "en"))
    assert sum(t in shown for t in (i["name"]["en"] for i in m["ratings"]["gbt38645"])) == 9
    assert any("¥" in t for t in shown)
    assert f"{m['coordination']['score']['value'] * 100:.0f}%" in shown
    plan = texts(plan_page(record, m, "zh"))
    assert sum(any(i["due"] == t for t in plan) for i in m["improvements"][:14]) == min(
        14, len(m["improvements"]))
    elements = {ELEMENTS[i["element"]] for i in m["improvements"][:14]}
    assert elements and elements <= set(plan)


def test_the_pdf_has_a_page_per_area_and_the_same_bytes_each_time(drill, tmp_path):
    record, m = drill
    a = scorecard.write(tmp_path / "a.pdf", record, m, "zh")
    b = scorecard.write(tmp_path / "b.pdf", record, m, "zh")
    data = a.read_bytes()
    assert data.startswith(b"%PDF") and data == b.read_bytes()
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 9
