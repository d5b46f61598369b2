"""The docks' million-row reads (issue 18 item 7): OGR's Arrow stream, units and links joined column by
column, the map's data classes read at once; each checked against the plain reads it replaces."""
import numpy as np
import pandas as pd
import pytest
from ui_ledger_builder import build_ledger

from urban_carbon_ledger.algorithms.ledger import arrow_read, queries, store
from urban_carbon_ledger.algorithms.ledger.totals import TOTAL_COLUMNS
from urban_carbon_ledger.algorithms.scenarios.session_units import UNIT_COLUMNS


@pytest.fixture
def ledger(tmp_path):
    return build_ledger(str(tmp_path / "ledger.gpkg"))


def test_ascii_text_is_decoded_as_astype_does():
    """Short codes (up to 8 bytes: decoded once per distinct value) and longer ids, empty strings
    and a value filling its width, as numpy's own astype("U") decodes them."""
    for values in ([b"city", b"district", b"", b"parcel", b"city", b"abcdefgh"], [b"x", b"", b"x"],
                   [b"D01-B01-P01-G01", b"C", b"", b"D01-B01-P01-G01"], []):
        data = np.array(values, dtype="S8" if not values else None)
        rows = data.view(np.uint8).reshape(len(data), data.dtype.itemsize)
        decoded = arrow_read._ascii(rows)
        assert decoded.dtype == object and decoded.tolist() == data.astype("U").tolist()
        assert all(type(value) is str for value in decoded)


def test_few_valued_wide_texts_are_the_values_read_one_by_one(monkeypatch):
    """A wide column of few values (citations sharing a long start, '' and UTF-8) is factorized by a hash of its
    bytes: the codes and distinct values give back every value; when two values share a hash (forced here by a
    hash that ignores every byte), np.unique's codes are used instead, with the same values."""
    start = b"IPCC 2006 Vol 2 Ch 2 Table 2.2 p 2.16; " * 3
    values = np.array([start + b"coal", start + b"gas", b"", "\u7535\u7f51".encode(), start + b"coal"] * 300)
    expected = [v.decode("utf-8") for v in values.tolist()]
    codes, distinct = arrow_read._factorized(values)
    assert len(distinct) == 4 and distinct[codes].tolist() == values.tolist()
    assert arrow_read._texts(values).tolist() == expected
    monkeypatch.setattr(arrow_read.pd, "factorize", lambda hashed: (np.zeros(len(hashed), dtype=np.int64), hashed[:1]))
    codes, distinct = arrow_read._factorized(values)
    assert len(distinct) == 4 and distinct[codes].tolist() == values.tolist()
    assert arrow_read._texts(values).tolist() == expected


def test_units_and_links_are_the_two_layers_reads_one_after_the_other(ledger):
    """units_and_links gives what pandas.concat of the two layers' column reads gives (as the chessboard
    read them before): units first, a column the links lack (land_use, floors, area) NaN on their rows."""
    columns = list(UNIT_COLUMNS) + list(TOTAL_COLUMNS)
    expected = pd.concat([ledger.read_columns(name, [c for c in columns if c in store.schema.columns(name)])
                          for name in ("units", "links")], ignore_index=True).reindex(columns=columns)
    joined = pd.DataFrame(ledger.units_and_links(columns), columns=columns)
    pd.testing.assert_frame_equal(joined, expected)
    # the builder's ledger: its units, then its 2 links (no area)
    assert joined["level"].tolist()[-2:] == ["link", "link"] and np.isnan(joined["area_m2"].to_numpy()[-2:]).all()


def test_a_subset_string_narrows_the_column_read(ledger):
    """read_columns with a QGIS subset string returns the rows the SQL read with the same match returns."""
    columns = ["unit_id", "level", "net_t"]
    narrowed = ledger.read_columns("units", columns, "\"level\" = 'parcel'")
    pd.testing.assert_frame_equal(narrowed, ledger.read_table("units", columns, {"level": "parcel"}))
    assert narrowed["level"].tolist() == ["parcel"] * 8  # 2 districts x 2 blocks x 2 parcels


def test_matching_arrays_are_the_sql_read_with_the_fid(ledger):
    """matching_arrays (the uncertainty step's read of the entries) gives the rows and values read_table gives
    for the same match, in fid order, with each row's fid; a quote in a value is matched, not cut."""
    columns = ["fid", "unit_id", "flow", "co2e_t", "low_t", "inputs_hash"]
    match = {"scenario": "baseline", "flow": "source"}
    read = pd.DataFrame(ledger.matching_arrays("entries", columns, match))
    pd.testing.assert_frame_equal(read, ledger.read_table("entries", columns, match))
    assert len(read) > 0 and (np.diff(read["fid"].to_numpy()) > 0).all()
    assert queries.literal_where({"scenario": "o'brien", "inventory_year": 2024, "flow": ["source", "sink"]}) == \
        "\"scenario\" = 'o''brien' AND \"inventory_year\" = 2024 AND \"flow\" IN ('source', 'sink')"
    assert len(ledger.matching_arrays("entries", ["fid"], {"scenario": "o'brien"})["fid"]) == 0


