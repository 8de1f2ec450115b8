"""The scorecard PDF: one summary page management reads first, then one page per area.

Pages (A4 landscape):

1. **Summary**: the drill, the headline figures (with last drill's beside them when the history
   has one), the capability ratings, the most urgent improvement items;
2. **Key figures**: speed, coordination, tasks and outcome in numbers, and the GB/T 38645 table;
3. one page per chart: **response speed** (milestones against targets), **timeline** by role,
   **communication network**, **resources and tasks** (utilisation and waits), **impact and
   cost**, **capability ratings** (radar);
4. **Improvement plan**: the items, their owners and due dates.

Each page is a :class:`matplotlib.figure.Figure`; a chart's page is the very figure saved as its
PNG. The PDF is written with ``PdfPages`` and no creation date, so the same journal gives the
same file.

The package's modules: :mod:`analysis.scorecard.pdf` (the summary page and :func:`write`),
:mod:`analysis.scorecard.pages` (the pages after the summary, and :func:`chart_figures`, which
draws each chart once for both the PDF and its PNG) and :mod:`analysis.scorecard.words` (the
scorecard's words in Chinese and English).
"""

from __future__ import annotations

from analysis.scorecard.pages import A4, chart_figures
from analysis.scorecard.pdf import summary_page, write

__all__ = ["A4", "chart_figures", "summary_page", "write"]
