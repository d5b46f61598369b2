"""Tamper evidence (issue 17 item 1): the attacks of a hostile tester on copies of a demo-like ledger (the
teaching district segmented, its sources and sinks accounted, a scenario stored, Monte Carlo intervals),
each caught by carbonledger:verifyledger with the entry or unit and the broken link named; the clean
ledger verifies with 0 problems; reports refuse stored totals that are not the sums of their entries."""
import contextlib
import shutil
import sqlite3

import pandas as pd
import pytest

from conftest import demo_parameters, run_algorithm
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.ledger import entries as entry_math
from urban_carbon_ledger.algorithms.ledger import intervals, seals, signing
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv import sign_ledger, verification
from urban_carbon_ledger.algorithms.reports import district_atlas, inventory_report, scenario_comparison


@pytest.fixture(scope="module")
def district(segmented_teaching_district, tmp_path_factory):
    """The demo-like ledger (read it, never write it: ``attack`` copies it): path."""
    folder = str(tmp_path_factory.mktemp("sealed_district"))
    path = segmented_teaching_district.copy(f"{folder}/ledger.gpkg")
    for step in ("carbonledger:accountsources", "carbonledger:accountsinks", "carbonledger:applyscenario"):
        run_algorithm(step, dict(demo_parameters(step, folder), LEDGER=path))
    run_algorithm("carbonledger:uncertainty", {"LEDGER": path, "METHOD": 1, "ITERATIONS": 100, "SEED": 1})
    return path


@pytest.fixture
def attack(district, tmp_path):
    """A copy of the demo-like ledger to attack: its path."""
    return shutil.copyfile(district, str(tmp_path / "attacked.gpkg"))


def sql(path, statement, params=()):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(statement, params)
        connection.commit()


def query(path, statement, params=()):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(statement, params).fetchall()


def edit_unit(path, unit_id, change):
    """Edit unit ``unit_id`` with OGR as a GIS user would (GDAL keeps the GeoPackage's triggers working):
    ``change(feature)`` sets what it alters."""
    from osgeo import ogr

    dataset = ogr.Open(path, update=1)
    layer = dataset.GetLayerByName("units")
    layer.SetAttributeFilter(f"unit_id = '{unit_id}'")
    feature = layer.GetNextFeature()
    change(feature)
    assert layer.SetFeature(feature) == 0
    dataset = None


def building_with_entries(path):
    """(unit_id, entry_id) of the first building with a baseline source entry downscaled by floor area."""
    return query(path, "SELECT e.unit_id, e.entry_id FROM entries e JOIN units u ON u.unit_id = e.unit_id "
                       "WHERE u.level = 'building' AND e.scenario = 'baseline' AND e.method LIKE 'downscaled_%' "
                       "ORDER BY e.entry_id LIMIT 1")[0]


def links(mismatches):
    """The broken links of the chain (rows without entry and unit), as {field: (stored, recomputed)}."""
    chain = mismatches[(mismatches["entry_id"] == "") & (mismatches["unit_id"] == "")]
    return {row.field: (row.stored, row.recomputed) for row in chain.itertuples()}


def test_the_clean_demo_like_ledger_verifies_with_no_problem(district):
    mismatches, summary = verification.verify_ledger(district)
    assert summary["problems"] == 0 and len(mismatches) == 0
    runs = Ledger(district).read_table("runs")
    # 2 runs made the segmented district; then sources, sinks, the scenario and the Monte Carlo
    assert runs["algorithm"].tolist()[-4:] == ["carbonledger:accountsources", "carbonledger:accountsinks",
                                               "carbonledger:applyscenario", "carbonledger:uncertainty"]
    assert (runs["previous_seal"].tolist()[1:] == runs["seal"].tolist()[:-1]) and runs["previous_seal"][0] == ""
    assert set(runs["sealed"]) == {seals.AT_RUN}
    # the last seal counts every entry and every unit and link of the ledger as it is
    assert runs["entries_count"].iloc[-1] == query(district, "SELECT count(*) FROM entries")[0][0]
    assert runs["units_count"].iloc[-1] == query(district, "SELECT (SELECT count(*) FROM units) + "
                                                           "(SELECT count(*) FROM links)")[0][0]


