"""algorithms/ledger_queries.py on the hand-made ledger: values worked out in ui_ledger_builder.py."""
import contextlib
import sqlite3

import pytest

from ui_ledger_builder import build_ledger
from urban_carbon_ledger.algorithms.reports import district_atlas, ledger_view as ledger_queries
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError


@pytest.fixture
def view(tmp_path):
    ledger = build_ledger(str(tmp_path / "ledger.gpkg"))
    return ledger, ledger_queries.LedgerView.read(ledger)


def test_unit_totals_and_groups(view):
    _, v = view
    district = v.unit("D01")
    # sources 500 + 200 + 400 = 1,100; sink 4 ha x 2.5 t C/ha/yr x 44/12 = 36.667
    assert district["source_t"] == pytest.approx(1100.0)
    assert district["net_t"] == pytest.approx(1100.0 - 110.0 / 3.0)
    groups = v.by_flow_and_sector("D01").set_index(["flow", "sector"])
    # electricity: 500 [450, 550] and 200 [180, 220], exact activities, one grid factor (+-10%): the factor
    # applies once to their sum (IPCC 2006 Vol 1 Ch 3 3.2.3.1): 700 -/+ 70 (not sqrt(50^2 + 20^2) = 53.852)
    assert groups.loc[("source", "electricity"), "low_t"] == pytest.approx(700.0 - 70.0)
    assert groups.loc[("source", "electricity"), "entries"] == 2
    assert v.descendants("D01-B01") == ["D01-B01", "D01-B01-P01", "D01-B01-P01-G01", "D01-B01-P02"]  # depth-first


def test_top_entries_and_factor_sources(view):
    _, v = view
    top = v.top_entries("D01", count=2)
    assert top[["unit_id", "flow", "co2e_t"]].values.tolist() == [
        ["D01-B01-P01-G01", "source", 500.0], ["D01-L01", "source", 400.0],
        ["D01-B01-P02", "sink", pytest.approx(-110.0 / 3.0)],
    ]
    factors = v.factor_sources("D02")
    # D02: grid 1,000 t, canopy 91.67 t, traffic 100 t (|co2e_t| of the entries citing each)
    assert factors["weight_t"].tolist() == pytest.approx([110.0 * 10 / 4 / 3, 1000.0, 100.0])
    assert ledger_queries.sources_text(factors) == ((
        "test_canopy (2.5 t C/ha/yr): test: hand-made canopy uptake · "
        "test_grid (0.5 kg CO2/kWh): test: hand-made grid factor · "
        "test_traffic (0.2 kg CO2/vkm): test: hand-made fleet factor"
    ), 0)
    assert ledger_queries.sources_text(factors, count=1) == ("test_grid (0.5 kg CO2/kWh): test: hand-made grid factor",
                                                             2)


def test_atlas_data_and_unknown_scenario(view):
    ledger, _ = view
    data = district_atlas.district_atlas_data(ledger)
    assert data["districts"]["unit_id"].tolist() == ["D01", "D02"]
    assert sorted(data["units"]["level"].unique()) == ["parcel"]
    assert len(data["units"]) == 8 and len(data["links"]) == 2
    assert set(data["top"]["district_id"]) == {"D01", "D02"}
    with pytest.raises(LedgerInputError, match="no scenario 'nope'"):
        district_atlas.district_atlas_data(ledger, "nope")


def test_view_totals_equal_the_roll_up_of_totals_py(view, tmp_path):
    from urban_carbon_ledger.algorithms.ledger import totals

    ledger, v = view
    hierarchy = ledger_queries.read_hierarchy(ledger)
    expected = totals.unit_totals(ledger_queries.read_entries(ledger), hierarchy[["unit_id", "parent_id"]])
    assert set(v.totals.index) == set(expected.index)
    for column in totals.TOTAL_COLUMNS:
        assert v.totals[column].to_numpy() == pytest.approx(expected.loc[v.totals.index, column].to_numpy(), abs=1e-9)


def test_listed_entries_keep_the_largest_per_group(view):
    _, v = view
    listed = v.listed_entries("C", per_group=1)
    # per flow and sector the largest |co2e_t|: D02 building 1,000 t, D01 link 400 t, D02 park -91.7 t
    assert listed[["unit_id", "sector"]].values.tolist() == [
        ["D02-B02-P02", "urban_green"], ["D02-B01-P01-G01", "electricity"], ["D01-L01", "road_traffic"],
    ]


def test_sources_text_cuts_long_citations():
    import pandas as pd

    factors = pd.DataFrame([{"factor_id": "f", "factor": 1.5, "factor_unit": "t/ha", "source": "x" * 20,
                             "weight_t": 1.0}])
    assert ledger_queries.sources_text(factors, limit=10) == ("f (1.5 t/ha): " + "x" * 9 + "…", 0)
    assert ledger_queries.sources_text(factors, limit=20) == ("f (1.5 t/ha): " + "x" * 20, 0)


