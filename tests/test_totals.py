"""Unit totals roll up the hierarchy: every parent equals the sum of its children."""
import math
import tracemalloc

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from urban_carbon_ledger.algorithms.ledger import intervals, schema, subtree_sums
from urban_carbon_ledger.algorithms.ledger import totals as totals_module
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger.entries import finalize_entries
from urban_carbon_ledger.algorithms.ledger.hierarchy import Hierarchy
from urban_carbon_ledger.algorithms.ledger.store import Ledger, create_ledger
from urban_carbon_ledger.algorithms.ledger.totals import RollUp, rolled_up, unit_totals

from mrv_ledger import COMPUTED_AT, FACTORS, X0, Y0, build, row

HIERARCHY = pd.DataFrame({
    "unit_id": ["CITY", "D01", "D02", "D01-B1", "D01-B1-P1", "D01-B1-P1-G1", "D01-L1", "D02-B1"],
    "parent_id": [None, "CITY", "CITY", "D01", "D01-B1", "D01-B1-P1", "D01", "D02"],
})
ENTRIES = pd.DataFrame({
    "unit_id": ["D01-B1-P1-G1", "D01-B1-P1", "D01-L1", "D02-B1", "D02-B1"],
    "flow": ["source", "sink", "source", "source", "avoided"],
    "co2e_t": [10.0, -4.0, 6.0, 3.0, -2.0],
    "low_t": [8.0, -5.0, 5.0, 2.0, -3.0],
    "high_t": [13.0, -3.0, 8.0, 3.5, -1.0],
})


def test_totals_by_hand_and_conservation():
    totals = unit_totals(ENTRIES, HIERARCHY)
    assert totals.loc["D01-B1-P1", ["source_t", "sink_t", "net_t"]].tolist() == [10.0, -4.0, 6.0]
    assert totals.loc["D01", "net_t"] == 12.0  # 10 - 4 + 6 (link)
    assert totals.loc["D02", "net_t"] == 3.0  # the avoided flow is kept out of the net
    assert totals.loc["CITY", ["source_t", "sink_t", "net_t"]].tolist() == [19.0, -4.0, 15.0]
    direct = ENTRIES[ENTRIES["flow"] != "avoided"].groupby("unit_id")["co2e_t"].sum()
    for parent, children in HIERARCHY.groupby("parent_id")["unit_id"]:
        own = direct.get(parent, 0.0)
        assert totals.loc[parent, "net_t"] == pytest.approx(own + totals.loc[list(children), "net_t"].sum())
    # independent deviations add in quadrature: below 2, 1, 1, 1; above 3, 1, 2, 0.5
    assert totals.loc["CITY", "net_low_t"] == pytest.approx(15 - math.sqrt(4 + 1 + 1 + 1))
    assert totals.loc["CITY", "net_high_t"] == pytest.approx(15 + math.sqrt(9 + 1 + 4 + 0.25))
    assert (totals["net_low_t"] <= totals["net_t"]).all() and (totals["net_t"] <= totals["net_high_t"]).all()


def test_sums_without_bounds_need_only_unit_flow_and_amount():
    """bounds=False (verification's check of the stored totals): the same sums by hand, no interval columns, and
    entries without low_t, high_t or the correlation columns are enough."""
    sums = unit_totals(ENTRIES[["unit_id", "flow", "co2e_t"]], HIERARCHY, bounds=False)
    assert list(sums.columns) == ["source_t", "sink_t", "net_t"]
    assert sums.loc["CITY"].tolist() == [19.0, -4.0, 15.0]  # 10 + 6 + 3 sources, -4 sink, the avoided -2 left out
    assert sums.loc["D01"].tolist() == [16.0, -4.0, 12.0] and sums.loc["D01-B1-P1-G1"].tolist() == [10.0, 0.0, 10.0]


def test_cycle_is_refused():
    looped = pd.DataFrame({"unit_id": ["A", "B"], "parent_id": ["B", "A"]})
    with pytest.raises(ValueError, match="cycle"):
        unit_totals(ENTRIES.iloc[0:0], looped)