def test_deleting_one_entry_breaks_the_seal_and_names_its_unit(attack):
    unit_id, entry_id = building_with_entries(attack)
    sql(attack, "DELETE FROM entries WHERE entry_id = ?", (entry_id,))
    mismatches, summary = verification.verify_ledger(attack)
    chain = links(mismatches)
    stored, recomputed = chain["entries_count"]
    assert stored.endswith(str(summary["entries"] + 1)) and recomputed.startswith(f"{summary['entries']} ")
    assert summary["first_broken_link"].startswith("entries_count: run ") and "uncertainty" in stored
    # the building's stored totals, and those of every unit above it, are no longer the sums of its entries
    differ = mismatches[(mismatches["entry_id"] == "") & (mismatches["unit_id"] != "")]
    assert unit_id in set(differ["unit_id"]) and "source_t" in set(differ.loc[differ["unit_id"] == unit_id, "field"])


def test_deleting_all_sink_entries_is_caught(attack):
    sinks = query(attack, "SELECT count(*) FROM entries WHERE flow = 'sink'")[0][0]
    sql(attack, "DELETE FROM entries WHERE flow = 'sink'")
    mismatches, summary = verification.verify_ledger(attack)
    stored, recomputed = links(mismatches)["entries_count"]
    assert int(stored.rsplit(" ", 1)[1]) - int(recomputed.split(" ")[0]) == sinks > 100
    city = query(attack, "SELECT unit_id FROM units WHERE parent_id IS NULL OR parent_id = ''")[0][0]
    assert ((mismatches["unit_id"] == city) & (mismatches["field"] == "sink_t")).any()


def forge(path, entry_id):
    """Lower an entry's activity from its value to a fifth, with co2e_t, interval and fingerprint recomputed
    by the plugin's own functions (as the issue's attacker did)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        row = pd.read_sql_query("SELECT * FROM entries WHERE entry_id = ?", connection, params=(entry_id,))
        factor = pd.read_sql_query("SELECT * FROM factors WHERE factor_id = ?", connection,
                                   params=(row["factor_id"][0],))
        row[["activity", "activity_low", "activity_high"]] = row[["activity", "activity_low", "activity_high"]] / 5
        row["co2e_t"], row["low_t"], row["high_t"] = intervals.product_bounds(
            row["activity"], row["activity_low"], row["activity_high"], row["factor"], factor["low"].to_numpy(),
            factor["high"].to_numpy(), row["conversion"])
        row = seals.fingerprinted(connection, row)
        connection.execute("UPDATE entries SET activity = ?, activity_low = ?, activity_high = ?, co2e_t = ?, "
                           "low_t = ?, high_t = ?, content_digest = ?, fingerprint = ? WHERE entry_id = ?",
                           [float(row[c][0]) for c in ("activity", "activity_low", "activity_high", "co2e_t",
                                                       "low_t", "high_t")]
                           + [row["content_digest"][0], row["fingerprint"][0], entry_id])
        connection.commit()


def reseal(path):
    """Recompute the last run's seal over the ledger as it is now, as a forger with the plugin would."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        last = pd.read_sql_query("SELECT * FROM runs ORDER BY fid DESC LIMIT 1", connection).iloc[0].to_dict()
        last.update(seals.ledger_state(connection))
        last["seal"] = seals.seal_of(last)
        connection.execute("UPDATE runs SET entries_root = ?, units_root = ?, seal = ? WHERE run_id = ?",
                           (last["entries_root"], last["units_root"], last["seal"], last["run_id"]))
        seals.record_last_seal(connection, last["seal"])
        connection.commit()


def test_a_forged_entry_with_its_fingerprint_recomputed_is_caught_by_the_seal(attack):
    _, entry_id = building_with_entries(attack)
    forge(attack, entry_id)
    mismatches, summary = verification.verify_ledger(attack)
    assert summary["mismatches"] == 0  # the entry agrees with itself and its factor row ...
    assert "entries_root" in links(mismatches)  # ... but not with the seal of the last run
    assert summary["first_broken_link"].startswith("entries_root: run ")


