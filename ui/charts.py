"""Matplotlib charts for the docks: sources and sinks by sector with 95% error bars, and changes
against the baseline (t CO2e/yr)."""
import re

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from qgis.PyQt.QtCore import QSize

from ..algorithms.ledger.schema import BASELINE
from ..algorithms.reports.charts import fonts
from ..algorithms.reports.report_format import MINUS
from .i18n import flow_label, sector_label, tr, user_language

SOURCE_COLOUR = "#d73027"
SINK_COLOUR = "#1a9850"
AVOIDED_COLOUR = "#4575b4"
FLOW_COLOURS = {"source": SOURCE_COLOUR, "sink": SINK_COLOUR, "avoided": AVOIDED_COLOUR}

LABEL_CHARACTERS = 24
"""Longest line of a bar's label in a dock's chart (Latin characters; a Chinese one counts two): a dock about 300 px
wide leaves the bars no room beside longer labels."""

TITLE_CHARACTERS = 34
"""Longest line of a chart's title (Latin characters; a Chinese one counts two)."""

CHANGE_SHOWN = 0.05
"""Smallest change drawn, t CO2e/yr (it rounds to 0.1 on the bar's label)."""


WIDE = "\u2e80-\u9fff\uff00-\uffef"
"""Characters as wide as two Latin ones (CJK and full-width forms): a line may break between any two of them."""
CLOSING = "）】」』》〉，。、：；！？"
"""Wide punctuation a line never starts with (it stays on the line before, a little past its width)."""
PIECES = re.compile(f"[{WIDE}]|[^\\s{WIDE}]+|\\s+")
"""A text's pieces no line breaks: a wide character, a run of other characters (a word), spaces."""


def wrapped(text, characters=LABEL_CHARACTERS):
    """``text`` broken into lines at most ``characters`` Latin characters wide (a wide character counts two),
    between words or wide characters; a word longer than a line stays whole."""
    lines, line, width = [], "", 0
    for piece in PIECES.findall(text):
        if piece.isspace():
            line, width = (line + " ", width + 1) if line else (line, width)
            continue
        size = len(piece) + len(re.findall(f"[{WIDE}]", piece))
        if line.strip() and width + size > characters and piece not in CLOSING:
            lines.append(line.rstrip())
            line, width = "", 0
        line, width = line + piece, width + size
    return "\n".join([*lines, line.rstrip()])


