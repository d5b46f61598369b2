"""Life-cycle budget of green space against hand-worked numbers (shipped parameters, test grid row)."""
import math

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget
from urban_carbon_ledger.algorithms.ledger.store import Ledger

from greenspace_layouts import box, grid_parameters, make_ledger, unit

GRID = 0.5271  # kg CO2/kWh, test row
N2O = 0.01 * 44 / 28 * 265  # kg CO2e per kg N: EF1 x N2O/N2O-N x GWP100 (AR5)


def _lawn_and_park(tmp_path):
    return make_ledger(
        tmp_path / "l.gpkg",
        [
            unit("D1", box(0, 0, 400, 400), level="district"),
            unit("D1-P1", box(0, 0, 100, 100), parent_id="D1", land_use="lawn", built_year=2015),
            unit("D1-P2", box(200, 0, 200, 100), parent_id="D1", land_use="park", built_year=2010),
            unit("D1-P3", box(0, 200, 100, 100), parent_id="D1", land_use="residential"),
        ],
        cover={"D1-P1": {"lawn": 10000.0}, "D1-P2": {"urban_trees": 10000.0, "lawn": 10000.0}},
        sinks={"D1-P1": -1.0, "D1-P2": -20.0},
    )


def test_irrigated_lawn_is_a_net_source_and_park_pays_back(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    summary = account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert set(budget.index) == {"D1-P1", "D1-P2"}

    # Lawn, 10,000 m2, intensive, built 2015 (9 years before 2024 < 20-yr life): construction (5 + 8 + 3) kg/m2 / 20 yr
    lawn = budget.loc["D1-P1"]
    construction = 10000 * 16 / 1000 / 20
    irrigation = 10000 * 1.0 * 0.45 * GRID / 1000
    mowing = 10000 * 0.08 * 2.27 / 1000
    fertiliser = 10000 * 0.02 * N2O / 1000
    # composting (IPCC 2006 Vol 5 Table 4.1, wet weight): 4 g CH4 x 28 + 0.3 g N2O x 265 = 191.5 kg CO2e/t
    pruning = 10000 * 0.0015 * (4 * 28 + 0.3 * 265) / 1000
    replanting = 10000 * 0.05 * 1.5 / 1000
    maintenance = irrigation + mowing + fertiliser + pruning + replanting
    assert lawn["construction_amortised_t"] == pytest.approx(8.0)
    assert lawn["construction_total_t"] == pytest.approx(construction * 20)
    assert lawn["maintenance_t"] == pytest.approx(maintenance)
    assert irrigation == pytest.approx(2.371950)
    assert irrigation > 1.0  # the water alone outweighs the lawn's uptake
    assert lawn["net_t"] == pytest.approx(-1.0 + maintenance + construction)
    assert lawn["net_t"] > 0
    assert pd.isna(lawn["payback_years"]) and pd.isna(lawn["payback_year"])

    # Park, 20,000 m2 (half trees, half lawn), standard regime, built 2010
    park = budget.loc["D1-P2"]
    construction_total = 20000 * (8 + 30 + 10) / 1000
    maintenance = (
        (10000 * 0.5 + 10000 * 0.2) * 0.45 * GRID / 1000
        + 10000 * 0.04 * 2.27 / 1000
        + (10000 * 0.01 + 10000 * 0.002) * N2O / 1000
        + (10000 * 0.001 + 10000 * 0.0008) * 191.5 / 1000
        + (10000 * 0.03 + 10000 * 0.01) * 1.5 / 1000
    )
    assert park["construction_amortised_t"] == pytest.approx(construction_total / 30)
    assert park["maintenance_t"] == pytest.approx(maintenance)
    years = construction_total / (20.0 - maintenance)
    assert park["payback_years"] == pytest.approx(years)
    assert park["payback_year"] == 2010 + math.ceil(years)
    assert summary["net_sources"] == 2  # amortised construction outweighs the park's net uptake too
    assert summary["units"] == 2
    assert summary["construction_charged"] == 2


def test_entries_are_traceable_sources(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    account_greenspace_budget(ledger, grid_parameters())
    entries = ledger.read_table("entries", match={"flow": "source"})
    irrigation = entries[(entries["unit_id"] == "D1-P1") & (entries["sector"] == "greenspace_irrigation")].iloc[0]
    assert irrigation["activity"] == pytest.approx(4500.0)  # kWh = 10,000 m2 x 1.0 m3/m2 x 0.45 kWh/m3
    assert irrigation["factor_id"] == "china_grid_central_2023"
    assert irrigation["co2e_t"] == pytest.approx(4500 * GRID / 1000)
    assert irrigation["low_t"] < irrigation["co2e_t"] < irrigation["high_t"]
    assert irrigation["scope"] == 2
    factors = set(ledger.read_table("factors")["factor_id"])
    assert {"gs_irrigation_water_intensive_lawn", "gs_pumping_energy", "gs_lifetime_lawn", "gwp_ar5_n2o"} <= factors
    units = ledger.read_table("units").set_index("unit_id")
    sources = entries.groupby("unit_id")["co2e_t"].sum()
    assert units.loc["D1", "source_t"] == pytest.approx(sources.sum())
    # running again replaces, never doubles
    account_greenspace_budget(ledger, grid_parameters())
    assert len(ledger.read_table("entries", match={"flow": "source"})) == len(entries)


def test_override_table_and_assignment_turn_a_park_into_an_extensive_meadow(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    assignment = pd.DataFrame({"unit_id": ["D1-P2"], "design_type": ["grassland"], "regime": ["extensive"]})
    account_greenspace_budget(ledger, grid_parameters(gs_lifetime_grassland=20), assignments=assignment)
    park = ledger.read_table("greenspace_budget").set_index("unit_id").loc["D1-P2"]
    assert park["design_type"] == "grassland"
    # built 2010, 14 years before 2024 < 20-yr life: charged
    assert park["construction_amortised_t"] == pytest.approx(20000 * (3 + 4 + 2) / 1000 / 20)
    # extensive: only pruning of urban trees (0.0005 t/m2) applies to this cover
    assert park["maintenance_t"] == pytest.approx(10000 * 0.0005 * 191.5 / 1000)


def test_overlapping_green_units_are_counted_once(tmp_path):
    ledger = make_ledger(
        tmp_path / "o.gpkg",
        [
            unit("P1", box(0, 0, 100, 100), land_use="lawn", built_year=2020),
            unit("P2", box(50, 0, 100, 100), land_use="lawn", built_year=2020),
        ],
        cover={"P1": {"lawn": 10000.0}, "P2": {"lawn": 10000.0}},
        sinks={"P1": -1.0, "P2": -1.0},
    )
    messages = []
    from urban_carbon_ledger.algorithms.core.progress import Progress

    summary = account_greenspace_budget(ledger, grid_parameters(), progress=Progress(log=messages.append))
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["P1", "area_m2"] == pytest.approx(10000)
    assert budget.loc["P2", "area_m2"] == pytest.approx(5000)
    assert budget.loc["P2", "construction_amortised_t"] == pytest.approx(5000 * 16 / 1000 / 20)
    # P2 measured -1.0 t on its 10,000 m2; half of that ground is P1's (which measured it too): -0.5 counts for P2
    assert budget["gross_uptake_t"].to_dict() == pytest.approx({"P1": -1.0, "P2": -0.5})
    assert summary["overlaps"] == 1
    assert any("P2 and P1 share 5000.0 m2" in m for m in messages)


def test_no_sink_entries_is_refused_before_writing(tmp_path):
    path = tmp_path / "e.gpkg"
    ledger = make_ledger(path, [unit("P1", box(0, 0, 100, 100), land_use="lawn")])
    with pytest.raises(LedgerInputError, match="run carbonledger:accountsinks first"):
        account_greenspace_budget(ledger, grid_parameters())
    assert ledger.count("runs", {"algorithm": "carbonledger:greenspacebudget"}) == 0


def test_unknown_design_type_names_the_row(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    bad = pd.DataFrame({"unit_id": ["D1-P1", "D1-P2"], "design_type": ["lawn", "rooftop"]})
    with pytest.raises(LedgerInputError, match="row 2.*rooftop"):
        account_greenspace_budget(ledger, grid_parameters(), assignments=bad)


def test_missing_grid_factor_is_named(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    with pytest.raises(LedgerInputError, match="china_grid_mars_2023"):
        account_greenspace_budget(ledger, grid_parameters(), grid_factor_id="china_grid_mars_2023")
    assert Ledger(ledger.path).count("greenspace_budget") == 0


def test_land_conversion_is_not_gross_uptake(tmp_path):
    ledger = _lawn_and_park(tmp_path)
    conversion = pd.DataFrame([{
        "entry_id": "baseline/D1-P1/land_conversion", "unit_id": "D1-P1", "scenario": "baseline", "flow": "sink",
        "sector": "land_conversion", "co2e_t": -50.0, "low_t": -60.0, "high_t": -40.0,
    }])
    with ledger.transaction("test:conversion") as writer:
        writer.append_rows("entries", conversion)
    account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["D1-P1", "gross_uptake_t"] == pytest.approx(-1.0)


def test_a_fresh_budget_verifies_clean(tmp_path):
    """Every factor a life-cycle entry names is copied into the ledger, so verification recomputes it."""
    from urban_carbon_ledger.algorithms.mrv.verification import verify_ledger

    ledger = _lawn_and_park(tmp_path)
    account_greenspace_budget(ledger, grid_parameters())
    mismatches, summary = verify_ledger(ledger.path)
    lifecycle = mismatches[mismatches["entry_id"].str.contains("/greenspace_")]
    assert lifecycle.empty, lifecycle[["entry_id", "field", "stored"]].to_string()
    sectors = set(ledger.read_table("entries", match={"flow": "source"})["sector"])
    assert {"greenspace_mowing", "greenspace_pruning_waste", "greenspace_fertiliser"} <= sectors
    assert "greenspace_replanting" in set(ledger.read_table("entries", match={"flow": "lifecycle"})["sector"])


def _old_and_new(tmp_path, electricity_method=None):
    """A 2019 lawn (10,000 m2), and a hill forest and a lake wetland with no built year; optionally a
    building with a grid-electricity entry of the given method."""
    ledger = make_ledger(
        tmp_path / "n.gpkg",
        [
            unit("D1", box(0, 0, 600, 400), level="district"),
            unit("D1-P1", box(0, 0, 100, 100), parent_id="D1", land_use="lawn", built_year=2019),
            unit("D1-P2", box(200, 0, 100, 100), parent_id="D1", land_use="forest"),
            unit("D1-P3", box(400, 0, 100, 100), parent_id="D1", land_use="wetland"),
        ],
        cover={"D1-P1": {"lawn": 10000.0}, "D1-P2": {"forest": 10000.0}, "D1-P3": {"wetland": 10000.0}},
        sinks={"D1-P1": -1.0, "D1-P2": -30.0, "D1-P3": -5.0},
    )
    if electricity_method:
        row = pd.DataFrame([{"entry_id": "baseline/D1/electricity", "unit_id": "D1", "scenario": "baseline",
                             "flow": "source", "sector": "commercial", "carrier": "electricity", "scope": 2,
                             "method": electricity_method, "co2e_t": 100.0, "low_t": 90.0, "high_t": 110.0}])
        with ledger.transaction("test:electricity") as writer:
            writer.append_rows("entries", row)
    return ledger


def table_has_vi(table):
    """True when the life-cycle table books construction and replanting under GPC VI.1, scope 3."""
    rows = table[table["sector"].isin(["greenspace_construction", "greenspace_replanting"])]
    return len(rows) == 2 and set(rows["gpc_sector"]) == {"VI.1"} and set(rows["scope"]) == {3}


def test_life_cycle_entries_stay_out_of_the_territorial_net(tmp_path):
    """GPC VI (construction, replanting) and IE irrigation are 'lifecycle' entries: the unit totals,
    the GPC table and BASIC hold only the territorial maintenance (mowing, fertiliser, pruning).

    Lawn 10,000 m2, intensive, built 2019 (5 < 20 yr): construction 10,000 x 16 / 1000 / 20 = 8.0 t/yr;
    replanting 10,000 x 0.05 x 1.5 / 1000 = 0.75 t/yr; irrigation 10,000 x 1.0 x 0.45 kWh/m3 x 0.5271
    / 1000 = 2.37195 t/yr, IE because the ledger's electricity is downscaled from a utility total.
    Territorial: mowing 10,000 x 0.08 x 2.27 / 1000 = 1.816, fertiliser 10,000 x 0.02 x N2O / 1000 =
    0.83286, pruning 10,000 x 0.0015 x 191.5 / 1000 = 2.8725 t/yr (lawn); the forest (extensive,
    10,000 m2 forest): pruning 10,000 x 0.0002 x 191.5 / 1000 = 0.383 t/yr; replanting of the forest
    (10,000 x 0.005 x 1.5 / 1000 = 0.075) is life cycle too. The wetland has no maintenance rate.
    """
    from urban_carbon_ledger.algorithms.reports import inventory

    ledger = _old_and_new(tmp_path, "downscaled_floor_area")
    summary = account_greenspace_budget(ledger, grid_parameters())
    assert summary["irrigation_ie"] is True
    assert summary["construction_charged"] == 1  # the lawn only
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget.loc["D1-P1", "construction_amortised_t"] == pytest.approx(8.0)
    assert budget.loc["D1-P2", "construction_amortised_t"] == 0.0  # hill forest, no built year
    assert budget.loc["D1-P3", "construction_amortised_t"] == 0.0  # lake wetland
    # shown, not charged
    assert budget.loc["D1-P2", "construction_total_t"] == pytest.approx(10000 * (3 + 5 + 2) / 1000)
    # merge with main: composting at 191.5 kg CO2e/t (main's N2O 0.3 g/kg; the branch had 175.6)
    territorial = 1.816 + 10000 * 0.02 * N2O / 1000 + 2.8725 + 0.383
    lifecycle = 8.0 + 0.75 + 2.37195 + 0.075
    assert summary["territorial_t"] == pytest.approx(territorial, rel=1e-4)
    assert summary["lifecycle_t"] == pytest.approx(lifecycle, rel=1e-4)
    entries = ledger.read_table("entries")
    assert not (entries["sector"] == "greenspace_construction").any() or \
        set(entries.loc[entries["sector"] == "greenspace_construction", "unit_id"]) == {"D1-P1"}
    irrigation = entries[entries["sector"] == "greenspace_irrigation"]
    assert set(irrigation["flow"]) == {"lifecycle"} and irrigation["method"].str.endswith(":IE").all()
    units = ledger.read_table("units").set_index("unit_id")
    # district D1: the 100 t electricity + the territorial maintenance, not the life cycle
    assert units.loc["D1", "source_t"] == pytest.approx(100.0 + territorial, rel=1e-6)
    gpc = inventory.gpc_table(entries).set_index("gpc_sector")
    assert gpc.loc["VI.1", "scope_3"] == "NE"  # construction and replanting are not in the territorial table
    assert table_has_vi(inventory.lifecycle_table(entries))
    assert gpc.loc["TOTAL", "total_t"] == pytest.approx(100.0 + territorial - 36.0, rel=1e-6)
    table = inventory.lifecycle_table(entries).set_index("sector")
    assert table.loc["greenspace_irrigation", "key"] == "IE"
    assert table.loc["greenspace_construction", "co2e_t"] == pytest.approx(8.0)
    assert table.loc["greenspace_replanting", "co2e_t"] == pytest.approx(0.825)


def test_irrigation_is_a_scope_2_source_when_electricity_is_metered_only(tmp_path):
    """Metered electricity does not hold the parks' pumps: irrigation stays a scope-2 source entry,
    10,000 m2 x 1.0 m3/m2 x 0.45 kWh/m3 x 0.5271 kg/kWh / 1000 = 2.37195 t CO2/yr."""
    ledger = _old_and_new(tmp_path, "metered")
    summary = account_greenspace_budget(ledger, grid_parameters())
    assert summary["irrigation_ie"] is False
    irrigation = ledger.read_table("entries", match={"sector": "greenspace_irrigation"})
    assert list(irrigation["flow"]) == ["source"]
    assert irrigation["co2e_t"].sum() == pytest.approx(2.37195)
    forced = account_greenspace_budget(ledger, grid_parameters(), irrigation="included")
    assert forced["irrigation_ie"] is True
    with pytest.raises(LedgerInputError, match="not one of auto, included, separate"):
        account_greenspace_budget(ledger, grid_parameters(), irrigation="maybe")


def test_net_interval_counts_construction_only_where_it_is_charged(tmp_path):
    """Merge of m16green (construction charged only within the design life) and main (the net's interval
    is that of the sum of the unit's entries, shared factors correlated): the interval of each unit's
    net_t is intervals.sum_interval of exactly the entries the budget counts, i.e. the unit's stored
    life-cycle and source entries (an uncharged unit's construction is not written) and its sink entry.
    The lawn (built 2019) carries its construction; the hill forest (no built year) does not, so its
    interval equals that of its pruning, replanting and sink entries alone (conservation, not by hand)."""
    from urban_carbon_ledger.algorithms.ledger import intervals

    ledger = _old_and_new(tmp_path)
    account_greenspace_budget(ledger, grid_parameters())
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    entries = ledger.read_table("entries")
    for unit_id, construction in (("D1-P1", True), ("D1-P2", False)):
        mine = entries[entries["unit_id"] == unit_id]
        assert (mine["sector"] == "greenspace_construction").any() == construction
        total, low, high = intervals.sum_interval(mine)
        assert budget.loc[unit_id, "net_t"] == pytest.approx(total, rel=1e-9)
        assert (budget.loc[unit_id, "net_low_t"], budget.loc[unit_id, "net_high_t"]) == (
            pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
    assert budget.loc["D1-P2", "construction_total_t"] > 0  # shown, yet outside net_t and its interval


def _block_of_parcels(tmp_path):
    """District D1 > block B1 > a lawn parcel P1 (10,000 m2) and a residential parcel P2, each with a segment; a sink
    entry on every unit (t CO2e/yr): D1 -16, B1 -8, P1 -1, P1-S1 -2, P2 -3, P2-S1 -4."""
    return make_ledger(
        tmp_path / "b.gpkg",
        [
            unit("D1", box(0, 0, 400, 400), level="district"),
            unit("D1-B1", box(0, 0, 300, 100), level="block", parent_id="D1"),
            unit("D1-B1-P1", box(0, 0, 100, 100), parent_id="D1-B1", land_use="lawn"),
            unit("D1-B1-P1-S1", box(0, 0, 50, 100), level="segment", parent_id="D1-B1-P1"),
            unit("D1-B1-P2", box(200, 0, 100, 100), parent_id="D1-B1", land_use="residential"),
            unit("D1-B1-P2-S1", box(200, 0, 50, 100), level="segment", parent_id="D1-B1-P2"),
        ],
        cover={"D1-B1": {"lawn": 30000.0}, "D1-B1-P1": {"lawn": 10000.0}},
        sinks={"D1": -16.0, "D1-B1": -8.0, "D1-B1-P1": -1.0, "D1-B1-P1-S1": -2.0, "D1-B1-P2": -3.0,
               "D1-B1-P2-S1": -4.0},
    )


def test_uptake_counts_the_units_below_up_to_the_next_green_unit(tmp_path):
    """The lawn P1 takes up its own and its segment's sinks, -1 - 2 = -3 t CO2e/yr; the block B1, made a park by
    GREEN_UNITS, its own, P2's and P2's segment's, -8 - 3 - 4 = -15 (P1 and below are the lawn's); D1 is no green
    unit. (The same figures as main's, which walked the whole city's hierarchy in Python.)"""
    ledger = _block_of_parcels(tmp_path)
    parks = pd.DataFrame({"unit_id": ["D1-B1"], "design_type": ["park"]})
    account_greenspace_budget(ledger, grid_parameters(), assignments=parks)
    budget = ledger.read_table("greenspace_budget").set_index("unit_id")
    assert budget["gross_uptake_t"].to_dict() == {"D1-B1": -15.0, "D1-B1-P1": -3.0}


def test_the_budget_reads_the_green_candidates_not_every_unit(tmp_path, monkeypatch):
    """What grows with the city stays in SQL (issue 22): of the six units, the budget reads the attributes of the
    one parcel of a green land use (P1), never all six."""
    ledger = _block_of_parcels(tmp_path)
    units_read, read = [], Ledger._read

    def recorded(self, name, columns, where, params):
        frame = read(self, name, columns, where, params)
        if name == "units":
            units_read.append(len(frame))
        return frame

    monkeypatch.setattr(Ledger, "_read", recorded)
    account_greenspace_budget(ledger, grid_parameters())
    assert units_read and max(units_read) == 1


def test_entries_written_a_slice_at_a_time_are_those_of_one_write(tmp_path, monkeypatch):
    """Life-cycle entries written two at a time (ENTRIES_PER_WRITE) give the ledger of one write: the same entries
    (every column but run_id and computed_at, fids too) and factor rows, the same summary."""
    from urban_carbon_ledger.algorithms.greenspace import budget
    from urban_carbon_ledger.algorithms.ledger import schema

    def run(folder):
        (tmp_path / folder).mkdir()
        ledger = _old_and_new(tmp_path / folder)
        summary = account_greenspace_budget(ledger, grid_parameters())
        entries = ledger.read_table("entries", ["fid", *schema.columns("entries")]).drop(columns=["run_id",
                                                                                                  "computed_at"])
        return summary, entries, ledger.read_table("factors", ["fid", *schema.columns("factors")])

    whole = run("whole")
    monkeypatch.setattr(budget, "ENTRIES_PER_WRITE", 2)
    sliced = run("sliced")
    assert sliced[0] == whole[0]
    assert len(whole[1]) > 2 * 4  # several slices, the forest's and the wetland's construction left out
    pd.testing.assert_frame_equal(sliced[1], whole[1])
    pd.testing.assert_frame_equal(sliced[2], whole[2])


def test_a_missing_parameter_is_worded_by_one_template_with_or_without_a_hint():
    """A row missing from the parameters names its id and what it is: the caller's hint (the grid factor's), else
    what the table holds (before, a second template without the parenthesis, worded apart from the first)."""
    from urban_carbon_ledger.algorithms.core.messages import tr
    from urban_carbon_ledger.algorithms.greenspace.parameters import Parameters

    table = Parameters()
    with pytest.raises(LedgerInputError) as bare:
        table.value("gs_no_such_row")
    with pytest.raises(LedgerInputError) as hinted:
        table.row("gs_no_such_row", tr("grid electricity factor of the new park's irrigation"))
    assert str(bare.value) == ("layer 'PARAMETERS', field 'factor_id': parameter 'gs_no_such_row' is missing (a "
                               "green-space parameter or factor row); add it to the PARAMETERS table or to "
                               "resources/greenspace/")
    assert str(hinted.value) == ("layer 'PARAMETERS', field 'factor_id': parameter 'gs_no_such_row' is missing (grid "
                                 "electricity factor of the new park's irrigation); add it to the PARAMETERS table or "
                                 "to resources/greenspace/")
    assert bare.value.detail.template == hinted.value.detail.template