def test_a_forged_entry_resealed_is_caught_only_by_the_signature(attack, tmp_path):
    private, public = str(tmp_path / "centre.pem"), str(tmp_path / "centre.pub.pem")
    signing.generate_key_pair(private, public)
    assert sign_ledger.sign_ledger(attack, private)["signed"] == len(Ledger(attack).read_table("runs"))
    assert verification.verify_ledger(attack, public_key=public)[1]["problems"] == 0
    _, entry_id = building_with_entries(attack)
    forge(attack, entry_id)
    reseal(attack)
    # the stored totals would show the forgery unless the forger rolls them up too; the chain verifies
    mismatches, summary = verification.verify_ledger(attack)
    assert summary["links"] == 0
    mismatches, summary = verification.verify_ledger(attack, public_key=public)
    assert list(links(mismatches)) == ["signature"] and summary["links"] == 1
    last = Ledger(attack).read_table("runs").iloc[-1]
    assert summary["first_broken_link"].startswith(f"signature: run {last['run_id']} (carbonledger:signledger")
    assert "forged or re-sealed" in summary["first_broken_link"]


@pytest.mark.parametrize("change, fields", [
    ("scope = 3 - scope", {"content_digest", "fingerprint"}), ("gpc_sector = 'IV'", {"content_digest", "fingerprint"}),
    ("profile = 'flat'", {"content_digest", "fingerprint"}),
    ("low_t = low_t * 0.9", {"fingerprint"}), ("high_t = high_t * 1.1", {"fingerprint"})])
def test_changing_a_field_outside_the_number_breaks_the_entry_fingerprint(attack, change, fields):
    """A column of the content fails the content digest (and so the fingerprint); the interval, outside the content,
    fails the fingerprint alone (schema 8: a Monte Carlo set these intervals, so low_t and high_t are not compared
    with Approach 1's)."""
    unit_id, entry_id = building_with_entries(attack)
    sql(attack, f"UPDATE entries SET {change} WHERE entry_id = ?", (entry_id,))
    mismatches, summary = verification.verify_ledger(attack)
    named = mismatches[mismatches["entry_id"] == entry_id]
    assert set(named["field"]) == fields and set(named["unit_id"]) == {unit_id}
    assert summary["mismatches"] == 1 and summary["links"] == 0  # the root holds the stored fingerprints


def test_zeroed_stored_totals_are_caught_and_no_report_publishes_them(attack, tmp_path):
    city = query(attack, "SELECT unit_id FROM units WHERE parent_id IS NULL OR parent_id = ''")[0][0]
    edit_unit(attack, city, lambda feature: [feature.SetField(f, 0.0) for f in ("net_t", "source_t")])
    mismatches, summary = verification.verify_ledger(attack)
    assert summary["units"] == 1 and summary["links"] == 0
    city_rows = mismatches[mismatches["unit_id"] == city].set_index("field")
    assert set(city_rows.index) == {"source_t", "net_t"} and float(city_rows.at["net_t", "stored"]) == 0.0
    refused = f"source_t stored on unit '{city}' \\(0.000 t CO2e/yr\\) is not the sum of its entries"
    with pytest.raises(LedgerInputError, match=refused):
        inventory_report.write_report(attack, str(tmp_path / "report.html"))
    with pytest.raises(LedgerInputError, match=refused):
        district_atlas.district_atlas_data(Ledger(attack))
    with pytest.raises(LedgerInputError, match=refused):
        scenario_comparison.compare_scenarios(attack, "baseline", ["pocket_parks"])
    assert not (tmp_path / "report.html").exists()


def test_a_buffered_building_is_caught_at_its_entries_and_the_units_root(attack):
    unit_id, entry_id = building_with_entries(attack)
    edit_unit(attack, unit_id, lambda feature: feature.SetGeometry(feature.GetGeometryRef().Buffer(50.0)))
    mismatches, summary = verification.verify_ledger(attack)
    assert "units_root" in links(mismatches)
    assert set(mismatches.loc[mismatches["field"] == "fingerprint", "unit_id"]) == {unit_id}
    assert entry_id in set(mismatches["entry_id"])


def test_a_floor_area_times_100_is_caught_at_the_buildings_entries(attack):
    unit_id, entry_id = building_with_entries(attack)
    edit_unit(attack, unit_id, lambda feature: feature.SetField("floor_area_m2",
                                                                feature.GetField("floor_area_m2") * 100))
    mismatches, summary = verification.verify_ledger(attack)
    assert summary["first_broken_link"].startswith("units_root: run ")
    assert set(mismatches.loc[mismatches["field"] == "fingerprint", "unit_id"]) == {unit_id}


