"""carbonledger:accountsinks through Processing and the real qgis_process on the teaching district."""
import os

import geopandas as gpd
import pandas as pd
import pytest
from qgis.core import QgsProcessingException

from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.sinks import accounting as sinks


@pytest.fixture
def parcels_ledger(tmp_path, sample_dir):
    """A ledger whose parcels are the teaching district's land-use polygons."""
    path = str(tmp_path / "ledger.gpkg")
    ledger.create_ledger(path, "EPSG:4547")
    landuse = gpd.read_file(os.path.join(sample_dir, "teaching_district.gpkg"), layer="landuse")
    units = gpd.GeoDataFrame({"unit_id": landuse["lu_id"], "parent_id": None, "level": "parcel",
                              "land_use": landuse["land_use"]}, geometry=landuse.geometry.values, crs=landuse.crs)
    with ledger.Ledger(path).transaction("test") as writer:
        writer.append_rows("units", units)
    return path


def sample(sample_dir, name):
    return os.path.join(sample_dir, name)


def test_accountsinks_in_processing(run_alg, parcels_ledger, sample_dir):
    results = run_alg("carbonledger:accountsinks", {
        "LEDGER": parcels_ledger, "LANDCOVER": sample(sample_dir, "landcover_2024_10m.tif"),
        "LANDCOVER_ALT": sample(sample_dir, "landcover_2015_10m.tif"), "ALT_YEAR": 2015, "YEAR": 2024,
        "CANOPY": sample(sample_dir, "canopy_2024_10m.tif"), "NDVI": sample(sample_dir, "ndvi_2024_10m.tif"),
    })
    store = ledger.Ledger(parcels_ledger)
    entries = store.read_table("entries")
    assert results["ENTRIES"] == len(entries) > 0
    assert results["SINK_T"] == pytest.approx(entries.loc[entries["flow"] == "sink", "co2e_t"].sum())
    stocks = store.read_table("stocks")
    assert results["STOCK_T_C"] == pytest.approx(stocks.loc[stocks["year"] == 2024, "stock_t_c"].sum())
    # the land-use parcels leave the road corridors out; within them every pixel is valid
    assert results["UNCOVERED_UNITS"] == 0
    # cropland lost 2015 -> 2024 (README: 172.9 ha -> 85.1 ha of pixels) shows as a source, one entry per
    # transition; land sealed as paved or built-up never yields a sink
    conversion = entries[entries["sector"] == "land_conversion"]
    assert conversion.loc[conversion["carrier"].str.startswith("cropland_to_"), "co2e_t"].sum() > 0
    sealed = conversion["carrier"].str.endswith(("_to_paved", "_to_built_up"))
    assert sealed.any() and (conversion.loc[sealed, "co2e_t"] > 0).all()
    assert set(entries["gpc_sector"]) == {"V.2"}
    stats = store.read_table("unit_stats")
    area = stats[stats["stat"].str.startswith("area_m2:") & ~stats["stat"].str.contains(":20")]
    units = store.read_layer("units")
    assert area["value"].sum() == pytest.approx(units.geometry.area.sum(), rel=1e-9)
    assert {"mean:ndvi", "mean:canopy", "uncovered_share"} <= set(stats["stat"])
    assert set(store.read_table("factors")["factor_id"]) >= {"sink_rate_urban_trees", "stock_density_cropland"}


def test_bad_input_leaves_the_ledger_unchanged(run_alg, parcels_ledger, sample_dir, tmp_path):
    before = ledger.Ledger(parcels_ledger).summary()["counts"]
    with pytest.raises(QgsProcessingException, match="ALT_YEAR"):
        run_alg("carbonledger:accountsinks", {
            "LEDGER": parcels_ledger, "LANDCOVER": sample(sample_dir, "landcover_2024_10m.tif"),
            "LANDCOVER_ALT": sample(sample_dir, "landcover_2015_10m.tif"),
        })
    classes = sinks.read_class_table()
    classes = classes[classes["class"] != "paved"]
    path = tmp_path / "classes.csv"
    classes.to_csv(path, index=False)
    with pytest.raises(QgsProcessingException, match=r"codes \[9\]"):
        run_alg("carbonledger:accountsinks", {
            "LEDGER": parcels_ledger, "LANDCOVER": sample(sample_dir, "landcover_2024_10m.tif"),
            "CLASSES": str(path),
        })
    assert ledger.Ledger(parcels_ledger).summary()["counts"] == before


def test_accountsinks_with_qgis_process_lue(qgis_process, parcels_ledger, sample_dir):
    completed = qgis_process(
        "run", "carbonledger:accountsinks", "--json", "--", f"LEDGER={parcels_ledger}",
        f"LANDCOVER={sample(sample_dir, 'landcover_2024_10m.tif')}", f"NDVI={sample(sample_dir, 'ndvi_2024_10m.tif')}",
        "METHOD=lue", "LEVELS=parcel",
    )
    results = completed.json["results"]
    entries = ledger.Ledger(parcels_ledger).read_table("entries")
    assert set(entries["method"]) == {"lue_ndvi"}
    assert results["SINK_T"] == pytest.approx(entries["co2e_t"].sum())
    # greener parcels take up more per ha: forest parcels above paved car parks
    units = ledger.Ledger(parcels_ledger).read_layer("units").set_index("unit_id")
    hectares = units.geometry.area.reindex(entries["unit_id"]).to_numpy() / 1e4
    per_ha = pd.Series(entries["co2e_t"].to_numpy() / hectares, index=entries["unit_id"].to_numpy())
    land_use = units["land_use"].reindex(per_ha.index)
    assert per_ha[land_use == "forest"].mean() < per_ha[land_use == "parking"].mean() <= 0
