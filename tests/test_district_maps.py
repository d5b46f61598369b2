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
    # parcels are drawn: D01-B01-P01 holds the 500 t building on 25 ha = 20 t/ha (class 10-100, #fdae61);
    # the park D01-B01-P02: -36.67 t on 25 ha = -1.47 t/ha (class -10 to -1, #66bd63)
    colours = {page.pixelColor(x, y).name() for x in range(0, page.width(), 7) for y in range(0, page.height(), 7)}
    assert {"#fdae61", "#66bd63"} <= colours
    assert "#a6d96a" not in colours  # no parcel of D01 lies in the -1 to -0.1 class
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
