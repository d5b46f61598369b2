"""carbonledger:districtmaps: one PDF page and one PNG per district, in-process and through qgis_process."""
import os
import re
import shutil

import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

from ui_ledger_builder import build_ledger


def pdf_pages(path):
    """Number of page objects in a PDF (``/Type /Page`` not followed by 's')."""
    with open(path, "rb") as handle:
        return len(re.findall(rb"/Type\s*/Page(?!s)", handle.read()))


@pytest.mark.slow
def test_one_page_per_district(run_alg, tmp_path):
    ledger = str(tmp_path / "ledger.gpkg")
    build_ledger(ledger)
    pdf = str(tmp_path / "atlas.pdf")
    pngs = str(tmp_path / "pages")
    result = run_alg("carbonledger:districtmaps", {"LEDGER": ledger, "SCENARIO": "baseline", "OUTPUT": pdf,
                                                   "PNG_FOLDER": pngs})
    assert result["PAGES"] == 2
    assert pdf_pages(pdf) == 2
    assert sorted(os.listdir(pngs)) == ["district_D01.png", "district_D02.png"]
    page = QImage(os.path.join(pngs, "district_D01.png"))
    assert page.width() > page.height() > 1000  # A4 landscape at 150 dpi: 1754 x 1240 px
    # parcels are drawn in classes from the data (25 ha each): 20, 8, 40 and three 0 t/ha of sources, -1.467
    # and -3.667 t/ha of sinks. Sources >= 0 sorted 0, 0, 0, 8, 20, 40: quartiles 0 (dropped), 4, 17 ->
    # classes [0,4) #fee08b, [4,17) #f46d43 (rank 1 of 3 -> ramp[2]), [17,inf) #a50026. Sinks |v| 1.467, 3.667:
    # quartiles 2.02, 2.57, 3.12 -> 2.0, 2.6, 3.1 -> four classes, the one next to zero #d9f0a3.
    # D01 page: P01 20 t/ha -> #a50026, D01-B02-P01 8 t/ha -> #f46d43, the park -1.467 t/ha -> #d9f0a3.
    colours = {page.pixelColor(x, y).name() for x in range(0, page.width(), 7) for y in range(0, page.height(), 7)}
    assert {"#a50026", "#f46d43", "#d9f0a3", "#fee08b"} <= colours
    assert "#a6d96a" not in colours  # the class -2.6 to -2.0 holds no parcel
    if os.environ.get("UCL_SCREENSHOTS"):
        shutil.copy(os.path.join(pngs, "district_D01.png"),
                    os.path.join(os.environ["UCL_SCREENSHOTS"], "district_atlas_page.png"))


def test_unknown_scenario_writes_nothing(run_alg, tmp_path):
    ledger = str(tmp_path / "ledger.gpkg")
    build_ledger(ledger)
    pdf = tmp_path / "atlas.pdf"
    with pytest.raises(QgsProcessingException, match="no scenario 'nope'"):
        run_alg("carbonledger:districtmaps", {"LEDGER": ledger, "SCENARIO": "nope", "OUTPUT": str(pdf)})
    assert not pdf.exists()


def test_headless_qgis_process(qgis_process, tmp_path):
    ledger = str(tmp_path / "ledger.gpkg")
    build_ledger(ledger)
    pdf = str(tmp_path / "atlas.pdf")
    completed = qgis_process("run", "carbonledger:districtmaps", "--json", "--", f"LEDGER={ledger}", f"OUTPUT={pdf}")
    assert completed.json["results"]["PAGES"] == 2
    assert pdf_pages(pdf) == 2


@pytest.mark.parametrize(("value", "shown"), [(-1038.04, "\u22121,038.0"), (3112.26, "3,112.3"), (-0.04, "0.0"),
                                              (0.0, "0.0"), (-3.45, "\u22123.5")])
def test_atlas_numbers_are_signed_as_their_intervals(value, shown):
    """The atlas's totals and table numbers: a negative with U+2212, as '−6.1 to −1.4' beside it; never '−0.0'."""
    from qgis.core import QgsExpression
    from urban_carbon_ledger.qgis_shared.expressions import shown_number

    expression = QgsExpression(shown_number(repr(value)))
    assert expression.evaluate() == shown, expression.evalErrorString()
    change = QgsExpression(shown_number(repr(value), sign=True))  # a change: '+' on a positive one
    assert change.evaluate() == ("+" + shown if round(value, 1) > 0 else shown), change.evalErrorString()


def test_a_chinese_atlas_says_how_its_intervals_were_made_in_chinese(qgis_app, tmp_path):
    """The footer's interval note follows LANGUAGE, as the docks word it (it read '95%, IPCC Approach 1 ...' in a
    Chinese atlas)."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    ledger = str(tmp_path / "ledger.gpkg")
    build_ledger(ledger)
    algorithm = QgsApplication.processingRegistry().algorithmById("carbonledger:districtmaps").create()
    layout, _project = algorithm.prepared_layout({"LEDGER": ledger, "LANGUAGE": "zh"}, QgsProcessingContext(),
                                                 QgsProcessingFeedback())
    atlas = layout.atlas()
    atlas.updateFeatures()
    atlas.beginRender()
    atlas.seekTo(0)
    footer = layout.itemById("footer").currentText()
    atlas.endRender()
    assert "区间：95%，IPCC 方法 1（共用排放因子与同一输入量的份额按完全相关合成）" in footer