def test_no_entries_gives_zero_totals():
    empty = pd.DataFrame(columns=["unit_id", "flow", "co2e_t", "low_t", "high_t"])
    totals = unit_totals(empty, HIERARCHY)
    assert (totals.to_numpy() == 0).all() and list(totals.index) == list(HIERARCHY["unit_id"])



def test_shared_factor_rolls_up_linearly_by_hand():
    # IPCC 2006 Vol 1 Ch 3 3.2.3.1: G1 (10 t) and the link L1 (20 t) cite one grid factor (+-10%,
    # activities exact), D02-B1 (30 t) another (+-10%). D01: (10 + 20) x 0.1 = 3 (not sqrt(1 + 4) = 2.24);
    # the city: sqrt(3^2 + 3^2) = 4.243 (the two factors independent of each other)
    shared = pd.DataFrame({
        "unit_id": ["D01-B1-P1-G1", "D01-L1", "D02-B1"], "flow": "source",
        "co2e_t": [10.0, 20.0, 30.0], "low_t": [9.0, 18.0, 27.0], "high_t": [11.0, 22.0, 33.0],
        "factor_id": ["grid", "grid", "gas"], "activity": [10.0, 20.0, 30.0],
        "activity_low": [10.0, 20.0, 30.0], "activity_high": [10.0, 20.0, 30.0], "inputs_hash": ["a", "b", "c"],
    })
    totals = unit_totals(shared, HIERARCHY)
    assert totals.loc["D01-B1", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([9.0, 11.0])
    assert totals.loc["D01", ["net_low_t", "net_high_t"]].tolist() == pytest.approx([27.0, 33.0])
    assert totals.loc["CITY", ["net_low_t", "net_high_t"]].tolist() == pytest.approx(
        [60.0 - math.sqrt(18.0), 60.0 + math.sqrt(18.0)])


def test_totals_rolled_up_in_parts_are_those_of_all_entries_at_once():
    # the roll-up of stored totals reads the entries part by part (RollUp); a factor shared across two
    # parts still counts once: D01 holds G1 (10 t, part 1) and L1 (20 t, part 2) under "grid" (+-10%), so
    # (10 + 20) x 0.1 = 3 by hand, as in the test above; the city sqrt(3^2 + 3^2)
    shared = pd.DataFrame({
        "unit_id": ["D01-B1-P1-G1", "D01-L1", "D02-B1", "D01-B1-P1", "D02-B1"], "flow": "source",
        "co2e_t": [10.0, 20.0, 30.0, 4.0, 7.0], "low_t": [9.0, 18.0, 27.0, 3.0, 6.0],
        "high_t": [11.0, 22.0, 33.0, 6.0, 9.0],
        "factor_id": ["grid", "grid", "gas", None, "gas"], "activity": [10.0, 20.0, 30.0, 4.0, 7.0],
        "activity_low": [10.0, 20.0, 30.0, 3.5, 6.0], "activity_high": [10.0, 20.0, 30.0, 4.5, 8.0],
        "inputs_hash": ["a", "b", "c", None, "c"],
        "proxy_error": [None, None, None, None, 0.05], "proxy_share": [None, None, None, None, 0.5],
        "proxy_concentration": [None, None, None, None, 0.5],
    })
    tree = Hierarchy(HIERARCHY)
    unit = tree.codes(shared["unit_id"].to_numpy())
    at_once = rolled_up(tree, unit, shared)
    gathered = RollUp()
    for rows in (slice(0, 1), slice(1, 4), slice(4, 5)):
        gathered.add(unit[rows], shared.iloc[rows])
    in_parts = gathered.totals(tree)
    assert (in_parts.to_numpy() == at_once.to_numpy()).all() and in_parts.index.equals(at_once.index)
    first_three = RollUp()
    for rows in (slice(0, 1), slice(1, 3)):
        first_three.add(unit[rows], shared.iloc[rows])
    totals = first_three.totals(tree)
    assert totals.loc["D01", ["net_low_t", "net_t", "net_high_t"]].tolist() == pytest.approx([27.0, 30.0, 33.0])
    assert totals.loc["CITY", "net_high_t"] == pytest.approx(60.0 + math.sqrt(18.0))


def stored_totals(ledger):
    """unit_id and TOTAL_COLUMNS of every unit, then every link, in fid order, as the layers hold them."""
    return pd.concat([ledger.read_table(layer, columns=["fid", "unit_id", *totals_module.TOTAL_COLUMNS])
                      .sort_values("fid").drop(columns="fid") for layer in ("units", "links")], ignore_index=True)


def test_stored_totals_rolled_up_from_entries_read_two_at_a_time(tmp_path, monkeypatch):
    """write_unit_totals reads the baseline entries ENTRIES_PER_READ at a time: 2 at a time gives the totals of one
    read, to the bit (every unit and link, all TOTAL_COLUMNS)."""
    ledger = build(str(tmp_path / "l.gpkg"))
    with ledger.transaction("test:totals") as writer:
        totals_module.write_unit_totals(writer)
    whole = stored_totals(ledger)
    monkeypatch.setattr(totals_module, "ENTRIES_PER_READ", 2)
    with ledger.transaction("test:totals") as writer:
        for layer in ("units", "links"):  # every total NULL: all of them rolled up again
            writer.update_columns(layer, ledger.read_table(layer, columns=["fid"]).assign(
                **{c: np.nan for c in totals_module.TOTAL_COLUMNS}), key="fid")
        assert writer.count("entries") > 4
        totals_module.write_unit_totals(writer)
    parts = stored_totals(ledger)
    assert whole["net_t"].abs().sum() > 0 and not whole.isna().any().any()
    pd.testing.assert_frame_equal(parts, whole, check_exact=True)


def test_sums_added_part_by_part_are_those_of_all_entries_at_once_to_the_bit():
    """DirectSums adds each part's values one by one in order, as one np.bincount over all entries would: with
    1e16, 1, -1e16, 1 on one unit (the ulp at 1e16 is 2, ties to even) in order ((1e16 + 1) - 1e16) + 1 = 0 + 1 = 1,
    whereas summing the parts first gives (1e16 + 1) + (-1e16 + 1) = 1e16 - 1e16 = 0."""
    tree = Hierarchy(HIERARCHY)
    unit = tree.codes(["D02-B1"] * 4)
    value = np.array([1e16, 1.0, -1e16, 1.0])
    gathered = totals_module.DirectSums(tree)
    gathered.add(unit[:2], value[:2], np.ones(2, dtype=bool))
    gathered.add(unit[2:], value[2:], np.ones(2, dtype=bool))
    source, sink, net = gathered.rolled()
    assert source[tree.codes(["D02-B1"])[0]] == 1.0 and source[tree.codes(["CITY"])[0]] == 1.0 and not sink.any()
    whole = unit_totals(pd.DataFrame({"unit_id": ["D02-B1"] * 4, "flow": "source", "co2e_t": value}), HIERARCHY,
                        bounds=False)
    assert whole.loc["D02-B1", "source_t"] == 1.0 and (whole["net_t"].to_numpy() == net).all()


def test_year_totals_compared_and_set_two_rows_at_a_time(tmp_path, monkeypatch):
    """write_unit_totals compares the stored year_totals ROWS_PER_READ rows at a time (by fid): with 2 at a time, rows
    altered in several parts get their totals back with the run's id, the others keep theirs; a year holding a unit
    twice is written again whole (one row per unit)."""
    ledger = build(str(tmp_path / "l.gpkg"))
    with ledger.transaction("test:totals") as writer:
        writer.open_year(2024)
        totals_module.write_unit_totals(writer)
    before = ledger.read_table("year_totals", columns=["fid", "unit_id", "net_t", "run_id"])
    whole = before.set_index("unit_id")
    assert len(before) == len(whole) > 4
    altered = before["fid"].iloc[[0, 3, len(before) - 1]].tolist()  # rows of three different parts of 2
    with ledger.connect() as connection:
        connection.execute(f"UPDATE year_totals SET net_t = -1 WHERE fid IN ({', '.join(map(str, altered))})")
    monkeypatch.setattr(totals_module, "ROWS_PER_READ", 2)
    with ledger.transaction("test:totals") as writer:
        totals_module.write_unit_totals(writer)
        run_id = writer.run_id
    after = ledger.read_table("year_totals", columns=["fid", "unit_id", "net_t", "run_id"])
    assert after["fid"].tolist() == before["fid"].tolist()  # set in place
    assert (after["net_t"].to_numpy() == whole.loc[after["unit_id"], "net_t"].to_numpy()).all()
    assert sorted(after.loc[after["run_id"] == run_id, "fid"]) == sorted(altered)
    with ledger.connect() as connection:  # a second row for the first unit: not one row per unit
        connection.execute("UPDATE year_totals SET unit_id = ? WHERE fid = ?",
                           (before["unit_id"].iloc[0], int(before["fid"].iloc[1])))
    with ledger.transaction("test:totals") as writer:
        totals_module.write_unit_totals(writer)
    again = ledger.read_table("year_totals", columns=["unit_id", "net_t"])
    assert sorted(again["unit_id"]) == sorted(whole.index)
    assert (again["net_t"].to_numpy() == whole.loc[again["unit_id"], "net_t"].to_numpy()).all()


def test_roll_up_a_few_branches_at_a_time_is_one_pass_to_the_bit(monkeypatch):
    """subtree_sums.rolled rolls whole branches (the subtrees of D01 and D02) up ROWS_PER_BATCH rows at a time, then
    the city sums what they hand up: with one row per batch the totals are those of one batch, to the bit, for values
    whose sums depend on their order (random to 17 digits), entries on the city and a district themselves, a factor
    shared across the branches and a proxy error; and every unit's are those of its subtree's entries summed at once
    (``intervals.sum_interval``, the same algebra without the hierarchy), to 12 digits."""
    rng = np.random.default_rng(7)
    units = ["CITY", "D01", "D01-B1-P1-G1", "D01-B1-P1", "D01-L1", "D02-B1", "D02", "D01-B1"] * 3
    count = len(units)
    value = rng.uniform(1.0, 100.0, count) * rng.choice([1.0, -1.0], count)
    entries = pd.DataFrame({
        "unit_id": units, "flow": np.where(value > 0, "source", "sink"), "co2e_t": value,
        "low_t": value - np.abs(value) * rng.uniform(0.01, 0.3, count),
        "high_t": value + np.abs(value) * rng.uniform(0.01, 0.3, count),
        "factor_id": rng.choice(["grid", "gas", "soil"], count), "activity": value, "activity_low": value * 0.9,
        "activity_high": value * 1.1, "inputs_hash": rng.choice(["a", "b", "c", "d"], count),
        "proxy_error": np.where(np.arange(count) % 3 == 0, 0.1, np.nan), "proxy_share": 0.25,
        "proxy_concentration": 0.3,
    })
    tree = Hierarchy(HIERARCHY.iloc[::-1])  # the city last: what it sums of its own comes after the branches' sums
    unit = tree.codes(entries["unit_id"].to_numpy())
    one_batch = rolled_up(tree, unit, entries)
    monkeypatch.setattr(subtree_sums, "ROWS_PER_BATCH", 1)
    many = rolled_up(tree, unit, entries)
    assert (many.to_numpy().view(np.int64) == one_batch.to_numpy().view(np.int64)).all()
    for code, unit_id in enumerate(tree.ids):  # each unit's total and interval: its subtree's entries as one sum
        expected = intervals.sum_interval(entries[tree.inside([code], unit)].reset_index(drop=True))
        assert many.loc[unit_id, ["net_t", "net_low_t", "net_high_t"]].tolist() == pytest.approx(expected, rel=1e-12)


def test_city_roll_up_holds_no_text_per_unit(tmp_path, monkeypatch):
    """write_unit_totals on a tree of 202,021 units (a city, 20 districts of 100 blocks of 100 buildings, ids of
    18-20 characters) with ROWS_PER_READ 20,000: its Python allocations (tracemalloc, numpy's included) stay under
    200 bytes a unit, year_totals written whole (a new year) and compared (the same year again). Main held a text
    object per unit, an index over them and year_totals as one frame: 107 and 60 MB here, against 28 and 24 on this
    branch. One entry of 1 t CO2e/yr (2 MWh x 0.5 t CO2/MWh) on each block's first building: by hand, that building
    and its block hold 1 t, a district 100 t, the city 2,000 t, every other building 0."""
    ids, parents = ["C"], [None]
    for d in range(20):
        ids.append(f"D{d:02d}")
        parents.append("C")
        for b in range(100):
            block = f"D{d:02d}-B{b:04d}"
            ids += [block] + [f"{block}-P0001-G{g:03d}" for g in range(100)]
            parents += [f"D{d:02d}"] + [block] * 100
    frame = gpd.GeoDataFrame({"unit_id": ids, "parent_id": parents, "level": "building"}, crs="EPSG:4547",
                             geometry=[shapely.box(X0, Y0, X0 + 10, Y0 + 10)] * len(ids))
    rows = [row(f"D{d:02d}-B{b:04d}-P0001-G000", "source", "residential", "I.1", 2, "electricity", 2.0, "MWh", 1.8,
                2.2, "grid", 1.0) for d in range(20) for b in range(100)]
    create_ledger(str(tmp_path / "city.gpkg"), "EPSG:4547")
    ledger = Ledger(str(tmp_path / "city.gpkg"))
    with ledger.transaction("test:city") as writer:
        writer.append_rows("units", frame)
        writer.open_year(2024)
        entries = finalize_entries(pd.DataFrame(rows), FACTORS.set_index("factor_id", drop=False), "baseline",
                                   writer.run_id, COMPUTED_AT)
        writer.append_rows("entries", entries.reindex(columns=schema.columns("entries")))
    del frame, parents
    monkeypatch.setattr(totals_module, "ROWS_PER_READ", 20_000)
    for run in ("a new year", "the same year again"):
        with ledger.transaction("test:totals") as writer:
            writer.open_year(2024)
            tracemalloc.start()
            try:
                totals_module.write_unit_totals(writer)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        assert peak < 200 * len(ids), f"{run}: {peak:,} bytes"
    stored = ledger.read_table("year_totals", columns=["unit_id", "net_t", "net_low_t"]).set_index("unit_id")
    assert len(stored) == len(ids) and stored.index.is_unique
    assert stored.loc[["C", "D07", "D07-B0042", "D07-B0042-P0001-G000", "D07-B0042-P0001-G001"], "net_t"].tolist() \
        == [2000.0, 100.0, 1.0, 1.0, 0.0]
    layer = ledger.read_table("units", columns=["unit_id", "net_t"]).set_index("unit_id")["net_t"]
    assert (layer.loc[stored.index].to_numpy() == stored["net_t"].to_numpy()).all()


def test_a_parent_cycle_in_the_ledger_is_refused_naming_a_unit(tmp_path):
    """The tree read from the ledger holds no ids: the refusal of a parent cycle reads the id it names."""
    looped = [("A", "B", "district", (0, 0, 10, 10)), ("B", "A", "district", (10, 0, 10, 10))]
    with pytest.raises(LedgerInputError, match="cycle .* at unit 'A'"):
        build(str(tmp_path / "l.gpkg"), units=looped, links=False,
              rows=[row("A", "source", "residential", "I.1", 2, "electricity", 2.0, "MWh", 1.8, 2.2, "grid", 1.0)])
