"""Matplotlib charts for the docks: sources and sinks by sector with 95% error bars (t CO2e/yr)."""
import matplotlib
import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure

from .i18n import flow_label, tr

SOURCE_COLOUR = "#d73027"
SINK_COLOUR = "#1a9850"
AVOIDED_COLOUR = "#4575b4"
FLOW_COLOURS = {"source": SOURCE_COLOUR, "sink": SINK_COLOUR, "avoided": AVOIDED_COLOUR}
FONTS = {"font.family": ["sans-serif"], "font.sans-serif": [
    "DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
    "SimHei",
]}
"""Font fallback so that translated (Chinese) labels find a CJK font where one is installed."""


class ChartCanvas(FigureCanvasQTAgg):
    """A small matplotlib figure embedded in a dock."""

    def __init__(self, parent=None, height=2.6):
        self.figure = Figure(figsize=(4.5, height), dpi=90, tight_layout=True)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setMinimumHeight(int(height * 70))

    def clear(self, message=""):
        self.figure.clear()
        if message:
            self.figure.text(0.5, 0.5, message, ha="center", va="center", color="#777777")
        self.draw_idle()

    def sector_bars(self, groups, baseline=None, title=""):
        """Horizontal bars per flow/sector; see ``_sector_bars``."""
        with matplotlib.rc_context(FONTS):
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
        labels = [f"{sector} ({flow_label(flow)})"
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
            axes.set_title(title, fontsize=8)
        axes.invert_yaxis()
        self.draw_idle()

    def scenario_bars(self, table):
        """Net per scenario with 95% error bars. table: scenario, net_t, net_low_t, net_high_t."""
        with matplotlib.rc_context(FONTS):
            self._scenario_bars(table)

    def _scenario_bars(self, table):
        self.figure.clear()
        if table is None or table.empty:
            self.clear(tr("No scenarios"))
            return
        axes = self.figure.add_subplot(111)
        x = np.arange(len(table))
        values = table["net_t"].to_numpy(dtype=float)
        low, high = table["net_low_t"].to_numpy(dtype=float), table["net_high_t"].to_numpy(dtype=float)
        errors = np.vstack([values - low, high - values])
        colours = [SOURCE_COLOUR if v > 0 else SINK_COLOUR for v in values]
        axes.bar(x, values, color=colours, yerr=np.abs(errors), capsize=3)
        axes.axhline(0, color="#333333", linewidth=0.6)
        axes.set_xticks(x)
        axes.set_xticklabels(table["scenario"].tolist(), fontsize=7, rotation=20)
        axes.tick_params(axis="y", labelsize=7)
        axes.set_ylabel(tr("net, t CO2e/yr"), fontsize=7)
        self.draw_idle()
