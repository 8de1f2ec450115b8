"""The after-action report and improvement plan (HSEEP AAR/IP), in Chinese or English, md or html.

:func:`render_aar` writes one report as Markdown or HTML, :func:`render_aars` several formats at
once, from a drill's record and its metrics. The package's modules:

- :mod:`analysis.aar.render`: the report section by section, and the Jinja environment of
  ``templates/aar.{md,html}.j2``;
- :mod:`analysis.aar.tables`: the sections built from the measurements (summary, speed,
  coordination, impact, GB/T 38645 table, plan, follow-up);
- :mod:`analysis.aar.records`: journal records told in words, for the appendices;
- :mod:`analysis.aar.words`: the report's words in Chinese and English.
"""

from __future__ import annotations

from analysis.aar.render import (
    APPENDICES,
    CHARTS,
    FORMATS,
    LANGS,
    SECTIONS,
    render_aar,
    render_aars,
)

__all__ = ["APPENDICES", "CHARTS", "FORMATS", "LANGS", "SECTIONS", "render_aar", "render_aars"]
