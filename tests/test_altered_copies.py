"""A run that copies stored entries into new ones (a new version of a year, a calibration, a scenario) checks first
that the copied entries' stored digests hold: the store gives every copy digests of its own, so a copy of an entry
altered outside the plugin would verify clean while the original still fails. An entry (or a unit its entries
cite) altered with sqlite3, as a database browser would, refuses the run in Processing, naming the layer, the
digest that does not hold and the entry, and the ledger keeps every byte; the same run on the unaltered ledger
writes entries that all verify."""
import contextlib
import json
import shutil
import sqlite3

import pytest

from ledger_bytes import file_bytes
from mrv_ledger import FACTORS, build, row
from test_ground_check import OBSERVED, ROWS, UNITS, USES
from test_scenarios import make_ledger
from urban_carbon_ledger.algorithms.ledger import store
from urban_carbon_ledger.algorithms.mrv import verification

REASON = "metered sample 2024"
GAS = row("G1", "source", "residential", "I.1", 1, "natural_gas", 1.0, "TJ", 0.9, 1.1, "gas", 1.0)
"""An entry the calibration does not re-share (not downscaled): only the copy into the new version takes it."""
CONVERSION = [{"unit_id": "D1-B1-P1", "measure_id": "land_use_conversion",
               "parameters": {"canopy_share": 0.5, "lawn_share": 0.3, "paving_share": 0.2}}]
"""A pocket park on the test city's parcel: it re-accounts the parcel and its building, whose electricity entry the
scenario keeps as the baseline holds it."""


def altered(path, sql, params):
    """Run one UPDATE on the ledger at ``path`` with sqlite3, outside the plugin."""
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        assert connection.execute(sql, params).rowcount == 1


def entry_id_of(path, unit_id, carrier):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT entry_id FROM entries WHERE unit_id = ? AND carrier = ? ORDER BY fid DESC",
                                  (unit_id, carrier)).fetchone()[0]


def refused_in_processing(run_alg, path, algorithm, parameters, entry_id, field="content_digest"):
    """``algorithm`` on the ledger at ``path`` raises, naming the entries layer, ``field`` and ``entry_id``, and
    changes not one byte of the file."""
    from qgis.core import QgsProcessingException

    before = file_bytes(path)
    with pytest.raises(QgsProcessingException, match=rf"layer 'entries', field '{field}', row {entry_id}: 1 entry "
                                                     r"was altered.*verifyledger"):
        run_alg(algorithm, dict(parameters, LEDGER=path))
    assert file_bytes(path) == before


def verifies(path):
    """Whether every entry and seal of the ledger at ``path`` verifies."""
    return verification.verify_ledger(path)[1]["mismatches"] == 0


@pytest.fixture
def metered(tmp_path):
    """The ground check's four buildings with one natural-gas entry beside their electricity, as inventory year
    2024; the observed sample as a CSV."""
    ledger = build(str(tmp_path / "metered.gpkg"), rows=[*ROWS, GAS], factors=FACTORS, units=UNITS, links=False,
                   land_use=USES)
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)
    OBSERVED.to_csv(tmp_path / "observed.csv", index=False)
    return ledger.path


def calibration(tmp_path):
    """carbonledger:groundcheck parameters that apply the calibration with REASON."""
    return {"OBSERVED": str(tmp_path / "observed.csv"), "APPLY": 1, "REASON": REASON,
            "OUTPUT": str(tmp_path / "compared.csv")}


@pytest.mark.slow
def test_a_new_version_refuses_to_copy_an_altered_entry(metered, tmp_path, run_alg):
    """The gas entry's co2e_t altered, then a calibration as a new version of 2024 (which copies every entry of
    version 1 first): refused. On the unaltered ledger the run writes version 2, the gas entry copied, and all
    verifies."""
    clean = shutil.copyfile(metered, tmp_path / "clean.gpkg")
    run_alg("carbonledger:groundcheck", dict(calibration(tmp_path), LEDGER=str(clean)))
    copies = store.Ledger(str(clean)).read_table("entries", match={"carrier": "natural_gas"})
    assert copies["year_version"].tolist() == [1, 2] and copies["co2e_t"].tolist() == [56.1, 56.1]  # 1 TJ x 56.1
    assert verifies(str(clean))
    entry_id = entry_id_of(metered, "G1", "natural_gas")
    altered(metered, "UPDATE entries SET co2e_t = 5.61 WHERE entry_id = ?", (entry_id,))
    refused_in_processing(run_alg, metered, "carbonledger:groundcheck", calibration(tmp_path), entry_id)


