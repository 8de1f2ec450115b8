"""Finding and using a Chinese font, and saying how to get one."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

from analysis.charts import fonts
from analysis.charts.fonts import CJKFontWarning, FontError, find_cjk_font, use_cjk_font
from analysis.charts.swimlane import plot_swimlane


def cjk_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         check=False).stdout
    return bool(out.strip())


needs_cjk = pytest.mark.skipif(not cjk_installed(), reason="no CJK font installed (fc-list)")


@pytest.fixture
def no_fonts(monkeypatch):
    """Discovery finds nothing, and the process has not warned yet."""
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    monkeypatch.setattr(fonts, "_warned", False)


def test_a_missing_font_path_is_one_clear_line(tmp_path):
    with pytest.raises(FontError, match="no such font file") as error:
        find_cjk_font(tmp_path / "nope.ttf")
    assert "\n" not in str(error.value) and "nope.ttf" in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_file_that_is_not_a_font_is_refused(tmp_path):
    bogus = tmp_path / "notes.ttc"
    bogus.write_text("not a font", encoding="utf-8")
    with pytest.raises(FontError, match="not a font file"):
        use_cjk_font(bogus)
    with pytest.raises(FontError):
        use_cjk_font(tmp_path)  # a directory


def test_no_cjk_font_warns_once_per_process(no_fonts):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert use_cjk_font() is None
        assert use_cjk_font() is None
    ours = [w for w in caught if issubclass(w.category, CJKFontWarning)]
    assert len(ours) == 1
    message = str(ours[0].message)
    assert "boxes" in message
    assert "sudo apt-get install fonts-noto-cjk" in message
    assert "brew install --cask font-noto-sans-cjk" in message
    assert "--font PATH" in message
    assert issubclass(CJKFontWarning, UserWarning)


def test_no_warning_when_asked_not_to_and_no_change(no_fonts):
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert use_cjk_font(warn=False) is None
    assert not [w for w in caught if issubclass(w.category, CJKFontWarning)]
    assert dict(matplotlib.rcParams) == before


def test_a_font_without_chinese_is_used_with_a_warning(monkeypatch):
    monkeypatch.setattr(fonts, "_warned", False)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    with pytest.warns(CJKFontWarning, match="no Chinese characters"):
        choice = use_cjk_font(dejavu)
    assert choice.family == "DejaVu Sans"


def test_discovery_prefers_simplified_chinese_regular(monkeypatch):
    entries = [font_manager.FontEntry(fname=f"/f/{name}-{w}.ttc", name=name, weight=w)
               for name in ("WenQuanYi Zen Hei", "Noto Sans Mono CJK SC", "Noto Sans CJK JP",
                            "Noto Sans CJK SC") for w in (700, 400)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", entries)
    choice = find_cjk_font()
    assert (choice.family, choice.path) == ("Noto Sans CJK SC", "/f/Noto Sans CJK SC-400.ttc")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", entries[:2])
    assert find_cjk_font().family == "WenQuanYi Zen Hei"


@needs_cjk
def test_an_installed_cjk_font_is_found_and_used():
    choice = use_cjk_font()
    assert choice is not None and Path(choice.path).is_file()
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]
    assert matplotlib.rcParams["font.sans-serif"] == [choice.family, "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert use_cjk_font(choice.path).family == choice.family  # --font with the same file


def glyph_warnings(record, metrics) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot_swimlane(record, metrics, "zh").get_figure().savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


@needs_cjk
def test_a_chinese_chart_renders_without_missing_glyphs(ddos, ddos_metrics):
    matplotlib.rcdefaults()
    assert glyph_warnings(ddos, ddos_metrics)  # matplotlib's default font has no Chinese
    use_cjk_font()
    assert glyph_warnings(ddos, ddos_metrics) == []
