"""The chart registry, drawing them all, saving deterministically, and staying off pyplot."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import analysis.charts as charts
from analysis.charts import CHARTS, draw_all, save_pdf, save_png
from analysis.charts.canvas import clock, wrap
from analysis.charts.labels import WORDS, local, word
from analysis.metrics import compute
from analysis.record import from_events

ROOT = Path(__file__).resolve().parents[3]


def test_the_registry_lists_the_charts_in_scorecard_order():
    assert list(CHARTS) == ["swimlane", "milestones", "radar", "impact", "network",
                            "utilisation"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_draw_all_gives_a_figure_per_chart(ddos, ddos_metrics, lang):
    figures = draw_all(ddos, ddos_metrics, lang)
    assert list(figures) == list(CHARTS)
    assert all(isinstance(f, Figure) and f.axes for f in figures.values())


def test_the_sloppy_drill_draws(sloppy, sloppy_metrics):
    for figure in draw_all(sloppy, sloppy_metrics, "zh").values():
        figure.draw_without_rendering()


def test_a_drill_with_nothing_in_it_still_draws(ddos):
    empty = from_events(ddos.events[:1], ddos.meta)
    metrics = compute(empty)
    assert metrics["speed"]["milestones"] and not any(
        m["reached"] for m in metrics["speed"]["milestones"])
    for figure in draw_all(empty, metrics, "zh").values():
        figure.draw_without_rendering()


def test_an_unknown_language_fails_before_drawing(ddos, ddos_metrics):
    with pytest.raises(ValueError, match="lang"):
        draw_all(ddos, ddos_metrics, "fr")


def test_saved_files_are_the_same_bytes_every_time(ddos, ddos_metrics, tmp_path):
    def draw():
        return CHARTS["network"](ddos, ddos_metrics, "zh").get_figure()

    first = save_png(draw(), tmp_path / "a.png").read_bytes()
    assert save_png(draw(), tmp_path / "b.png").read_bytes() == first
    assert first.startswith(b"\x89PNG") and b"matplotlib" not in first.lower()
    pdf = save_pdf(draw(), tmp_path / "a.pdf").read_bytes()
    assert save_pdf(draw(), tmp_path / "b.pdf").read_bytes() == pdf
    assert b"CreationDate" not in pdf and b"matplotlib" not in pdf.lower()


def test_no_chart_module_uses_pyplot():
    uses = re.compile(r"import\s+matplotlib\.pyplot|from\s+matplotlib\s+import\s+pyplot|\bplt\.")
    for path in (ROOT / "analysis" / "charts").glob("*.py"):
        assert not uses.search(path.read_text(encoding="utf-8")), path
    code = ("import sys, io; from tests.analysis.charts.conftest import rehearsed;"
            "from analysis.metrics import compute;"
            "from analysis.charts import draw_all; r = rehearsed('ddos-618', 618);"
            "[f.savefig(io.BytesIO()) for f in draw_all(r, compute(r), 'en').values()];"
            "sys.exit('matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_word_exists_in_both_languages():
    for key, text in WORDS.items():
        assert set(text) == {"zh", "en"} and all(text.values()), key
    assert word("target", "zh") == "目标"
    with pytest.raises(KeyError):
        word("no_such_word", "en")
    assert local({"zh": "中", "en": "mid"}, "en") == "mid"
    assert local(None, "zh", "x") == "x"


def test_clock_and_wrap():
    assert [clock(s) for s in (0, 59, 3600, 5430, -120)] == ["0:00", "0:01", "1:00", "1:30",
                                                              "-0:02"]
    assert wrap("Report to the Leadership Group", 16, "en") == "Report to the\nLeadership Group"
    assert wrap("向应急响应领导小组报告", 10, "zh") == "向应急响应\n领导小组报\n告"
    assert wrap("一二三四五六七八九十", 4, "zh", lines=2) == "一二\n三四…"


def test_public_names_are_stable():
    for name in ("use_cjk_font", "find_cjk_font", "FontError", "CJKFontWarning", "word",
                 "draw_all", "save_png", "CHARTS"):
        assert hasattr(charts, name)