def test_view_in_memory_leaves_a_parent_cycle_out():
    import pandas as pd

    hierarchy = pd.DataFrame({
        "unit_id": ["C", "D", "X", "Y"], "parent_id": [None, "C", "Y", "X"],
        "level": ["city", "district", "block", "block"], "name": None,
    })
    entries = pd.DataFrame({
        "unit_id": ["D", "X"], "flow": ["source", "source"], "sector": ["waste", "waste"],
        "co2e_t": [10.0, 5.0], "low_t": [8.0, 4.0], "high_t": [12.0, 6.0],
        "factor_id": ["f", "f"], "computed_at": ["t", "t"], "algorithm_version": ["v", "v"],
    })
    v = ledger_queries.LedgerView(entries, hierarchy)
    assert v.totals.loc["C", "net_t"] == 10.0  # X and Y point at each other: never reach the city
    assert v.totals.loc["X", "net_t"] == 0.0
    assert v.descendants("C") == ["C", "D"]


def test_baseline_atlas_shows_the_intervals_stored_by_the_monte_carlo(view):
    from urban_carbon_ledger.algorithms.mrv.uncertainty import run_uncertainty

    ledger, _ = view
    before = district_atlas.district_atlas_data(ledger)["districts"].set_index("unit_id")
    assert (before["intervals"] == ledger_queries.APPROACH1_NOTE).all()
    run_uncertainty(ledger.path, "montecarlo", iterations=400, seed=7)
    stored = ledger.read_table("units", match={"level": "district"}).set_index("unit_id")
    after = district_atlas.district_atlas_data(ledger)["districts"].set_index("unit_id")
    assert after.loc["D01", "net_low_t"] == stored.loc["D01", "net_low_t"]
    assert after.loc["D01", "net_high_t"] == stored.loc["D01", "net_high_t"]
    assert after.loc["D01", "net_low_t"] != pytest.approx(before.loc["D01", "net_low_t"], rel=1e-9)
    assert after.loc["D01", "net_t"] == pytest.approx(before.loc["D01", "net_t"])
    assert "montecarlo" in after.loc["D01", "intervals"] and "iterations 400" in after.loc["D01", "intervals"]


def test_a_small_unit_beside_a_large_one_keeps_its_exact_total():
    """A 0.085 t unit ordered after a 1e12 t one: a difference of cumulative sums would give it
    (1e12 + 0.085) - 1e12, off by about 1e-4 t (a double's spacing at 1e12 is 1.2e-4), beyond the
    stored totals' tolerance (1e-9 of the value), so maps refused a 100,000-parcel city. Summed up
    the hierarchy, B holds 0.085 exactly as totals.unit_totals (and the stored totals) do."""
    import pandas as pd
    from urban_carbon_ledger.algorithms.ledger import totals

    hierarchy = pd.DataFrame({"unit_id": ["C", "A", "B"], "parent_id": [None, "C", "C"],
                              "level": ["city", "district", "district"], "name": None})
    entries = pd.DataFrame({
        "unit_id": ["A", "B"], "flow": ["source", "source"], "sector": ["waste", "waste"],
        "co2e_t": [1e12, 0.085], "low_t": [1e12, 0.085], "high_t": [1e12, 0.085],
        "factor_id": ["f", "g"], "computed_at": ["t", "t"], "algorithm_version": ["v", "v"],
    })
    v = ledger_queries.LedgerView(entries, hierarchy)
    assert v.totals.loc["B", "source_t"] == 0.085
    assert v.totals.loc["C", "source_t"] == 1e12 + 0.085
    assert totals.disagreements(v.totals.reset_index().rename(columns={"index": "unit_id"}),
                                totals.unit_totals(entries, hierarchy)).empty


