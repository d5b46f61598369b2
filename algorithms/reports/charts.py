"""Report charts drawn with matplotlib ``Figure`` objects on an Agg canvas (no pyplot state, no
backend switch, no display), with their words in the report's language.

The inventory charts take an inventory table (t CO2e/yr) and return ``data:image/png;base64,...``
so the HTML report holds its pictures and opens with no network and no side files; the MAC curve
of a scenario comparison is written as PNG and SVG files. Chinese needs a CJK font: ``cjk_font``
finds an installed one (Debian: fonts-wqy-microhei or fonts-noto-cjk) so that no label turns into
empty boxes.
"""
import base64
import contextlib
import functools
import io
import os

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .labels import text

SCOPE_COLOURS = {1: "#b2432f", 2: "#e0a03a", 3: "#7a8fa6"}
FLOW_COLOURS = {"source": "#b2432f", "sink": "#3d8b4f", "net": "#333333", "avoided": "#5b8fc7"}
LOG_SCALE_RATIO = 100.0
"""The MAC curve's cost axis turns logarithmic when the dearest measure costs this many times the cheapest."""
CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
                "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC")
"""Font families with Chinese glyphs, preferred first (Debian, Windows, macOS)."""
CJK_FILES = ("wqymicrohei", "wqyzenhei", "notosanscjk", "sourcehansans", "msyh", "simhei", "pingfang")
"""Parts of font file names (lower case, no '-' or '_') that hold CJK families, for fonts installed after
matplotlib built its font cache."""


@functools.lru_cache(maxsize=None)
def cjk_font():
    """Family name of an installed font with Chinese glyphs, or None. Fonts installed after matplotlib
    built its font cache are found by file name and added."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    found = next((family for family in CJK_FAMILIES if family in installed), None)
    if found:
        return found
    for path in font_manager.findSystemFonts():
        name = os.path.basename(path).lower().replace("-", "").replace("_", "")
        if any(part in name for part in CJK_FILES):
            with contextlib.suppress(RuntimeError, OSError, ValueError):
                font_manager.fontManager.addfont(path)
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def fonts(language):
    """A matplotlib rc context whose sans-serif font draws ``language`` (a CJK font first for 'zh')."""
    family = cjk_font() if language == "zh" else None
    names = ([family] if family else []) + ["DejaVu Sans"]  # named, not "sans-serif": a Qt canvas draws later
    return matplotlib.rc_context({"font.family": names, "font.sans-serif": names,
                                  "axes.unicode_minus": False})


def data_uri(figure):
    """PNG of ``figure`` as a base64 data URI."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def gpc_chart(gpc, language="en"):
    """Horizontal stacked bars of the GPC sub-sectors with numbers, one colour per scope."""
    with fonts(language):
        # Series.map per column: DataFrame.applymap is deprecated from pandas 2.1, DataFrame.map absent before it
        scopes = gpc[[f"scope_{s}" for s in SCOPE_COLOURS]]
        numeric = gpc[scopes.apply(lambda column: column.map(lambda v: isinstance(v, float))).any(axis=1)]
        figure = Figure(figsize=(7.5, 0.45 * max(len(numeric), 2) + 1.2))
        axes = figure.add_subplot()
        labels = [f"{c} {n[:38]}" for c, n in zip(numeric["gpc_sector"], numeric["name"], strict=False)]
        positive = np.zeros(len(numeric))
        negative = np.zeros(len(numeric))
        for scope, colour in SCOPE_COLOURS.items():
            values = np.array([v if isinstance(v, float) else 0.0 for v in numeric[f"scope_{scope}"]])
            left = np.where(values >= 0, positive, negative)
            axes.barh(labels, values, left=left, color=colour, label=text(f"scope_{scope}", language).split(" (")[0]
                      .split("（")[0])
            positive += np.maximum(values, 0)
            negative += np.minimum(values, 0)
        axes.axvline(0, color="black", linewidth=0.8)
        axes.margins(x=0.06)
        axes.invert_yaxis()
        axes.set_xlabel(text("chart_gpc_axis", language))
        axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        axes.legend(loc="lower right", fontsize=8)
        axes.set_title(text("chart_gpc", language))
        return data_uri(figure)


def district_chart(districts, language="en"):
    """Per district: sources and sinks as bars, net as a point with its 95% interval."""
    with fonts(language):
        figure = Figure(figsize=(7.5, 3.8))
        axes = figure.add_subplot()
        x = np.arange(len(districts))
        axes.bar(x, districts["source_t"], color=FLOW_COLOURS["source"], width=0.6, label=text("sources", language))
        axes.bar(x, districts["sink_t"], color=FLOW_COLOURS["sink"], width=0.6, label=text("sinks", language))
        net = districts["net_t"].to_numpy(dtype=float)
        errors = np.vstack([net - districts["net_low_t"].to_numpy(dtype=float),
                            districts["net_high_t"].to_numpy(dtype=float) - net])
        axes.errorbar(x, net, yerr=np.maximum(errors, 0), fmt="o", color=FLOW_COLOURS["net"], capsize=4,
                      label=text("chart_net_interval", language))
        axes.axhline(0, color="black", linewidth=0.8)
        axes.set_xticks(x)
        axes.set_xticklabels([str(n) for n in districts["name"].fillna(districts["district"])], rotation=30,
                             ha="right")
        axes.set_ylabel(text("chart_axis", language))
        axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        axes.legend(fontsize=8)
        axes.set_title(text("sec_districts", language))
        return data_uri(figure)


