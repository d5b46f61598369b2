"""carbonledger:yearchange: the change between two inventory years split into activity, factor and
method parts, with the interval of the change (shared factors correlated), worked out by hand."""
import math

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger.intervals import product_bounds
from urban_carbon_ledger.algorithms.mrv.year_change import year_change

HIERARCHY = pd.DataFrame([
    ("D1", None, "district", "Old town"), ("B1", "D1", "block", None), ("G1", "B1", "building", None),
    ("G2", "B1", "building", None), ("G3", "B1", "building", None), ("P1", "B1", "parcel", None),
], columns=["unit_id", "parent_id", "level", "name"])


def entry(unit, sector, carrier, activity, rel_activity, factor_id, factor, rel_factor, conversion, method,
          row_hash, flow="source", unit_of_activity="kWh"):
    """One entry as entries.finalize_entries makes it (Approach 1 interval of the product)."""
    value, low, high = product_bounds(activity, activity * (1 - rel_activity), activity * (1 + rel_activity),
                                      factor, factor * (1 - rel_factor), factor * (1 + rel_factor), conversion)
    return {"unit_id": unit, "flow": flow, "sector": sector, "carrier": carrier, "activity_unit": unit_of_activity,
            "method": method, "co2e_t": float(value), "low_t": float(low), "high_t": float(high),
            "factor_id": factor_id, "activity": activity, "activity_low": activity * (1 - rel_activity),
            "activity_high": activity * (1 + rel_activity), "inputs_hash": row_hash}


BEFORE = pd.DataFrame([
    # 1,000 kWh x 0.6 kg/kWh (grid 2023, +-10%) = 0.6 t; metered +-5%
    entry("G1", "commercial", "electricity", 1000, 0.05, "china_grid_central_2023", 0.6, 0.10, 0.001, "metered", "a"),
    # 10 TJ of gas x 56.1 t/TJ (+-5%) = 561 t, metered +-2%
    entry("G1", "commercial", "natural_gas", 10, 0.02, "ng_co2", 56.1, 0.05, 1.0, "metered", "b",
          unit_of_activity="TJ"),
    entry("G3", "commercial", "natural_gas", 10, 0.02, "ng_co2", 56.1, 0.05, 1.0, "metered", "c",
          unit_of_activity="TJ"),
    # 2 ha of forest x 3 t C/ha/yr x -44/12 = -22 t
    entry("P1", "forest", "forest", 2, 0.0, "forest_rate", 3.0, 0.5, -44 / 12, "zonal_exact", "d", flow="sink",
          unit_of_activity="ha"),
])
AFTER = pd.DataFrame([
    # 1,100 kWh x 0.5 kg/kWh (grid 2024) = 0.55 t
    entry("G1", "commercial", "electricity", 1100, 0.05, "china_grid_central_2024", 0.5, 0.10, 0.001, "metered", "e"),
    # the same 10 TJ, now downscaled from a district total: a method change
    entry("G1", "commercial", "natural_gas", 12, 0.02, "ng_co2", 56.1, 0.05, 1.0, "downscaled_floor_area", "f",
          unit_of_activity="TJ"),
    entry("G3", "commercial", "natural_gas", 12, 0.02, "ng_co2", 56.1, 0.05, 1.0, "metered", "g",
          unit_of_activity="TJ"),
    # a new building: 500 kWh x 0.5 kg/kWh = 0.25 t; the forest parcel converted: its sink is gone
    entry("G2", "commercial", "electricity", 500, 0.05, "china_grid_central_2024", 0.5, 0.10, 0.001, "metered", "h"),
])


def rows(table):
    return table.set_index(["unit_id", "sector"])


def test_activity_factor_and_method_parts_worked_by_hand():
    table, outside = year_change(BEFORE, AFTER, HIERARCHY, "building")
    got = rows(table)
    assert outside == 1  # the parcel's sink lies under no building
    g1 = got.loc[("G1", "commercial")]
    # electricity: activity (1100 - 1000) x (0.0006 + 0.0005) / 2 = 0.055 t; factor (0.0005 - 0.0006) x
    # (1000 + 1100) / 2 = -0.105 t; together 0.55 - 0.6 = -0.05 t. Gas: metered -> downscaled, so its whole
    # change 56.1 x (12 - 10) = 112.2 t is the method part.
    assert g1["activity_t"] == pytest.approx(0.055, abs=1e-12)
    assert g1["factor_t"] == pytest.approx(-0.105, abs=1e-12)
    assert g1["method_t"] == pytest.approx(112.2, abs=1e-9)
    assert g1["change_t"] == pytest.approx(112.2 - 0.05, abs=1e-9)
    assert got.loc[("G2", "commercial"), ["activity_t", "factor_t", "method_t"]].tolist() == pytest.approx(
        [0.25, 0, 0], abs=1e-12)  # new building: all activity


def test_shared_factor_is_correlated_between_the_years():
    table, _ = year_change(BEFORE, AFTER, HIERARCHY, "building")
    g3 = rows(table).loc[("G3", "all")]
    # change 673.2 - 561 = 112.2 t. ng_co2 is cited in both years: its shifts 673.2 x 5% - 561 x 5% = 5.61 t
    # (correlated); the two metered amounts are independent: 673.2 x 2% = 13.464 t and 561 x 2% = 11.22 t
    deviation = math.sqrt(5.61 ** 2 + 13.464 ** 2 + 11.22 ** 2)  # 18.402 t
    assert g3["change_t"] == pytest.approx(112.2)
    assert g3["change_low_t"] == pytest.approx(112.2 - deviation, rel=1e-9)
    assert g3["change_high_t"] == pytest.approx(112.2 + deviation, rel=1e-9)
    assert g3["significant"] == 1
    assert g3["activity_t"] == pytest.approx(112.2) and g3["factor_t"] == pytest.approx(0.0, abs=1e-12)


def test_a_grid_factor_change_alone_is_not_significant_and_sums_up_the_hierarchy():
    table, outside = year_change(BEFORE, AFTER, HIERARCHY, "district")
    assert outside == 0
    got = rows(table)
    electricity = got.loc[("D1", "commercial")]
    # district commercial = electricity of G1, G2 and the gas of G1, G3
    assert electricity["activity_t"] == pytest.approx(0.055 + 0.25 + 112.2)
    assert electricity["factor_t"] == pytest.approx(-0.105)
    assert electricity["method_t"] == pytest.approx(112.2)
    forest = got.loc[("D1", "forest")]
    assert forest[["from_t", "to_t", "change_t", "activity_t"]].tolist() == pytest.approx([-22, 0, 22, 22])
    whole = got.loc[("D1", "all")]
    assert whole["name"] == "Old town" and whole["change_t"] == pytest.approx(0.2 + 224.4 + 22)
    assert whole[["activity_t", "factor_t", "method_t"]].sum() == pytest.approx(whole["change_t"])
    g1 = rows(year_change(BEFORE[:1], AFTER[:1], HIERARCHY, "building")[0]).loc[("G1", "all")]
    # G1's electricity alone: -0.05 t; grid rows 2023 and 2024 are independent: 0.06 and 0.055 t; the two
    # meter readings 0.03 and 0.0275 t: sqrt(0.00828125) = 0.0910 t > 0.05: not told apart from noise
    deviation = math.sqrt(0.06 ** 2 + 0.055 ** 2 + 0.03 ** 2 + 0.0275 ** 2)
    assert (g1["change_low_t"], g1["change_high_t"]) == pytest.approx((-0.05 - deviation, -0.05 + deviation))
    assert g1["significant"] == 0
