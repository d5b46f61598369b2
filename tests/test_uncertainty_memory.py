"""The uncertainty step in bounded memory (issue 22): the Monte Carlo's set-up keeps no view of the entries read (so
the step can let them go before the draws) and numbers its (input, unit) pairs by integers, the stored intervals are
compared in parts inside the transaction, the unit totals read the entries as written, and Approach 1 rolls the city
up once."""
import gc
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import interval_updates, totals
from urban_carbon_ledger.algorithms.mrv import monte_carlo, uncertainty

from mrv_ledger import baseline_texts, build, units_frame

def hostile_frames():
    """Three source entries on one shared factor (+-10%) under district D of city C; the frames' float columns in
    one block, as a read gives them."""
    hierarchy = pd.DataFrame({"unit_id": ["C", "D", "G0", "G1", "G2"], "parent_id": [None, "C", "D", "D", "D"]})
    entries = pd.DataFrame({"unit_id": ["G0", "G1", "G2"], "flow": "source", "activity": [100.0, 200.0, 300.0],
                            "activity_low": [90.0, 180.0, 270.0], "activity_high": [110.0, 220.0, 330.0],
                            "factor_id": "grid", "conversion": 1.0, "co2e_t": [100.0, 200.0, 300.0]})
    factors = pd.DataFrame({"factor_id": ["grid"], "value": [1.0], "low": [0.9], "high": [1.1],
                            "distribution": ["normal"]})
    return entries, factors, hierarchy


def test_the_prepared_draws_keep_no_view_of_the_entries_and_draw_the_same_numbers():
    entries, factors, hierarchy = hostile_frames()
    stream = monte_carlo.prepared(entries, factors, hierarchy, 500, seed=5)
    held = [entries[c].to_numpy() for c in entries.columns] + [hierarchy[c].to_numpy() for c in hierarchy.columns]
    arrays = [value for value in vars(stream).values() if isinstance(value, np.ndarray)]
    assert len(arrays) > 10
    assert not any(np.shares_memory(array, column) for array in arrays for column in held)
    result, again = monte_carlo.drawn(stream), monte_carlo.monte_carlo(entries, factors, hierarchy, 500, seed=5)
    np.testing.assert_array_equal(result["entry_low_t"], again["entry_low_t"])
    np.testing.assert_array_equal(result["entry_high_t"], again["entry_high_t"])
    pd.testing.assert_frame_equal(result["units"], again["units"])
    assert result["units"].at["D", "net_t"] == 600.0  # 100 + 200 + 300 t CO2e/yr


def proxied_frames(count):
    """``count`` downscaled entries, one per unit of district D, shares of 1,000 inputs (inputs_hash), 10 t each."""
    units = np.array([f"D-B{i:06d}" for i in range(count)], dtype=object)
    hierarchy = pd.DataFrame({"unit_id": np.concatenate([["D"], units]),
                              "parent_id": np.concatenate([[None], np.full(count, "D", dtype=object)])})
    hashes = np.array([f"h{i:04d}" for i in range(1000)], dtype=object)
    entries = pd.DataFrame({"unit_id": units, "flow": "source", "activity": 10.0, "activity_low": 9.0,
                            "activity_high": 11.0, "factor_id": "f", "conversion": 1.0, "co2e_t": 10.0,
                            "inputs_hash": hashes[np.arange(count) % 1000], "proxy_error": 0.8,
                            "proxy_share": count / 1000 / count, "proxy_concentration": 1000 / count})
    factors = pd.DataFrame({"factor_id": ["f"], "value": [1.0], "low": [1.0], "high": [1.0],
                            "distribution": ["normal"]})
    return entries, factors, hierarchy


def test_the_draws_set_up_numbers_input_unit_pairs_by_integers():
    """200,000 downscaled entries: the set-up peaks under 350 B an entry (main numbered the (input, unit) pairs through
    a MultiIndex of the two texts, a tuple per entry, and held int64 codes: 425 B), and the pairs are numbered as
    before, in pre-order of first use: here every entry is a pair of its own, in unit order."""
    entries, factors, hierarchy = proxied_frames(200_000)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        stream = monte_carlo.prepared(entries, factors, hierarchy, 2, seed=1)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert peak < 350 * len(entries)
    assert stream.proxy_of.tolist() == list(range(200_000))
    assert stream.input_of[:3].tolist() == [0, 1, 2] and stream.input_of[1000] == 0  # h0000 again


def test_pairs_of_one_input_and_unit_share_a_number():
    """By hand, in pre-order (G0, G0, G1, G1, G1): (a, G0) 0, (b, G0) 1, (a, G1) 2, no inputs_hash on G1 (one pair of
    its own per unit) 3 twice; the inputs a 0, b 1, none -1."""
    entries, factors, hierarchy = hostile_frames()
    entries = pd.concat([entries.iloc[[0, 0, 1, 1, 1]]], ignore_index=True).assign(
        inputs_hash=["a", "b", "a", None, None], proxy_error=0.5, proxy_share=0.5, proxy_concentration=0.5)
    stream = monte_carlo.prepared(entries, factors, hierarchy, 10, seed=1)
    assert stream.proxy_of.tolist() == [0, 1, 2, 3, 3]
    assert stream.input_of.tolist() == [0, 1, 0, -1, -1]


