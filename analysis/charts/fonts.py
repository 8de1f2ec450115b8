"""Chinese fonts for the charts: find one, use it, and say how to get one when there is none.

Chinese is the drill's primary language, so the scorecard charts carry Chinese titles, role names
and milestones. matplotlib's default font (DejaVu Sans) has no Chinese glyphs: without a CJK font
every character renders as an empty box. This module looks for a CJK sans-serif font among the
fonts matplotlib knows and the fonts installed on the system, in the order

1. Noto Sans CJK (SC first), which Debian, Ubuntu and Fedora package,
2. Source Han Sans (the same design under Adobe's name),
3. WenQuanYi Zen Hei and Micro Hei,
4. the system fonts of macOS and Windows (PingFang, Hiragino Sans GB, Microsoft YaHei, SimHei),

and makes it the first sans-serif font, with DejaVu Sans behind it for the glyphs a CJK font lacks.
``--font PATH`` names a font file instead. Noto Sans CJK ships as a ``.ttc`` collection; matplotlib
reads every face of a collection, so a ``.ttc`` path works as well as a ``.ttf`` or ``.otf``.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager, ft2font, rcParams

PREFERRED: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans CJK", "Noto Sans SC",
    "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei",
)
"""Family names in order of preference; a name also matches the families it begins
(``Noto Sans CJK`` matches ``Noto Sans CJK TC``), but not monospaced variants."""

FILE_HINTS = re.compile(r"(notosanscjk|notosanssc|sourcehansans|wqy-?(zenhei|microhei)|"
                        r"pingfang|hiragino.*gb|msyh|simhei)", re.IGNORECASE)
"""File names of system fonts worth adding when matplotlib's font cache does not list them."""

FALLBACK = "DejaVu Sans"
"""matplotlib's own font, kept behind the CJK font for the glyphs the CJK font lacks."""

PROBE = "中"
"""A character every Chinese font has."""

GLYPH_MISSING = r"Glyph \d+ .*missing from font"
"""matplotlib's warning for a character the chosen fonts cannot draw."""

INSTALL_HINT = ("install a CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; "
                "macOS: brew install --cask font-noto-sans-cjk) or pass --font PATH")


class FontError(ValueError):
    """A ``--font`` path that does not exist or is not a font file."""


class CJKFontWarning(UserWarning):
    """No Chinese font was found: Chinese text in the charts would render as boxes."""


@dataclass(frozen=True)
class FontChoice:
    """The font the charts use for Chinese text.

    Attributes:
        path: The font file (a ``.ttc`` holds several faces; matplotlib picks by family).
        family: The family name matplotlib knows the font by, e.g. ``Noto Sans CJK SC``.
    """

    path: str
    family: str


_warned = False
"""Whether this process has already warned that no Chinese font was found."""


def find_cjk_font(path: str | os.PathLike[str] | None = None) -> FontChoice | None:
    """Find a font that can draw Chinese text.

    Args:
        path: A font file to use instead of searching (the ``--font`` option). It is added to
            matplotlib's font manager.

    Returns:
        The font, or None when no CJK font is installed (never None when ``path`` is given).

    Raises:
        FontError: ``path`` does not exist or is not a font file matplotlib can read.
    """
    if path is not None:
        return _add_font_file(path)
    choice = _best(font_manager.fontManager.ttflist)
    if choice is not None:
        return choice
    known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    for fname in sorted(font_manager.findSystemFonts()):
        if Path(fname) not in known and FILE_HINTS.search(Path(fname).name):
            try:
                font_manager.fontManager.addfont(fname)
            except (OSError, RuntimeError, ValueError):
                continue
    return _best(font_manager.fontManager.ttflist)


def use_cjk_font(path: str | os.PathLike[str] | None = None, *,
                 warn: bool = True) -> FontChoice | None:
    """Make matplotlib draw text with a CJK font, found or given.

    Sets ``font.family`` to sans-serif, puts the CJK family first in ``font.sans-serif`` with
    DejaVu Sans behind it, and turns off ``axes.unicode_minus`` (CJK fonts often lack U+2212).
    With a CJK font in use, matplotlib's "Glyph missing" warnings are silenced: what the CJK
    font lacks, DejaVu Sans draws. Call it before drawing; text takes its font when it is made.

    Args:
        path: A font file to use (``--font``); None to search the installed fonts.
        warn: Warn (once per process) when no CJK font is found.

    Returns:
        The font in use, or None when none was found (the defaults are left alone).

    Raises:
        FontError: ``path`` does not exist or is not a font file.
    """
    choice = find_cjk_font(path)
    if choice is None:
        if warn:
            _warn_once("no Chinese (CJK) font found, so Chinese text in the charts would render "
                       f"as empty boxes: {INSTALL_HINT}")
        return None
    rcParams["font.family"] = ["sans-serif"]
    rcParams["font.sans-serif"] = [choice.family, FALLBACK]
    rcParams["axes.unicode_minus"] = False
    warnings.filterwarnings("ignore", message=GLYPH_MISSING, category=UserWarning)
    return choice


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(CJKFontWarning(message), stacklevel=3)


def _add_font_file(path: str | os.PathLike[str]) -> FontChoice:
    fname = os.fsdecode(path)
    if not Path(fname).is_file():
        raise FontError(f"--font {fname}: no such font file")
    try:
        font = ft2font.FT2Font(fname)
    except (OSError, RuntimeError, ValueError):
        raise FontError(f"--font {fname}: not a font file (TrueType, OpenType or a .ttc "
                        "collection)") from None
    resolved = str(Path(fname).resolve())
    manager = font_manager.fontManager
    if not any(str(Path(e.fname).resolve()) == resolved for e in manager.ttflist):
        manager.addfont(fname)
    faces = [e for e in manager.ttflist if str(Path(e.fname).resolve()) == resolved]
    choice = _best(faces)
    if choice is None:  # a font without Chinese names: use its first face all the same
        family = faces[0].name if faces else font.family_name
        choice = FontChoice(path=fname, family=family)
        if font.get_char_index(ord(PROBE)) == 0:
            _warn_once(f"--font {fname} has no Chinese characters, so Chinese text in the charts "
                       f"would render as empty boxes: {INSTALL_HINT}")
    return choice


def _best(entries: list[font_manager.FontEntry]) -> FontChoice | None:
    """The most preferred CJK family among ``entries``, its regular face first."""
    for wanted in PREFERRED:
        matches = [e for e in entries if e.name == wanted
                   or (e.name.startswith(wanted + " ") and "Mono" not in e.name)]
        if matches:
            best = min(matches, key=lambda e: (e.name != wanted, e.name,
                                               abs(_weight(e.weight) - 400), e.style != "normal",
                                               e.fname))
            return FontChoice(path=best.fname, family=best.name)
    return None


def _weight(weight: str | int) -> int:
    if isinstance(weight, int):
        return weight
    return font_manager.weight_dict.get(weight, 400)
