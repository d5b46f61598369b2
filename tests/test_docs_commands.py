"""The commands of the manual's quick start (docs/your-own-city.md) and lab worksheet
(docs/lab-worksheet.md) run as written, and give the numbers the worksheet says a student should get."""
import os
import re

import numpy as np
import pytest
import shapely
from doc_commands import ROOT, run_block, sh_blocks
from osgeo import gdal, osr
from osm_extract import lon_lat, write_extract
from pyproj import Transformer

from urban_carbon_ledger.algorithms.ledger.store import Ledger

WORLDCOVER_TREES, WORLDCOVER_BUILT = 10, 50
STEP = 0.0001  # degrees: about 10 m pixels, as WorldCover's 1/12,000 degree


def worldcover_tile(path):
    """A made-up WorldCover-like tile in degrees over the extract: trees west of grid step 4, built-up east."""
    west, south = lon_lat(-2, -2)
    east, north = lon_lat(10, 10)
    cols, rows = int(round((east - west) / STEP)), int(round((north - south) / STEP))
    lon = west + (np.arange(cols) + 0.5) * STEP
    codes = np.where(lon < lon_lat(4, 0)[0], WORLDCOVER_TREES, WORLDCOVER_BUILT).astype(np.uint8)
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((west, STEP, 0.0, north, 0.0, -STEP))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(np.repeat(codes[None, :], rows, axis=0))
    dataset = None
    return str(path)


@pytest.mark.slow
def test_quick_start_turns_an_extract_a_tile_and_the_energy_template_into_an_atlas(qgis_app, tmp_path):
    from conftest import run_algorithm

    west, south = lon_lat(-1, -1)
    east, north = lon_lat(9, 9)
    out = str(tmp_path / "my_city")
    overrides = {"OSM": write_extract(str(tmp_path / "city.osm")), "EXTENT": f"{west},{east},{south},{north} "
                 "[EPSG:4326]", "LANDCOVER": worldcover_tile(tmp_path / "worldcover.tif"), "PLUGIN": ROOT,
                 "ENERGY": os.path.join(ROOT, "resources", "templates", "district_energy.csv"), "OUT": out}
    ran = run_block(sh_blocks("your-own-city.md")[0], overrides, run_algorithm)
    assert [algorithm for algorithm, _, _ in ran] == [
        "carbonledger:importosm", "carbonledger:segmentunits", "carbonledger:accountsinks",
        "carbonledger:accountsources", "carbonledger:districtmaps"]
    units = ran[1][2]
    assert (units["N_DISTRICTS"], units["N_BLOCKS"], units["N_BUILDINGS"]) == (1, 4, 5)
    assert units["PARCEL_RESIDUAL_RATIO"] < 1e-4
    city = Ledger(os.path.join(out, "ledger.gpkg")).read_table("units").set_index("unit_id").loc["CITY"]
    # trees cover the district west of step 4; WorldCover tree cover takes the forest rate, 2.5 t C/ha/yr:
    # sink = area (ha) x 2.5 x 44/12; 10 m pixels along the 443 m edge move it by up to about 2%
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32650", always_xy=True)
    corners = [lon_lat(x, y) for x, y in ((0, 0), (4, 0), (4, 8), (0, 8))]
    trees_ha = shapely.Polygon([to_utm.transform(*c) for c in corners]).area / 10_000
    assert city["sink_t"] == pytest.approx(-trees_ha * 2.5 * 44 / 12, rel=0.03)
    assert city["source_t"] > 0
    assert os.path.getsize(ran[4][2]["OUTPUT"]) > 10_000


def worksheet_answers():
    """{(step, key): number} from the worksheet's answer table rows '| step | `KEY` | ... | number |'."""
    with open(os.path.join(ROOT, "docs", "lab-worksheet.md"), encoding="utf-8") as handle:
        rows = re.findall(r"^\| (\d+) \| `([^`]+)` \|[^|]*\| ([-0-9,.]+) \|$", handle.read(), flags=re.M)
    return {(int(step), key): float(value.replace(",", "")) for step, key, value in rows}


@pytest.mark.slow
def test_lab_worksheet_commands_give_the_numbers_it_states(qgis_app, tmp_path):
    from conftest import run_algorithm

    out = str(tmp_path / "lab")
    ran = run_block(sh_blocks("lab-worksheet.md")[0], {"PLUGIN": ROOT, "OUT": out}, run_algorithm)
    answers = worksheet_answers()
    assert len(answers) >= 10
    for (step, key), expected in answers.items():
        if " " in key:  # '<unit id> <column>' of the ledger's units table after that step
            unit, column = key.split(" ")
            got = Ledger(ran[step - 1][1]["LEDGER"]).read_table("units").set_index("unit_id").at[unit, column]
        else:
            got = ran[step - 1][2][key]
        assert got == pytest.approx(expected, rel=5e-4, abs=5e-4), (step, key)
