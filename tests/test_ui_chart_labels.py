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
    assert max(len(line) for line in lines) <= 24 and "green-space construction (life cycle (not in the net))" \
        == " ".join(axes.get_yticklabels()[0].get_text().split("\n"))
    assert axes.get_yticklabels()[0].get_text().count("\n") == 2  # three lines: four ran into the next label
    assert [text.get_text() for text in axes.texts][:2] == ["+11.2", "\u22121.8"]  # the minus of the docks' numbers
    _left, _bottom, width, _height = axes.get_position().bounds
    assert width * 290 > 100  # the bars keep more than 100 px of the 290
    chart.close()


def test_a_chinese_title_stays_inside_the_chart(qgis_app):
    """A Chinese character is as wide as two Latin ones: '相对基准情景的变化' ran past the chart's right edge (a
    tester's zh-Hans window), the title counted in characters and centred over the bars."""
    from matplotlib.text import Text

    from urban_carbon_ledger.ui.charts import ChartCanvas, wrapped

    # a wide character counts two, and no line starts with ）
    assert wrapped("绿地建设（生命周期（不计入净排放））", 24) == "绿地建设（生命周期（不计\n入净排放））"
    chart = ChartCanvas()
    chart.resize(290, 300)
    chart.show()
    with _user_locale("zh_CN"):  # the chart's Chinese font
        chart.delta_bars(PARK, title="D03-B0010-P01：相对基准情景的变化" * 2)
        chart.draw()
    title = next(text for text in chart.figure.findobj(Text) if text.get_text().startswith("D03-B0010-P01"))
    extent = title.get_window_extent(chart.figure.canvas.get_renderer())
    assert title.get_text().count("\n") >= 1 and 0 <= extent.x0 and extent.x1 <= chart.figure.bbox.width
    chart.close()