def test_deleted_runs_rows_are_named_as_such_not_as_interval_mismatches(attack):
    runs = Ledger(attack).read_table("runs")
    sources = runs.loc[runs["algorithm"] == "carbonledger:accountsources", "run_id"].iloc[0]
    sql(attack, "DELETE FROM runs WHERE algorithm IN ('carbonledger:accountsources', 'carbonledger:uncertainty')")
    mismatches, summary = verification.verify_ledger(attack)
    chain = links(mismatches)
    # the run after accountsources follows a seal no row holds; the count of runs rows in ledger_info is 2 more
    assert summary["first_broken_link"].startswith("previous_seal: run ")
    assert "deleted" in chain["runs"][1] and "runs rows were deleted" in chain["runs"][1]
    lost = mismatches[mismatches["field"] == "run_id"]
    assert len(lost) == query(attack, "SELECT count(*) FROM entries WHERE run_id = ?", (sources,))[0][0] > 0
    assert not mismatches["field"].isin(["low_t", "high_t", "interval"]).any()


def test_deleting_the_last_runs_row_is_named(attack):
    sql(attack, "DELETE FROM runs WHERE fid = (SELECT max(fid) FROM runs)")
    summary = verification.verify_ledger(attack)[1]
    assert summary["first_broken_link"].startswith("runs: ") and "runs rows were deleted" in \
        summary["first_broken_link"]


def test_an_altered_runs_row_breaks_its_seal(attack):
    sql(attack, "UPDATE runs SET parameters = '{}' WHERE algorithm = 'carbonledger:accountsinks'")
    summary = verification.verify_ledger(attack)[1]
    assert summary["first_broken_link"].startswith("seal: run ") and "accountsinks" in summary["first_broken_link"]


def test_signledger_refuses_a_broken_chain_and_verify_refuses_a_missing_key(attack, tmp_path):
    private, public = str(tmp_path / "k.pem"), str(tmp_path / "k.pub.pem")
    signing.generate_key_pair(private, public)
    sql(attack, "DELETE FROM entries WHERE rowid = (SELECT min(rowid) FROM entries)")
    before = open(attack, "rb").read()
    with pytest.raises(LedgerInputError, match="seal chain is broken \\(entries_count"):
        sign_ledger.sign_ledger(attack, private)
    assert open(attack, "rb").read() == before
    with pytest.raises(LedgerInputError, match="PUBLIC_KEY.*cannot read the key file"):
        verification.verify_ledger(attack, public_key=str(tmp_path / "missing.pem"))
    with pytest.raises(LedgerInputError, match="exists already"):
        signing.generate_key_pair(private, str(tmp_path / "other.pem"))


def test_fingerprints_cover_every_entry_column_of_the_schema():
    from urban_carbon_ledger.algorithms.ledger import schema

    covered = set(entry_math.CONTENT_FIELDS) | set(entry_math.INTERVAL_FIELDS)
    assert set(schema.columns("entries")) - covered == set(entry_math.NOT_FINGERPRINTED)
    assert {"unit_digest", "related_unit_digest"} <= covered
    assert entry_math.FINGERPRINT_FIELDS == ("content_digest", "low_t", "high_t")


def test_the_key_command_and_processing_sign_and_verify(tmp_path, run_alg):
    import os
    import stat

    from mrv_ledger import build
    from urban_carbon_ledger.algorithms.mrv import uncertainty
    from urban_carbon_ledger.cli import keys

    private, public = str(tmp_path / "centre.pem"), str(tmp_path / "centre.pub.pem")
    keys.main([private, public])
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    ledger = build(tmp_path / "l.gpkg")
    signed = run_alg("carbonledger:signledger", {"LEDGER": ledger.path, "SIGNING_KEY": private})
    assert signed["SIGNED"] == 2  # the build run and the signing run itself
    assert signed["KEY_ID"] == signing.key_id(signing.public_key(public))
    verified = run_alg("carbonledger:verifyledger", {"LEDGER": ledger.path, "PUBLIC_KEY": public, "OUTPUT": "memory:"})
    assert (verified["MISMATCHES"], verified["LINKS"], verified["FIRST_BROKEN_LINK"]) == (0, 0, "")
    uncertainty.run_uncertainty(ledger.path, iterations=50)  # a run nobody signed
    verified = run_alg("carbonledger:verifyledger", {"LEDGER": ledger.path, "PUBLIC_KEY": public, "OUTPUT": "memory:"})
    assert verified["LINKS"] == 1 and verified["FIRST_BROKEN_LINK"].startswith("signature: run ")
    assert "carbonledger:uncertainty" in verified["FIRST_BROKEN_LINK"] and "never signed" in \
        verified["FIRST_BROKEN_LINK"]


