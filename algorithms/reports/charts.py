"""Report charts drawn with matplotlib ``Figure`` objects on an Agg canvas (no pyplot state, no
backend switch, no display).

The inventory charts take an inventory table (t CO2e/yr) and return ``data:image/png;base64,...``
so the HTML report holds its pictures and opens with no network and no side files; the MAC curve
of a scenario comparison is written as PNG and SVG files.
"""
import base64
import io

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SCOPE_COLOURS = {1: "#b2432f", 2: "#e0a03a", 3: "#7a8fa6"}
FLOW_COLOURS = {"source": "#b2432f", "sink": "#3d8b4f", "net": "#333333", "avoided": "#5b8fc7"}
LOG_SCALE_RATIO = 100.0
"""The MAC curve's cost axis turns logarithmic when the dearest measure costs this many times the cheapest."""


def data_uri(figure):
    """PNG of ``figure`` as a base64 data URI."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def gpc_chart(gpc):
    """Horizontal stacked bars of the GPC sub-sectors with numbers, one colour per scope."""
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
        axes.barh(labels, values, left=left, color=colour, label=f"scope {scope}")
        positive += np.maximum(values, 0)
        negative += np.minimum(values, 0)
    axes.axvline(0, color="black", linewidth=0.8)
    axes.margins(x=0.06)
    axes.invert_yaxis()
    axes.set_xlabel("t CO2e/yr (sinks negative)")
    axes.legend(loc="lower right", fontsize=8)
    axes.set_title("GPC sub-sectors by scope")
    return data_uri(figure)


def district_chart(districts):
    """Per district: sources and sinks as bars, net as a point with its 95% interval."""
    figure = Figure(figsize=(7.5, 3.8))
    axes = figure.add_subplot()
    x = np.arange(len(districts))
    axes.bar(x, districts["source_t"], color=FLOW_COLOURS["source"], width=0.6, label="sources")
    axes.bar(x, districts["sink_t"], color=FLOW_COLOURS["sink"], width=0.6, label="sinks")
    net = districts["net_t"].to_numpy(dtype=float)
    errors = np.vstack([net - districts["net_low_t"].to_numpy(dtype=float),
                        districts["net_high_t"].to_numpy(dtype=float) - net])
    axes.errorbar(x, net, yerr=np.maximum(errors, 0), fmt="o", color=FLOW_COLOURS["net"], capsize=4,
                  label="net, 95% interval")
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_xticks(x)
    axes.set_xticklabels([str(n) for n in districts["name"].fillna(districts["district"])], rotation=30, ha="right")
    axes.set_ylabel("t CO2e/yr")
    axes.legend(fontsize=8)
    axes.set_title("Districts")
    return data_uri(figure)


def flow_chart(flows):
    """Source, sink, net (with its 95% interval) and avoided side by side."""
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
    axes.set_xticklabels(["sources", "sinks", "net", "avoided\n(not in net)"])
    axes.set_ylabel("t CO2e/yr")
    axes.set_title("Direct flows and avoided emissions")
    return data_uri(figure)


def mac_curve(measures, png_path, svg_path, currency="CNY"):
    """Draw the marginal abatement cost curve: one bar per scenario and measure, width = t CO2e/yr
    avoided, height = cost per t CO2e, cheapest first. Writes PNG and SVG; returns the PNG bytes."""
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
    axes.set_xlabel("t CO2e avoided per year (cumulative)")
    axes.set_ylabel(f"{currency} per t CO2e" + (" (log scale)" if log_scale else ""))
    axes.set_title("Marginal abatement cost curve")
    if len(usable):
        axes.legend(fontsize=8, loc="upper left")
    else:
        axes.text(0.5, 0.5, "no measure avoids emissions", ha="center", transform=axes.transAxes)
    figure.tight_layout()
    figure.savefig(svg_path)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    with open(png_path, "wb") as handle:
        handle.write(buffer.getvalue())
    return buffer.getvalue()