def test_map_intensities_per_level_by_hand(qgis_app, ledger):
    """styles.intensities on the builder's ledger: parcels of 25 ha with 500, -36.667, 200, 0 t (D01)
    and 1,000, 0, 0, -91.667 t (D02) -> 20, -1.467, 8, 0, 40, 0, 0, -3.667 t/ha (ui_ledger_builder);
    the links (1 km each): 400 t and 100 t -> 400 and 100 t/km; a layer filtered to parcels gives the
    parcels' values only."""
    from qgis.core import QgsVectorLayer

    from urban_carbon_ledger.qgis_shared import styles

    path = ledger.path
    units = styles.intensities(QgsVectorLayer(f"{path}|layername=units", "units", "ogr"))
    assert list(units) == ["city", "district", "block", "parcel", "building"]
    parcels = [20.0, -36.6667 / 25, 8.0, 0.0, 40.0, 0.0, 0.0, -91.6667 / 25]
    assert units["parcel"] == pytest.approx(parcels, abs=1e-3)
    links = styles.intensities(QgsVectorLayer(f"{path}|layername=links", "links", "ogr"), "length_m", 1000.0)
    assert links["link"] == pytest.approx([400.0, 100.0])
    subset = QgsVectorLayer(f"{path}|layername=units|subset=\"level\" = 'parcel'", "parcels", "ogr")
    only = styles.intensities(subset)
    assert list(only) == ["parcel"] and only["parcel"] == pytest.approx(parcels, abs=1e-3)


def test_map_intensities_are_those_summed_feature_by_feature(qgis_app, teaching_ledger):
    """On the teaching district as segmented (its levels and areas; nets 0 before any accounting: the
    values are checked by hand above): per level in order of appearance, net_t / area_m2 x 10,000 of
    every feature read one by one through QGIS (NaN for no area), in feature order."""
    from qgis.core import QgsVectorLayer

    from urban_carbon_ledger.qgis_shared import styles

    layer = QgsVectorLayer(f"{teaching_ledger}|layername=units", "units", "ogr")
    expected = {}
    for feature in layer.getFeatures():
        net, area = feature["net_t"], feature["area_m2"]
        value = net / area * 10000 if isinstance(net, float) and isinstance(area, float) and area else np.nan
        expected.setdefault(feature["level"], []).append(value)
    got = styles.intensities(layer)
    assert list(got) == list(expected) and sum(len(v) for v in got.values()) == layer.featureCount()
    for level, values in expected.items():
        np.testing.assert_allclose(got[level], values, rtol=1e-12)
    assert len(expected) >= 4  # several levels, so the grouping is exercised


def test_children_are_those_a_scan_of_the_parents_finds(teaching_ledger):
    """Hierarchy.children (counted into slots, not searched) on the teaching district's units: for every
    unit, the codes whose parent it is, in code order, as a plain scan of the parent codes gives them."""
    from urban_carbon_ledger.algorithms.ledger.hierarchy import Hierarchy

    tree = Hierarchy(store.Ledger(teaching_ledger).hierarchy())
    assert len(tree) > 100 and (tree.parent >= 0).sum() > 100  # a real tree, not a handful of units
    for code in range(len(tree)):
        assert tree.children(code).tolist() == np.flatnonzero(tree.parent == code).tolist()
    assert sorted(tree.below(np.flatnonzero(tree.parent < 0)).tolist()) == list(range(len(tree)))


def test_entries_read_in_batches_are_the_sql_rows_once_each_in_fid_order(ledger):
    """entry_batches and matching_batches in batches of 3 rows give read_table's rows, each once, in fid order,
    whichever read this GDAL gets (core.gdal_arrow: GDAL 3.10.3's Arrow stream repeated and reordered rows)."""
    columns = ["fid", "unit_id", "flow", "co2e_t"]
    whole = ledger.read_table("entries", columns)
    batches = list(ledger.entry_batches(columns, rows=3))
    assert len(batches) > 2 and all(len(batch) <= 3 for batch in batches)
    read = pd.concat(batches, ignore_index=True)
    assert read["fid"].tolist() == whole["fid"].tolist() and read["unit_id"].tolist() == whole["unit_id"].tolist()
    assert np.array_equal(read["co2e_t"].to_numpy(float), whole["co2e_t"].to_numpy(float))
    sources = whole[whole["flow"] == "source"]
    matched = [pd.DataFrame(part) for part in ledger.matching_batches("entries", columns, {"flow": "source"}, rows=3)]
    assert [len(part) for part in matched] == [3, 2]  # 5 sources in batches of 3 on every GDAL (3.40's read: one)
    assert pd.concat(matched, ignore_index=True)["fid"].tolist() == sources["fid"].tolist()


def test_sqlite_batches_are_the_rows_of_a_whole_read_typed_alike(ledger):
    """The SQLite read in batches (where OGR's Arrow stream is not trusted) gives read_table's rows, once each in fid
    order, 2 at a time: REAL as float64, an INTEGER column NULL on every row of a batch as NaN (the Arrow read's)."""
    from urban_carbon_ledger.algorithms.ledger import sql_batches

    columns = ["fid", "unit_id", "co2e_t", "scope", "inventory_year"]
    whole = ledger.read_table("entries", columns, {"flow": "source"})
    batches = list(sql_batches.read(ledger, "entries", columns, '"flow" = ?', ("source",), 2))
    assert [len(batch["fid"]) for batch in batches] == [2, 2, 1]  # the 5 sources
    read = pd.DataFrame({c: np.concatenate([batch[c] for batch in batches]) for c in columns})
    assert read["fid"].tolist() == whole["fid"].tolist() == [1, 3, 4, 5, 7]
    assert read["unit_id"].tolist() == whole["unit_id"].tolist()
    assert read["co2e_t"].dtype == np.float64 and read["co2e_t"].tolist() == [500.0, 400.0, 200.0, 1000.0, 100.0]
    assert read["scope"].tolist() == whole["scope"].tolist()
    assert read["inventory_year"].dtype == np.float64 and read["inventory_year"].isna().all()  # NULL: NaN