def uncited_factor(path):
    """The id of a factor row of the ledger that no entry names (a GWP, a calorific value: it entered activities)."""
    return query(path, "SELECT factor_id FROM factors WHERE factor_id NOT IN (SELECT factor_id FROM entries "
                       "WHERE factor_id IS NOT NULL) ORDER BY factor_id LIMIT 1")[0][0]


@pytest.mark.parametrize("change", ["value = value * 10, source = 'hand edit'", "distribution = 'uniform'"])
def test_a_factor_row_edited_by_hand_is_caught_at_the_factors_root(attack, change):
    # a row no entry copies (its value and source), or the distribution of the grid factor the Monte Carlo drew
    factor_id = uncited_factor(attack) if "value" in change else query(
        attack, "SELECT factor_id FROM entries WHERE carrier = 'electricity' LIMIT 1")[0][0]
    sql(attack, f"UPDATE factors SET {change} WHERE factor_id = ?", (factor_id,))
    mismatches, summary = verification.verify_ledger(attack)
    stored, recomputed = links(mismatches)["factors_root"]
    (fid,) = query(attack, "SELECT fid FROM factors WHERE factor_id = ?", (factor_id,))[0]  # a bucket per row
    assert "uncertainty" in stored and "factor rows (a value, its range, distribution or cited source) were altered" \
        in recomputed and recomputed.endswith(f"factors fid {fid}-{fid} (1 rows sealed, 1 now)")
    assert summary["first_broken_link"].startswith("factors_root: run ") and summary["links"] == 1
    assert summary["mismatches"] == 0  # the entries themselves still hold


def test_a_run_writing_factors_refuses_to_seal_a_factor_row_edited_by_hand(attack, tmp_path):
    factor_id = uncited_factor(attack)
    sql(attack, "UPDATE factors SET value = value * 10 WHERE factor_id = ?", (factor_id,))
    before = open(attack, "rb").read()
    step = "carbonledger:accountsources"
    with pytest.raises(Exception, match=rf"layer 'factors', field 'factors_root', row {factor_id}: 1 factor rows were "
                                        rf"altered, inserted or deleted outside the plugin since the last run sealed "
                                        rf"them, factor row '{factor_id}' \(fid \d+\) the first.*changed nothing.*"
                                        r"FACTORS"):
        run_algorithm(step, dict(demo_parameters(step, str(tmp_path)), LEDGER=attack))
    assert open(attack, "rb").read() == before


def test_a_run_reading_factors_refuses_a_factor_range_narrowed_by_hand(attack):
    """The grid factor's range narrowed by hand to +-0.1% would give every electricity entry an interval ten
    times too narrow, and the Monte Carlo's seal would book it: uncertainty checks the factor rows first and
    refuses, not a byte changed. Before, it ran with the narrowed range and sealed its intervals."""
    factor_id = query(attack, "SELECT factor_id FROM entries WHERE carrier = 'electricity' LIMIT 1")[0][0]
    sql(attack, "UPDATE factors SET low = value * 0.999, high = value * 1.001 WHERE factor_id = ?", (factor_id,))
    before = open(attack, "rb").read()
    with pytest.raises(Exception, match=rf"layer 'factors', field 'factors_root', row {factor_id}: 1 factor rows "
                                        r"were altered.*used or sealed the alteration.*changed nothing"):
        run_algorithm("carbonledger:uncertainty", {"LEDGER": attack, "METHOD": 1, "ITERATIONS": 100, "SEED": 1})
    assert open(attack, "rb").read() == before
