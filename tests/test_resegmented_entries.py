"""A re-segmentation under accounted entries, as a user runs it: the teaching district accounted for 2023 and 2024
(2023 sealed), then carbonledger:segmentunits again with land-use polygon L0001 split in two (a new cadastre), which
re-parents two buildings that hold entries: their ids go (orphaned). segmentunits refuses that unless REPLACE, with
the ledger's bytes unchanged; once the user chose it, a run that would copy those entries (a REASON run) says that a
re-segmentation changed their units, not that someone altered them, and what to run instead; that way out works."""
import pathlib
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from conftest import ROOT, demo_parameters, run_algorithm
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv import verification

SAMPLE_DIR = pathlib.Path(ROOT) / "resources" / "sample"
SOURCES = "carbonledger:accountsources"
SEGMENT = "carbonledger:segmentunits"


def sources(folder, year, **extra):
    """The demo's accountsources parameters of inventory ``year`` (2023 or 2024)."""
    parameters = demo_parameters(SOURCES, folder)
    if year == 2024:
        parameters.update(ACTIVITY=str(SAMPLE_DIR / "activity_2024.csv"), YEAR=2024, GRID_YEAR=2023)
    return dict(parameters, **extra)


def split_landuse(folder):
    """The teaching district's land-use layer with its first polygon (L0001) cut in two at 70% of its width: a
    GeoPackage layer source."""
    path = str(pathlib.Path(folder) / "landuse_split.gpkg")
    landuse = gpd.read_file(str(SAMPLE_DIR / "teaching_district.gpkg"), layer="landuse")
    first = landuse.geometry.iloc[0]
    minx, miny, maxx, maxy = first.bounds
    cut = minx + 0.7 * (maxx - minx)
    west, east = (first.intersection(shapely.box(*box)) for box in ((minx - 1, miny - 1, cut, maxy + 1),
                                                                     (cut, miny - 1, maxx + 1, maxy + 1)))
    east_row = landuse.iloc[[0]].assign(lu_id="L0001b").set_geometry([east], crs=landuse.crs)
    landuse = landuse.set_geometry([west] + list(landuse.geometry.iloc[1:]), crs=landuse.crs)
    gpd.GeoDataFrame(pd.concat([landuse, east_row], ignore_index=True), crs=landuse.crs).to_file(
        path, layer="landuse", driver="GPKG")
    return f"{path}|layername=landuse"


@pytest.fixture(scope="module")
def accounted(segmented_teaching_district, tmp_path_factory):
    """The teaching district with its sources of 2023 and 2024 accounted (read it, never write it): (path,
    folder, the split land-use layer)."""
    folder = str(tmp_path_factory.mktemp("resegmented"))
    path = segmented_teaching_district.copy(f"{folder}/ledger.gpkg")
    for year in (2023, 2024):
        run_algorithm(SOURCES, sources(folder, year, LEDGER=path))
    return path, folder, split_landuse(folder)


def resegment(path, folder, landuse, **extra):
    return run_algorithm(SEGMENT, dict(demo_parameters(SEGMENT, folder), LEDGER=path, LANDUSE=landuse, **extra))


def test_segmentunits_refuses_to_change_units_entries_name_and_changes_no_byte(accounted, tmp_path):
    original, folder, landuse = accounted
    path = shutil.copyfile(original, str(tmp_path / "ledger.gpkg"))
    before = pathlib.Path(path).read_bytes()
    with pytest.raises(Exception, match=r"layer 'units', field 'unit_id', row (\S+): carbonledger:segmentunits changes "
                                        r"2 units and links that \d+ entries name \(inventory years 2023, 2024, every "
                                        r"scenario\): building '\1' \(orphaned: no new unit takes its id; entry "
                                        r"'baseline/\1/.*nothing was written.*set REPLACE to yes"):
        resegment(path, folder, landuse)
    assert pathlib.Path(path).read_bytes() == before


def test_once_replaced_a_copy_names_the_resegmentation_and_the_way_out_works(accounted, tmp_path):
    original, folder, landuse = accounted
    path = shutil.copyfile(original, str(tmp_path / "ledger.gpkg"))
    assert resegment(path, folder, landuse, REPLACE="yes")["N_ORPHANED"] == 2
    ledger = Ledger(path)
    run_id = ledger.read_table("runs")["run_id"].iloc[-1]
    notices = ledger.read_table("run_notices")
    assert notices[["run_id", "table_name"]].values.tolist() == [[run_id, "entries"]]
    assert notices["notice"].iloc[0].endswith("their content digests no longer hold; written because REPLACE is yes")
    orphaned = set(ledger.read_table("reconciliation", match={"run_id": run_id, "status": "orphaned"})["unit_id"])
    for year, way in ((2023, r"inventory year 2023 v1 was accounted on the old units and stays as accounted"),
                      (2024, r"account inventory year 2024 again on the new units \(carbonledger:accountsources")):
        before = pathlib.Path(path).read_bytes()
        with pytest.raises(Exception, match=rf"entries hang from units that carbonledger:segmentunits run {run_id} "
                                            rf"\(.*\) changed after the run that wrote them \(table reconciliation of "
                                            rf"that run: unit '(\S+)', orphaned\).*the entries were not altered.*{way}"
                           ) as refused:
            run_algorithm(SOURCES, sources(folder, year, LEDGER=path, REASON="the 2025 cadastre"))
        assert "altered outside the plugin" not in str(refused.value)
        assert str(refused.value).split("unit '")[1].split("'")[0] in orphaned
        assert pathlib.Path(path).read_bytes() == before
    # the way out of the latest year: account it again (its entries replaced on the new units), then the REASON run
    run_algorithm(SOURCES, sources(folder, 2024, LEDGER=path))
    run_algorithm(SOURCES, sources(folder, 2024, LEDGER=path, REASON="the 2025 cadastre"))
    assert Ledger(path).read_table("inventory_years")["year_version"].max() == 2
    # 2023 stays as accounted: its entries on the orphaned buildings are the only ones verification lists
    mismatches = verification.verify_ledger(path)[0]
    listed = mismatches[mismatches["entry_id"] != ""]
    assert len(listed) and set(listed["field"]) == {"content_digest", "fingerprint"}
    assert listed["entry_id"].str.endswith("@2023v1").all() and set(listed["unit_id"]) <= orphaned