def test_the_stored_intervals_are_compared_in_parts_inside_the_transaction(tmp_path):
    """changed_parts reads the stored intervals ``rows`` entries at a time (one query each, a fid range) and gives
    the changed ones only: by hand, entries 2 and 5 of 6 get a new interval."""
    ledger = build(tmp_path / "l.gpkg")
    stored = ledger.read_table("entries", ["fid", "low_t", "high_t"], {"scenario": "baseline"})
    fids, low, high = (stored[c].to_numpy().copy() for c in ("fid", "low_t", "high_t"))
    assert fids.tolist() == [1, 2, 3, 4, 5, 6]
    low[1], high[4] = 1.0, 1e6
    with ledger.transaction("test:intervals") as writer:
        queries = []
        writer.connection.set_trace_callback(lambda sql: queries.append(sql) if "low_t" in sql else None)
        parts = list(interval_updates.changed_parts(writer, {"scenario": "baseline"}, fids, low, high, 2))
        writer.connection.set_trace_callback(None)
    assert len(queries) == 3  # three parts of two entries, each its fid range (no empty read to end them)
    assert [len(part) for part in parts] == [1, 0, 1]
    assert pd.concat(parts).to_numpy().tolist() == [[2, 1.0, stored.at[1, "high_t"]], [5, stored.at[4, "low_t"], 1e6]]


def test_an_entry_not_drawn_is_refused_and_nothing_is_written(tmp_path):
    """An entry the intervals were not computed for (added since: its fid not among them) stops the run: its
    transaction writes nothing."""
    ledger = build(tmp_path / "l.gpkg")
    before = ledger.read_table("entries")
    fids = ledger.read_table("entries", ["fid", "flow"], {"scenario": "baseline"})
    drawn = fids.loc[fids["flow"] != "source", "fid"].to_numpy()  # the source entries were not drawn
    with pytest.raises(LedgerInputError, match="changed while their intervals were computed"):
        with ledger.transaction("test:intervals") as writer:
            for part in interval_updates.changed_parts(writer, {"scenario": "baseline"}, drawn,
                                                       np.zeros(len(drawn)), np.zeros(len(drawn)), 2):
                writer.update_columns("entries", part, key="fid")
    pd.testing.assert_frame_equal(ledger.read_table("entries"), before)


def test_no_entries_nor_unit_ids_are_held_while_the_unit_totals_are_written(tmp_path, monkeypatch):
    """The Monte Carlo's unit totals read the entries as written, in parts, and take its unit bounds as arrays in the
    tree's order: when they start, the step holds no frame of entries and no index of unit ids (main read the source
    and sink entries again into a list of frames, and passed the bounds indexed by unit_id)."""
    ledger = build(tmp_path / "l.gpkg")
    held, write = [], uncertainty.write_unit_totals

    def entries_and_ids():
        """The frames of entries and the indexes of unit ids alive (by id)."""
        gc.collect()
        return [{id(o) for o in gc.get_objects() if isinstance(o, kind) and key in o}
                for kind, key in ((pd.DataFrame, "co2e_t"), (pd.Index, "D1-B1-G1"))]

    def counting(*args, **kwargs):
        held.append(tuple(len(now - then) for now, then in zip(entries_and_ids(), before, strict=True)))
        return write(*args, **kwargs)

    monkeypatch.setattr(uncertainty, "write_unit_totals", counting)
    before = entries_and_ids()  # those of earlier tests, if any are still alive
    uncertainty.run_uncertainty(ledger.path, iterations=200, seed=3)
    assert held == [(0, 0)]


def test_unit_bounds_in_the_tree_order_are_written_as_given(tmp_path):
    """write_unit_totals' ordered_bounds go on the units, then the link, in fid order (by hand: the i-th of the 9 gets
    i and 100 + i); a length that is not the number of units and links is refused."""
    ledger = build(tmp_path / "l.gpkg")
    with ledger.transaction("test:bounds") as writer:
        totals.write_unit_totals(writer, ordered_bounds=(np.arange(9.0), 100 + np.arange(9.0)))
    units = pd.concat([ledger.read_table("units"), ledger.read_table("links")], ignore_index=True)
    assert units["unit_id"].tolist()[-2:] == ["D2-G1", "D2-L1"]
    assert units["net_low_t"].tolist() == list(range(9)) and units["net_high_t"].tolist() == list(range(100, 109))
    with pytest.raises(LedgerInputError, match="8 unit intervals for 9 units and links"):
        with ledger.transaction("test:bounds") as writer:
            totals.write_unit_totals(writer, ordered_bounds=(np.zeros(8), np.zeros(8)))