class ChartCanvas(FigureCanvasQTAgg):
    """A small matplotlib figure embedded in a dock."""

    def __init__(self, parent=None, height=2.6):
        self.figure = Figure(figsize=(4.5, height), dpi=90, tight_layout=True)
        super().__init__(self.figure)
        self.preferred_size = QSize(*self.get_width_height())
        self.setParent(parent)
        self.setMinimumHeight(int(height * 70))

    def sizeHint(self):  # noqa: N802 (Qt API name)
        """The figure's first size, kept: matplotlib's own hint follows the figure, which follows the
        widget, so inside a resizable scroll area the chart would grow without end."""
        return self.preferred_size

    def clear(self, message=""):
        self.figure.clear()
        if message:
            self.figure.text(0.5, 0.5, message, ha="center", va="center", color="#777777")
        self.draw_idle()

    def sector_bars(self, groups, baseline=None, title=""):
        """Horizontal bars per flow/sector; see ``_sector_bars``."""
        with fonts(user_language()):
            self._sector_bars(groups, baseline, title)

    def _sector_bars(self, groups, baseline, title):
        """Horizontal bars per flow/sector with error bars from low_t/high_t.

        groups: DataFrame flow, sector, co2e_t, low_t, high_t (t CO2e/yr).
        baseline: optional DataFrame flow, sector, co2e_t drawn as outlines for comparison.
        """
        self.figure.clear()
        if groups is None or groups.empty:
            self.clear(tr("No entries"))
            return
        axes = self.figure.add_subplot(111)
        labels = [wrapped(f"{sector_label(sector)} ({flow_label(flow)})")
                  for flow, sector in zip(groups["flow"], groups["sector"], strict=True)]
        y = np.arange(len(groups))
        values = groups["co2e_t"].to_numpy(dtype=float)
        low, high = groups["low_t"].to_numpy(dtype=float), groups["high_t"].to_numpy(dtype=float)
        errors = np.vstack([values - low, high - values])
        colours = [FLOW_COLOURS.get(flow, "#999999") for flow in groups["flow"]]
        axes.barh(y, values, color=colours, xerr=np.abs(errors), capsize=3, error_kw={"elinewidth": 0.8})
        if baseline is not None and not baseline.empty:
            base = baseline.set_index(["flow", "sector"])["co2e_t"]
            base_values = [float(base.get((flow, sector), 0.0))
                           for flow, sector in zip(groups["flow"], groups["sector"], strict=True)]
            axes.barh(y, base_values, fill=False, edgecolor="#333333", linestyle="--", label=tr("baseline"))
            axes.legend(fontsize=7, loc="best")
        axes.axvline(0, color="#333333", linewidth=0.6)
        axes.set_yticks(y)
        axes.set_yticklabels(labels, fontsize=7)
        axes.tick_params(axis="x", labelsize=7)
        axes.set_xlabel(tr("t CO2e/yr (bars: 95% interval)"), fontsize=7)
        if title:
            axes.set_title(wrapped(title, TITLE_CHARACTERS), fontsize=8, loc="right")  # over the labels too
        axes.invert_yaxis()
        self.draw_idle()

    def delta_bars(self, deltas, title=""):
        """Change against the baseline per flow/sector, largest first; see ``_changes``.

        deltas: DataFrame flow, sector, delta_t (t CO2e/yr), as ledger_view.delta_by_flow_and_sector.
        """
        changed = deltas[deltas["delta_t"].abs() >= CHANGE_SHOWN]
        changed = changed.iloc[np.argsort(-changed["delta_t"].abs().to_numpy(), kind="stable")]
        labels = [wrapped(f"{sector_label(sector)} ({flow_label(flow)})")
                  for flow, sector in zip(changed["flow"], changed["sector"], strict=True)]
        with fonts(user_language()):
            self._changes(labels, changed["delta_t"].to_numpy(dtype=float), title, tr("No change against the baseline"))

    def scenario_bars(self, table):
        """Change of the city's net in each scenario against the baseline (t CO2e/yr), one bar per
        scenario other than the baseline. table: scenario, delta_t (scenario_comparison)."""
        others = table[table["scenario"] != BASELINE] if table is not None else table
        with fonts(user_language()):
            if others is None or others.empty:
                self.clear(tr("No scenarios besides the baseline"))
                return
            self._changes(others["scenario"].tolist(), others["delta_t"].to_numpy(dtype=float),
                          tr("Change of the net against the baseline"), "")

    def _changes(self, labels, values, title, empty):
        """Horizontal bars of changes (t CO2e/yr): cuts green, increases red, each labelled."""
        self.figure.clear()
        if not len(values):
            self.clear(empty)
            return
        axes = self.figure.add_subplot(111)
        y = np.arange(len(values))
        axes.barh(y, values, color=[SINK_COLOUR if v < 0 else SOURCE_COLOUR for v in values])
        for position, value in zip(y, values, strict=True):
            shown = f"{round(value, 1) + 0.0:+,.1f}".replace("-", MINUS)
            axes.annotate(shown, (value, position), fontsize=7, va="center",
                          ha="left" if value >= 0 else "right", xytext=(3 if value >= 0 else -3, 0),
                          textcoords="offset points")
        axes.axvline(0, color="#333333", linewidth=0.6)
        axes.set_yticks(y)
        axes.set_yticklabels(labels, fontsize=7)
        axes.tick_params(axis="x", labelsize=7)
        axes.margins(x=0.3)  # room for the labels at the bars' ends
        axes.set_xlabel(tr("change, t CO2e/yr"), fontsize=7)
        if title:
            axes.set_title(wrapped(title, TITLE_CHARACTERS), fontsize=8, loc="right")  # over the labels too
        axes.set_ylim(max(len(values), 4) - 0.5, -0.5)  # first on top; one or two bars stay slim
        self.draw_idle()
