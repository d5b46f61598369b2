"""The docks' charts in a dock about 300 px wide: long English sector names wrap, so the bars keep their room and
matplotlib lays the figure out (a desktop tester's scenario chart: labels cut at the left, bars squeezed into
about 30 px, and 'Tight layout not applied' with a traceback in QGIS's log at every draw)."""
import warnings

import pandas as pd
from qgis.PyQt.QtWidgets import QApplication

from test_ui_dock_text import _user_locale

PARK = pd.DataFrame({  # a pocket park's change on one parcel, t CO2e/yr, as the tester's chart had it
    "flow": ["lifecycle", "sink", "source", "source", "source", "lifecycle", "source"],
    "sector": ["greenspace_construction", "vegetation", "greenspace_pruning_waste", "greenspace_irrigation",
               "greenspace_mowing", "greenspace_replanting", "greenspace_fertiliser"],
    "delta_t": [11.2, -1.75, 1.2, 0.6, 0.3, 0.2, 0.2]})


def test_a_scenario_chart_with_long_sector_names_is_laid_out_in_a_narrow_dock(qgis_app):
    from urban_carbon_ledger.ui.charts import ChartCanvas

    chart = ChartCanvas()
    chart.resize(290, 300)
    chart.show()
    with _user_locale("en_US"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.delta_bars(PARK, title="D03-B0010-P01: change against the baseline")
        chart.draw()
        QApplication.processEvents()
    assert [str(w.message) for w in caught if "layout" in str(w.message).lower()] == []
    axes = chart.figure.axes[0]
    lines = [line for label in axes.get_yticklabels() for line in label.get_text().split("\n")]
    assert max(len(line) for line in lines) <= 22 and "green-space construction (life cycle (not in the net))" \
        == " ".join(axes.get_yticklabels()[0].get_text().split("\n"))
    _left, _bottom, width, _height = axes.get_position().bounds
    assert width * 290 > 100  # the bars keep more than 100 px of the 290
    chart.close()
