"""The sink accounting in bounded memory (issue 22): the units' tree is read as integers, and a unit's id only
with the partition that accounts it, never the whole city's at once."""
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger import schema, store, unit_codes
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.sinks import accounting as sinks, light_use

from test_sinks import EPSG, NOW, box, write_raster

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "plugins")

PEAK = """import sys
sys.path.insert(0, sys.argv[2])
from urban_carbon_ledger.algorithms.sinks.light_use import check_ndvi_raster
def peak():
    return int([line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1])
before = peak()
check_ndvi_raster(sys.argv[1])
print(peak() - before)
"""
"""Growth of a process's peak resident memory (kB) across one NDVI check."""

TREES = 0.01 * 2.9 * 44 / 12  # t CO2e/yr taken up by one 10 m pixel of urban trees: 0.01 ha x 2.9 t C/ha/yr x 44/12
FOREST = 0.02 * 2.5 * 44 / 12  # two pixels of forest: 0.02 ha x 2.5 t C/ha/yr x 44/12


def two_districts(tmp_path):
    """Districts D1 (columns 0-1 of the 2 x 4 raster) and D2 (columns 2-3), a parcel over each and a building on
    the bottom pixel of column 1 (urban trees) and of column 2 (paved); ``NOW`` holds the codes."""
    path = str(tmp_path / "ledger.gpkg")
    store.create_ledger(path, f"EPSG:{EPSG}")
    units = gpd.GeoDataFrame({
        "unit_id": ["D1", "D2", "D1-P1", "D1-P1-B1", "D2-P2", "D2-P2-B2"],
        "parent_id": [None, None, "D1", "D1-P1", "D2", "D2-P2"],
        "level": ["district", "district", "parcel", "building", "parcel", "building"],
    }, geometry=[box(0, 0, 2, 2), box(2, 0, 4, 2), box(0, 0, 2, 2), box(1, 1, 2, 2), box(2, 0, 4, 2), box(2, 1, 3, 2)],
        crs=f"EPSG:{EPSG}")
    with store.Ledger(path).transaction("test") as writer:
        writer.append_rows("units", units)
    return path, write_raster(tmp_path / "now.tif", NOW)


def test_the_tree_is_read_as_integers(tmp_path):
    path, _ = two_districts(tmp_path)
    codes = unit_codes.read_unit_codes(store.Ledger(path))
    assert codes.fid.tolist() == [1, 2, 3, 4, 5, 6]
    assert codes.parent.tolist() == [-1, -1, 0, 2, 1, 4]  # positions: D1-P1's parent D1 is the first unit
    assert [schema.LEVELS[code] for code in codes.level] == ["district", "district", "parcel", "building", "parcel",
                                                            "building"]


def test_unit_ids_are_read_a_partition_at_a_time(tmp_path, monkeypatch):
    """With partitions of two units (a parcel and its building), no read of the units returns more ids than the
    two districts' (main read every unit's unit_id, parent_id and level at once); the entries are those of one
    partition, worked out by hand: P1's forest, P1's and B1's and P2's urban-tree pixel, B2's paved pixel none."""
    units_read, read = [], store.Ledger._read

    def recorded(self, name, columns, where, params):
        frame = read(self, name, columns, where, params)
        if name == "units":
            units_read.append(len(frame))
        return frame

    def entries(folder, max_units):
        (tmp_path / folder).mkdir()
        path, now = two_districts(tmp_path / folder)
        sinks.account_sinks(path, now, year=2024, levels=("parcel", "building"), pruning="none", max_units=max_units)
        return store.Ledger(path).read_table("entries", ["fid", "unit_id", "carrier", "co2e_t", "activity"])

    whole = entries("whole", 10 ** 9)
    monkeypatch.setattr(store.Ledger, "_read", recorded)
    parted = entries("parted", 2)
    assert units_read and max(units_read) <= 2
    pd.testing.assert_frame_equal(parted, whole)
    by_unit = parted.set_index(["unit_id", "carrier"])["co2e_t"]
    assert by_unit.to_dict() == pytest.approx({("D1-P1", "forest"): -FOREST, ("D1-P1", "urban_trees"): -TREES,
                                               ("D1-P1-B1", "urban_trees"): -TREES, ("D2-P2", "urban_trees"): -TREES})


def test_a_partition_names_each_units_nearest_accounted_ancestor():
    """Codes 3, 5, 9 in a partition (9's nearest accounted ancestor 3, 5 has none): the Series names them by id."""
    ids = pd.Index(["P", "Q", "B"]).to_numpy(dtype=object)
    named = sinks.partition_ancestors(ids, pd.Index([3, 5, 9]).to_numpy(), pd.Index([-1, -1, 3]).to_numpy())
    assert named.to_dict() == {"P": None, "Q": None, "B": "P"}


def test_the_ndvi_check_reads_the_raster_a_strip_at_a_time(tmp_path):
    """A 4,000 x 4,000 float32 NDVI (64 MB) is checked with the process's peak growing by under 24 MB (main's
    exact minimum and maximum in GDAL kept every block in its cache: +64 MB); 0.9 above the nodata row is in
    range, and 1.5 at the last pixel is refused (the exact maximum, nodata -9999 left out)."""
    ndvi = np.full((4000, 4000), 0.25, dtype=np.float32)
    ndvi[0] = -9999.0
    ndvi[1, 7] = 0.9
    path = write_raster(tmp_path / "ndvi.tif", ndvi, nodata=-9999.0)
    grown = subprocess.run([sys.executable, "-c", PEAK, path, PLUGINS], capture_output=True, text=True, check=True)
    assert int(grown.stdout.split()[-1]) < 24 * 1024
    light_use.check_ndvi_raster(path)
    ndvi[-1, -1] = 1.5
    with pytest.raises(LedgerInputError, match="1.5") as error:
        light_use.check_ndvi_raster(write_raster(tmp_path / "bad.tif", ndvi, nodata=-9999.0))
    assert (error.value.layer, error.value.field) == ("NDVI", "band 1")