@pytest.mark.slow
def test_a_calibration_refuses_to_reshare_an_altered_entry(metered, tmp_path, run_alg):
    """A calibration applied (version 2), then G2's activity in version 2 altered, then the same calibration again
    (the same reason continues version 2: no copy, the downscaled entries re-shared from the stored ones): refused.
    Unaltered, the second calibration re-shares them again and all verifies."""
    run_alg("carbonledger:groundcheck", dict(calibration(tmp_path), LEDGER=metered))
    clean = shutil.copyfile(metered, tmp_path / "clean.gpkg")
    run_alg("carbonledger:groundcheck", dict(calibration(tmp_path), LEDGER=str(clean)))
    assert len(store.Ledger(str(clean)).inventory_years()) == 2 and verifies(str(clean))
    entry_id = entry_id_of(metered, "G2", "electricity")
    assert entry_id.endswith("@2024v2")
    altered(metered, "UPDATE entries SET activity = 9000.0 WHERE entry_id = ?", (entry_id,))
    refused_in_processing(run_alg, metered, "carbonledger:groundcheck", calibration(tmp_path), entry_id)


@pytest.fixture
def city(tmp_path):
    """The scenario tests' city (baseline without inventory years) and the pocket park's edits file."""
    path = make_ledger(str(tmp_path / "city.gpkg"))
    (tmp_path / "park.json").write_text(json.dumps(CONVERSION), encoding="utf-8")
    return path


def park(tmp_path):
    """carbonledger:applyscenario parameters storing the pocket park as scenario 'park'."""
    return {"SCENARIO": "park", "EDITS": str(tmp_path / "park.json")}


@pytest.mark.slow
def test_a_scenario_refuses_to_copy_an_altered_entry(city, tmp_path, run_alg):
    """The building's electricity entry altered (co2e_t), then the pocket park on its parcel (which keeps that
    entry in the scenario): refused. Unaltered, the scenario holds the entry as the baseline does, and all
    verifies."""
    clean = shutil.copyfile(city, tmp_path / "clean.gpkg")
    run_alg("carbonledger:applyscenario", dict(park(tmp_path), LEDGER=str(clean)))
    kept = store.Ledger(str(clean)).read_table("entries", match={"carrier": "electricity", "flow": "source"})
    assert kept["scenario"].tolist() == ["baseline", "park"] and kept["co2e_t"].tolist() == [20.0, 20.0]
    assert verifies(str(clean))
    entry_id = entry_id_of(city, "D1-B1-P1-G1", "electricity")
    altered(city, "UPDATE entries SET co2e_t = 2.0 WHERE entry_id = ?", (entry_id,))
    refused_in_processing(run_alg, city, "carbonledger:applyscenario", park(tmp_path), entry_id)


@pytest.mark.slow
def test_a_scenario_refuses_a_unit_altered_under_its_entries(city, tmp_path, run_alg):
    """The parcel's area altered (2,000 to 20,000 m2: the park's new sinks would grow tenfold), which its grassland
    entry's content digest covers: the pocket park on it is refused, naming that entry."""
    from osgeo import ogr  # a units layer's triggers call GeoPackage functions that sqlite3 lacks

    source = ogr.Open(city, update=1)
    source.ExecuteSQL("UPDATE units SET area_m2 = 20000.0 WHERE unit_id = 'D1-B1-P1'")
    source = None
    refused_in_processing(run_alg, city, "carbonledger:applyscenario", park(tmp_path),
                          entry_id_of(city, "D1-B1-P1", "grassland"))


@pytest.mark.slow
def test_a_scenario_read_unit_by_unit_refuses_to_copy_an_altered_entry(metered, tmp_path, run_alg):
    """On a ledger with its totals stored the session reads the base's entries unit by unit (``StoredUnits``): G1's
    gas entry altered, then a retrofit of G1 (which keeps that entry): refused. Unaltered, the scenario is stored
    with the gas entry as the baseline holds it, and all verifies."""
    from urban_carbon_ledger.algorithms.scenarios.session_units import stored_units

    assert stored_units(store.Ledger(metered), "baseline")[0] is not None
    (tmp_path / "retrofit.json").write_text(json.dumps([{"unit_id": "G1", "measure_id": "building_retrofit",
                                                         "parameters": {"cut_electricity": 0.25}}]), encoding="utf-8")
    retrofit = {"SCENARIO": "retrofit", "EDITS": str(tmp_path / "retrofit.json")}
    clean = shutil.copyfile(metered, tmp_path / "clean.gpkg")
    run_alg("carbonledger:applyscenario", dict(retrofit, LEDGER=str(clean)))
    gas = store.Ledger(str(clean)).read_table("entries", match={"carrier": "natural_gas"})
    assert gas["scenario"].tolist() == ["baseline", "retrofit"] and gas["co2e_t"].tolist() == [56.1, 56.1]
    assert verifies(str(clean))
    entry_id = entry_id_of(metered, "G1", "natural_gas")
    altered(metered, "UPDATE entries SET co2e_t = 5.61 WHERE entry_id = ?", (entry_id,))
    refused_in_processing(run_alg, metered, "carbonledger:applyscenario", retrofit, entry_id)