def test_approach1_rolls_the_city_up_once(tmp_path, monkeypatch):
    """Approach 1 adds each source and sink entry to one roll-up, the one written; its summary is the totals written
    (main rolled the whole city up a second time, in memory, for the districts' summary)."""
    ledger = build(tmp_path / "l.gpkg")
    added, add = [], totals.RollUp.add
    monkeypatch.setattr(totals.RollUp, "add", lambda self, unit, entries: (added.append(len(entries)),
                                                                           add(self, unit, entries))[1])
    summary = uncertainty.run_uncertainty(ledger.path, method="approach1")
    assert sum(added) == 5  # G1, G2, the park's sink, D2's gas and the link: not the avoided cooling
    units = pd.concat([ledger.read_table("units"), ledger.read_table("links")]).set_index("unit_id")
    columns = ["net_t", "net_low_t", "net_high_t"]
    assert summary["districts"].to_dict("index") == units.loc[["D1", "D2"], columns].to_dict("index")
    assert [summary[c] for c in columns] == pytest.approx(units.loc["C", columns].tolist(), rel=1e-12)


def test_a_factor_row_missing_is_named_once():
    """Approach 1 looks each factor row up once: two entries on a factor row the table lacks name it once (main
    looked the rows up once per entry and named it twice); their factors are exact, 100 t +-10% activity."""
    entries, factors, _ = hostile_frames()
    entries = entries.assign(factor=1.0, factor_id=["grid", "unlisted", "unlisted"])
    result = uncertainty.entry_intervals(entries, factors)
    assert result["missing_factors"] == ["unlisted"]
    assert result["entry_low_t"].tolist() == pytest.approx([100 * (1 - 0.1 * 2 ** 0.5), 180.0, 270.0])
    assert result["entry_high_t"].tolist() == pytest.approx([100 * (1 + 0.1 * 2 ** 0.5), 220.0, 330.0])


def test_the_monte_carlo_draws_units_and_entries_as_codes(tmp_path, monkeypatch):
    """The baseline Monte Carlo holds no str per unit or per entry: its entries come to the draws' set-up as codes
    and numbers (no column of object dtype), its units as a Hierarchy of codes, and the set-up holds no array of
    objects (main: unit_id, flow, factor_id and inputs_hash as str columns, the hierarchy's unit_id texts, and an
    array of them for the results' index); the intervals written are those of the frames as read, to the bit."""
    ledger = build(tmp_path / "l.gpkg")
    seen, prepare = [], uncertainty.prepared

    def inspecting(entries, factors, hierarchy, iterations, seed):
        stream = prepare(entries, factors, hierarchy, iterations, seed)
        seen.append(([column for column in entries.columns if entries[column].dtype == object],
                     type(hierarchy).__name__, [name for name, value in vars(stream).items()
                                                if isinstance(value, np.ndarray) and value.dtype == object]))
        return stream

    expected = monte_carlo.monte_carlo(*baseline_texts(ledger), 200, 3)
    monkeypatch.setattr(uncertainty, "prepared", inspecting)
    summary = uncertainty.run_uncertainty(ledger.path, iterations=200, seed=3)
    assert seen == [([], "Hierarchy", [])]
    entries = ledger.read_table("entries", ["low_t", "high_t"], {"scenario": "baseline"})
    np.testing.assert_array_equal(entries["low_t"].to_numpy(), expected["entry_low_t"])
    np.testing.assert_array_equal(entries["high_t"].to_numpy(), expected["entry_high_t"])
    units = pd.concat([ledger.read_table("units"), ledger.read_table("links")]).set_index("unit_id")
    columns = ["net_t", "net_low_t", "net_high_t"]
    pd.testing.assert_frame_equal(units[columns], expected["units"].loc[units.index, columns])
    assert (summary["net_t"], summary["net_low_t"], summary["net_high_t"]) == expected["total"]
    assert summary["districts"].to_dict("index") == expected["units"].loc[["D1", "D2"], columns].to_dict("index")


@pytest.mark.parametrize("method", ["montecarlo", "approach1"])
def test_a_unit_id_both_a_units_and_a_links_is_refused(tmp_path, method):
    """A unit named as the link D2-L1: its code would name two rows by one text; both methods refuse it with a
    message naming the layer and field, and write nothing (main failed inside pandas, reindexing the ids)."""
    ledger = build(tmp_path / "l.gpkg")
    with ledger.transaction("test:unit") as writer:
        writer.append_rows("units", units_frame([("D2-L1", "D2", "block", (1000, 0, 10, 10))]))
    before = ledger.read_table("entries")
    with pytest.raises(LedgerInputError, match="unit_id is repeated across units and links"):
        uncertainty.run_uncertainty(ledger.path, method=method, iterations=50, seed=1)
    pd.testing.assert_frame_equal(ledger.read_table("entries"), before)