def flow_chart(flows, language="en"):
    """Source, sink, net and avoided side by side, each with its 95% interval."""
    with fonts(language):
        figure = Figure(figsize=(6.0, 3.4))
        axes = figure.add_subplot()
        colours = [FLOW_COLOURS["source"], FLOW_COLOURS["sink"], FLOW_COLOURS["net"], FLOW_COLOURS["avoided"]]
        values = flows["co2e_t"].to_numpy(dtype=float)
        low = np.nan_to_num(values - flows["low_t"].to_numpy(dtype=float))
        high = np.nan_to_num(flows["high_t"].to_numpy(dtype=float) - values)
        bars = axes.bar(np.arange(len(flows)), values, color=colours, yerr=np.vstack([low, high]), capsize=5)
        bars[-1].set_hatch("//")
        axes.axhline(0, color="black", linewidth=0.8)
        axes.set_xticks(np.arange(len(flows)))
        axes.set_xticklabels([text("sources", language), text("sinks", language), text("net", language),
                              text("chart_avoided", language)])
        axes.set_ylabel(text("chart_axis", language))
        axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        axes.set_title(text("chart_flows", language))
        return data_uri(figure)


def trajectory_chart(trajectories, timetable, language="en"):
    """One panel per scenario: its sources, sinks and net (t CO2e/yr) year by year, zero marked, and the
    year it turns carbon neutral (or 'not before END'). ``trajectories``: scenario, year, source_t, sink_t,
    net_t; ``timetable``: scenario, neutral_year."""
    with fonts(language):
        names = list(dict.fromkeys(trajectories["scenario"]))
        columns = min(len(names), 3) or 1
        rows = -(-len(names) // columns) or 1
        figure = Figure(figsize=(3.4 * columns, 2.6 * rows))
        neutral = dict(zip(timetable["scenario"], timetable["neutral_year"], strict=False)) if len(timetable) else {}
        for index, name in enumerate(names):
            path = trajectories[trajectories["scenario"] == name]
            axes = figure.add_subplot(rows, columns, index + 1)
            axes.plot(path["year"], path["net_t"], color=FLOW_COLOURS["net"], linewidth=2.5,
                      label=text("net", language))
            # dashed on top: sources stay visible where the sinks are small and the net lies on them
            axes.plot(path["year"], path["source_t"], color=FLOW_COLOURS["source"], linestyle="--",
                      label=text("sources", language))
            axes.plot(path["year"], path["sink_t"], color=FLOW_COLOURS["sink"], linestyle="--",
                      label=text("sinks", language))
            axes.axhline(0, color="black", linewidth=0.6)
            year = str(neutral.get(name, ""))
            if year.isdigit():
                axes.axvline(int(year), color="#2166ac", linestyle="--", linewidth=1)
                caption = text("chart_neutral", language).format(year=year)
            else:
                caption = text("not_before", language).format(year=year.split()[-1]) if year else ""
            axes.set_title(f"{name}\n{caption}", fontsize=9)
            axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
            axes.tick_params(labelsize=7)
            if index % columns == 0:
                axes.set_ylabel(text("chart_axis", language), fontsize=8)
        if names:
            figure.axes[0].legend(fontsize=7, loc="center right")
        figure.tight_layout()
        return data_uri(figure)


def mac_curve(measures, png_path, svg_path, currency="CNY", language="en"):
    """Draw the marginal abatement cost curve: one bar per scenario and measure, width = t CO2e/yr
    avoided, height = cost per t CO2e, cheapest first. Writes PNG and SVG; returns the PNG bytes."""
    with fonts(language):
        usable = measures[measures["avoided_t"] > 0].sort_values("cost_per_t")
        figure = Figure(figsize=(8, 4.5), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        left = 0.0
        colours = matplotlib.colormaps["tab10"]
        for index, row in enumerate(usable.itertuples(index=False)):
            axes.bar(left, row.cost_per_t, width=row.avoided_t, align="edge", color=colours(index % 10),
                     edgecolor="black", linewidth=0.5, label=f"{row.scenario}: {row.measure_id}")
            left += row.avoided_t
            axes.annotate(f"{row.cost_per_t:,.0f}", (left - row.avoided_t / 2, row.cost_per_t), ha="center",
                          va="bottom", fontsize=8)
        costs = usable["cost_per_t"].to_numpy(dtype=float)
        log_scale = len(costs) > 1 and costs.min() > 0 and costs.max() / costs.min() > LOG_SCALE_RATIO
        if log_scale:
            axes.set_yscale("log")
        else:
            axes.axhline(0, color="black", linewidth=0.8)
        axes.set_xlabel(text("chart_mac_x", language))
        axes.set_ylabel(text("chart_mac_y", language).format(currency=currency)
                        + (" " + text("chart_log", language) if log_scale else ""))
        axes.set_title(text("sec_mac", language))
        if len(usable):
            axes.legend(fontsize=8, loc="upper left")
        else:
            axes.text(0.5, 0.5, text("chart_no_measure", language), ha="center", transform=axes.transAxes)
        figure.tight_layout()
        figure.savefig(svg_path)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        with open(png_path, "wb") as handle:
            handle.write(buffer.getvalue())
        return buffer.getvalue()