def test_atlas_reads_each_district_alone_and_draws_from_the_ledger(view):
    ledger, _ = view
    subtree, entries = ledger.subtree("D01-B01", ["unit_id", "level"], ["unit_id", "co2e_t"], "baseline")
    # the block, its two parcels and P01's building, in fid order; no link hangs from the block
    assert subtree["unit_id"].tolist() == ["D01-B01", "D01-B01-P01", "D01-B01-P01-G01", "D01-B01-P02"]
    assert entries["co2e_t"].sum() == pytest.approx(500.0 - 110.0 / 3.0)  # G01's electricity and P02's canopy
    assert ledger.subtree("D02", ["unit_id"], ["unit_id"], "baseline")[0]["unit_id"].tolist()[-1] == "D02-L01"
    assert ledger.rows_outside("district", ["unit_id"])["unit_id"].tolist() == ["C"]
    data = district_atlas.district_atlas_data(ledger)
    districts = data["districts"].set_index("unit_id")
    # D01: sources 500 + 200 + 400 = 1,100; sink 4 ha x 2.5 t C/ha/yr x 44/12 = 36.667 (ui_ledger_builder)
    assert districts.loc["D01", "source_t"] == pytest.approx(1100.0)
    assert districts.loc["D01", "net_t"] == pytest.approx(1100.0 - 110.0 / 3.0)
    # the top rows of D01 as the whole city's view ranks them (test_top_entries_and_factor_sources)
    top = data["top"][data["top"]["district_id"] == "D01"]
    assert top[["unit_id", "flow"]].values.tolist()[:2] == [["D01-B01-P01-G01", "source"], ["D01-L01", "source"]]
    # the map's parcels: 500 m x 500 m boxes of the builder, read from the blobs' envelopes, no geometry
    parcels = data["units"]
    assert len(parcels) == 8
    # each map layer's SQL: the fid, geometry and its renderer's two columns of the 8 parcels (and of every link),
    # in fid order (the order the builder wrote them); each parcel 500 m x 500 m = 250,000 m2
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        drawn = {name: connection.execute(sql).fetchall() for name, sql in data["layer_sql"].items()}
    assert [len(row) for row in drawn["units"]] == [4] * 8 and [row[2] for row in drawn["units"]] == [250000.0] * 8
    assert [row[0] for row in drawn["units"]] == sorted(row[0] for row in drawn["units"])
    assert [row[3] for row in drawn["links"]] == data["links"]["net_t"].tolist()
    assert (parcels["maxx"] - parcels["minx"]).tolist() == [500.0] * 8
    assert parcels[["minx", "miny"]].iloc[0].tolist() == [500000.0, 3380000.0]
    assert data["links"][["minx", "maxx", "miny", "maxy"]].iloc[1].tolist() == [501000.0, 502000.0, 3380500.0,
                                                                              3380500.0]


def test_blob_bounds_without_an_envelope_come_from_the_geometry():
    import numpy as np
    import shapely
    from urban_carbon_ledger.algorithms.ledger import gpkg_geometry

    line = shapely.LineString([(1.0, 2.0), (4.0, 8.0)])
    with_envelope = gpkg_geometry.encode(np.array([line]), 4547)[0]
    bare = with_envelope[:3] + bytes([0b00000001]) + with_envelope[4:8] + with_envelope[40:]  # flags: no envelope
    bounds = gpkg_geometry.bounds([with_envelope[:40], bare, None])
    assert bounds[:2].tolist() == [[1.0, 2.0, 4.0, 8.0]] * 2  # the line's own box either way
    assert np.isnan(bounds[2]).all()


def test_a_unit_in_no_district_and_under_no_city_is_checked_too(view):
    import shapely
    import geopandas as gpd

    ledger, _ = view
    stray = gpd.GeoDataFrame({"unit_id": ["S"], "parent_id": [None], "level": ["parcel"], "name": [None],
                              "area_m2": [100.0], "source_t": [5.0], "sink_t": [0.0], "net_t": [5.0]},
                             geometry=[shapely.box(0, 0, 10, 10)], crs="EPSG:4547")
    with ledger.transaction("test:stray") as writer:
        writer.append_rows("units", stray)
    # S is neither in a district nor above one: found by the whole-ledger walk, not up the districts' parents
    assert ledger.rows_outside("district", ["unit_id"])["unit_id"].tolist() == ["C", "S"]
    # it stores 5 t of sources but has no entry: the atlas refuses to publish
    with pytest.raises(LedgerInputError, match="source_t stored on unit 'S' \\(5.000 t CO2e/yr\\)"):
        district_atlas.district_atlas_data(ledger)


def test_atlas_districts_read_in_threads_give_what_one_thread_gives(view, monkeypatch):
    """The districts' subtrees are read in threads ahead of the one being checked (issue 22: both cores), never in
    the caller's: one thread or two give the same pages, totals and map frames."""
    import threading

    import pandas as pd
    from urban_carbon_ledger.algorithms.core import ahead
    from urban_carbon_ledger.algorithms.ledger.store import Ledger

    ledger, _ = view
    readers, subtree = set(), Ledger.subtree

    def noted(self, *args, **kwargs):
        readers.add(threading.get_ident())
        return subtree(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "subtree", noted)
    found = []
    for workers in (1, 2):
        monkeypatch.setattr(ahead, "WORKERS", workers)
        found.append(district_atlas.district_atlas_data(ledger))
    assert readers and threading.get_ident() not in readers
    for name in ("districts", "top", "units", "links"):
        pd.testing.assert_frame_equal(found[0][name], found[1][name])
    assert found[0]["layer_sql"] == found[1]["layer_sql"]
