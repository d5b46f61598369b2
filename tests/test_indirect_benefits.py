"""Indirect benefits of green space: park cooling, stormwater, pollutant removal, by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.greenspace.indirect_benefits import account_indirect_benefits
from urban_carbon_ledger.algorithms.core.progress import Progress

from greenspace_layouts import box, grid_parameters, make_ledger, unit

GRID = 0.5271  # kg CO2/kWh, test row
CC_TREES = 0.6 * 0.8 + 0.2 * 0.16 + 0.2 * 0.9  # shipped shade, albedo, Kc of urban_trees


def _one_park_three_buildings(tmp_path):
    """A 10 m x 10 m tree park (one sample point at its centre, (5, 5)) and three 20 m x 20 m
    residential buildings with centroids 100 m, 300 m and 3000 m east of it."""
    return make_ledger(
        tmp_path / "c.gpkg",
        [
            unit("P", box(0, 0, 10, 10), land_use="park"),
            unit("B1", box(95, -5, 20, 20), level="building", land_use="residential"),
            unit("B2", box(295, -5, 20, 20), level="building", land_use="residential"),
            unit("B3", box(2995, -5, 20, 20), level="building", land_use="residential"),
        ],
        cover={"P": {"urban_trees": 100.0}},
    )


# d_cool 100 m (cut-off 500 m), no 2-ha rule, built-up surfaces with zero cooling capacity
COOLING_TEST = dict(gs_cooling_distance=100, gs_green_area_threshold=0, gs_albedo_built_up=0, gs_kc_built_up=0)


def test_park_cooling_decays_with_distance_and_lands_on_the_buildings(tmp_path):
    ledger = _one_park_three_buildings(tmp_path)
    account_indirect_benefits(ledger, grid_parameters(**COOLING_TEST))
    norm = 2 * math.pi * 100 ** 2 * (1 - math.exp(-5) * 6)  # kernel integral over the 500 m disc, m2
    entries = ledger.read_table("entries", match={"sector": "greenspace_cooling"}).set_index("unit_id")
    assert set(entries.index) == {"B1", "B2"}  # B3 lies beyond 5 d_cool
    for building, distance in (("B1", 100.0), ("B2", 300.0)):
        cc_park = CC_TREES * 100.0 * math.exp(-distance / 100.0) / norm
        kwh = 3.0 * 400.0 * cc_park * 3.0  # e_residential x footprint x (HM - CC) x UHI_max
        entry = entries.loc[building]
        assert entry["flow"] == "avoided" and entry["related_unit_id"] == "P"
        assert entry["activity"] == pytest.approx(kwh, rel=1e-9)
        assert entry["co2e_t"] == pytest.approx(-kwh * GRID / 1000, rel=1e-9)
        assert entry["high_t"] < 0 and entry["low_t"] < entry["co2e_t"]
    stats = ledger.read_table("unit_stats", match={"stat": "cooling:dt_degc"}).set_index("unit_id")["value"]
    assert stats["B3"] == 0
    assert stats["B1"] / stats["B2"] == pytest.approx(math.exp(2))


def test_two_parks_share_a_building_saving_by_their_contribution(tmp_path):
    ledger = make_ledger(
        tmp_path / "s.gpkg",
        [
            unit("PA", box(0, 0, 10, 10), land_use="park"),
            unit("PB", box(0, 200, 10, 10), land_use="park"),
            unit("B", box(-5, 95, 20, 20), level="building", land_use="commercial"),
        ],
        cover={"PA": {"urban_trees": 100.0}, "PB": {"lawn": 100.0}},
    )
    account_indirect_benefits(ledger, grid_parameters(**COOLING_TEST))
    entries = ledger.read_table("entries", match={"sector": "greenspace_cooling"}).set_index("related_unit_id")
    cc_lawn = 0.2 * 0.22 + 0.2 * 0.8
    # both parks lie 100 m from the building: shares follow CC_j alone
    assert entries.loc["PA", "activity"] / entries.loc["PB", "activity"] == pytest.approx(CC_TREES / cc_lawn)
    norm = 2 * math.pi * 100 ** 2 * (1 - math.exp(-5) * 6)
    total = 5.0 * 400 * 3.0 * (CC_TREES + cc_lawn) * 100 * math.exp(-1) / norm
    assert entries["activity"].sum() == pytest.approx(total)


def test_a_large_park_matches_an_independent_fine_integration(tmp_path):
    ledger = make_ledger(
        tmp_path / "big.gpkg",
        [
            unit("P", box(0, 0, 400, 400), land_use="park"),
            unit("B", box(410, 190, 20, 20), level="building", land_use="residential"),
        ],
        cover={"P": {"urban_trees": 160000.0}},
    )
    account_indirect_benefits(ledger, grid_parameters())
    # 1 m cells over the park, shipped d_cool = 450 m, cut-off 2250 m, the building centre at (420, 200)
    x, y = np.meshgrid(np.arange(0.5, 400), np.arange(0.5, 400))
    integral = np.exp(-np.hypot(x - 420, y - 200) / 450).sum()
    norm = 2 * math.pi * 450 ** 2 * (1 - math.exp(-5) * 6)
    cc_park = CC_TREES * integral / norm
    stats = ledger.read_table("unit_stats", match={"stat": "cooling:hm"}).set_index("unit_id")["value"]
    assert stats["B"] == pytest.approx(cc_park, rel=0.01)
    dt = ledger.read_table("unit_stats", match={"stat": "cooling:dt_degc"}).set_index("unit_id")["value"]["B"]
    assert dt == pytest.approx((cc_park - (0.2 * 0.15 + 0.2 * 0.1)) * 3.0, rel=0.02)


def test_stormwater_and_pollutants_by_hand(tmp_path):
    ledger = make_ledger(
        tmp_path / "w.gpkg",
        [unit("P", box(0, 0, 100, 100), land_use="park")],
        cover={"P": {"lawn": 6000.0, "urban_trees": 4000.0}},
    )
    summary = account_indirect_benefits(ledger, grid_parameters(), soil_group="B")
    stats = ledger.read_table("unit_stats").set_index("stat")["value"]
    # P = 1269 mm; RC lawn/B 0.18, urban_trees/B 0.12, paved 0.90
    assert stats["stormwater:retained_m3"] == pytest.approx(1269 * (0.82 * 6000 + 0.88 * 4000) / 1000)
    avoided = 1269 * (0.72 * 6000 + 0.78 * 4000) / 1000
    assert stats["stormwater:avoided_runoff_m3"] == pytest.approx(avoided)
    entries = ledger.read_table("entries", match={"sector": "greenspace_stormwater"})
    assert entries["activity"].sum() == pytest.approx(avoided * 0.1)  # 0.1 kWh/m3
    assert summary["stormwater_t"] == pytest.approx(-avoided * 0.1 * GRID / 1000)
    assert set(entries["related_unit_id"]) == {"P"}
    removal = ledger.read_table("pollutant_removal").set_index("pollutant")
    assert removal.loc["pm25", "removal_kg"] == pytest.approx(0.00064 * 35 * 4000 * 31536000 * 0.75 * 1e-9)
    assert removal.loc["pm25", "canopy_m2"] == 4000
    assert set(removal.index) == {"co", "no2", "o3", "pm25", "so2"}
    assert summary["pollutant_kg"]["pm25"] == pytest.approx(removal.loc["pm25", "removal_kg"])
    stored = ledger.read_table("entries")
    assert not (stored["sector"].str.contains("pollut") | (stored["carrier"] == "pm25")).any()  # never CO2


def test_stormwater_against_water_reference_is_invest_absolute_retention(tmp_path):
    ledger = make_ledger(tmp_path / "a.gpkg", [unit("P", box(0, 0, 100, 100), land_use="park")],
                         cover={"P": {"lawn": 10000.0}})
    account_indirect_benefits(ledger, grid_parameters(), soil_group="D", reference_cover="water")
    stats = ledger.read_table("unit_stats").set_index("stat")["value"]
    assert stats["stormwater:avoided_runoff_m3"] == pytest.approx(stats["stormwater:retained_m3"])
    assert stats["stormwater:retained_m3"] == pytest.approx(1269 * 0.70 * 10000 / 1000)


def test_zero_area_building_is_skipped_with_a_message(tmp_path):
    ledger = make_ledger(
        tmp_path / "z.gpkg",
        [
            unit("P", box(0, 0, 10, 10), land_use="park"),
            unit("B1", box(95, -5, 20, 20), level="building", land_use="residential"),
            unit("B0", box(95, 50, 0, 0), level="building", land_use="warehouse"),
        ],
        cover={"P": {"urban_trees": 100.0}},
    )
    messages = []
    account_indirect_benefits(ledger, grid_parameters(**COOLING_TEST), progress=Progress(log=messages.append))
    entries = ledger.read_table("entries", match={"sector": "greenspace_cooling"})
    assert list(entries["unit_id"]) == ["B1"]
    assert any("no footprint area (e.g. B0)" in m for m in messages)
    assert any("'warehouse'" in m and "'other'" in m for m in messages)


def test_canopy_raster_mean_replaces_tree_class_area(tmp_path):
    ledger = make_ledger(
        tmp_path / "k.gpkg",
        [unit("P1", box(0, 0, 100, 100), land_use="park"), unit("P2", box(200, 0, 100, 100), land_use="park")],
        cover={"P1": {"lawn": 6000.0, "urban_trees": 4000.0}, "P2": {"urban_trees": 10000.0}},
    )
    with ledger.transaction("test:canopy") as writer:
        writer.append_rows("unit_stats", pd.DataFrame({"unit_id": ["P1"], "stat": ["mean:canopy"], "value": [0.3]}))
    account_indirect_benefits(ledger, grid_parameters())
    removal = ledger.read_table("pollutant_removal", match={"pollutant": "o3"}).set_index("unit_id")
    assert removal.loc["P1", "canopy_m2"] == pytest.approx(3000)  # 0.3 x 10,000 m2 from the canopy raster
    assert removal.loc["P2", "canopy_m2"] == pytest.approx(10000)  # no raster mean: the tree classes
    assert removal.loc["P1", "removal_kg"] == pytest.approx(0.0045 * 90 * 3000 * 31536000 * 0.75 * 1e-9)


def test_pm25_deposition_cites_nowak_2013():
    """The PM2.5 velocity rests on Nowak, Hirabayashi, Bodine and Hoehn 2013 (PM2.5 in ten U.S. cities),
    not on Nowak et al. 2006 (which modelled PM10); the unchecked value is marked unconfirmed. Its removal
    at 35 ug/m3 over 4,000 m2 of canopy stays 0.00064 x 35 x 4,000 x 31,536,000 x 0.75 x 1e-9 = 2.119 kg/yr."""
    from urban_carbon_ledger.algorithms.greenspace.parameters import Parameters

    row = Parameters().table.loc["gs_deposition_velocity_pm25"]
    assert "Nowak, Hirabayashi, Bodine and Hoehn 2013" in row["source"]
    assert "Environmental Pollution 178:395-402" in row["source"] and "unconfirmed" in row["source"]
    assert "2006" not in row["source"].split("; ")[0]
    assert float(row["value"]) * 35 * 4000 * 31536000 * 0.75 * 1e-9 == pytest.approx(2.119, abs=5e-4)
