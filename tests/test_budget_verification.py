"""verifyledger checks the greenspace_budget rows against the sealed life-cycle entries they sum: a budget number
altered with sqlite3 outside the plugin (as a database browser would) is reported at its unit and column; the
unaltered ledger verifies with no problem at all."""
import contextlib
import shutil
import sqlite3

import pandas as pd
import pytest

from greenspace_layouts import GRID_ROW, box, grid_parameters, make_ledger, unit
from mrv_ledger import COMPUTED_AT, row
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.greenspace.budget import account_greenspace_budget
from urban_carbon_ledger.algorithms.ledger import entries as entries_module, totals
from urban_carbon_ledger.algorithms.ledger.store import Ledger
from urban_carbon_ledger.algorithms.mrv.verification import verify_ledger

GRID = GRID_ROW["value"]  # kg CO2/kWh, test row
N2O = 0.01 * 44 / 28 * 265  # kg CO2e per kg N: EF1 x N2O/N2O-N x GWP100 (AR5)
UPTAKE = {"factor_id": "test_uptake", "value": 1.0, "unit": "t CO2e/t", "low": 0.8, "high": 1.2,
          "distribution": "uniform", "source": "test row", "year": 2024, "region": "test"}
PARK_MAINTENANCE = (  # 20,000 m2 park, half trees, half lawn, standard regime (test_greenspace_budget's park)
    (10000 * 0.5 + 10000 * 0.2) * 0.45 * GRID / 1000
    + 10000 * 0.04 * 2.27 / 1000
    + (10000 * 0.01 + 10000 * 0.002) * N2O / 1000
    + (10000 * 0.001 + 10000 * 0.0008) * 191.5 / 1000
    + (10000 * 0.03 + 10000 * 0.01) * 1.5 / 1000
)
LAWN_CONSTRUCTION_TOTAL = 10000 * (5 + 8 + 3) / 1000  # 10,000 m2 lawn, kg/m2 of earthwork, materials and machinery
PARK_NET = -20.0 + PARK_MAINTENANCE + 20000 * (8 + 30 + 10) / 1000 / 30  # uptake + maintenance + construction / 30 yr


@pytest.fixture
def budgeted(tmp_path):
    """A lawn (built 2015) and a park (built 2010) with sink entries made from a factor row, their green-space budget
    written: a ledger whose every entry, total and seal verifies."""
    ledger = make_ledger(tmp_path / "budget.gpkg", [
        unit("D1", box(0, 0, 400, 400), level="district"),
        unit("D1-P1", box(0, 0, 100, 100), parent_id="D1", land_use="lawn", built_year=2015),
        unit("D1-P2", box(200, 0, 200, 100), parent_id="D1", land_use="park", built_year=2010),
    ], cover={"D1-P1": {"lawn": 10000.0}, "D1-P2": {"urban_trees": 10000.0, "lawn": 10000.0}})
    write_sinks(ledger, "baseline")
    account_greenspace_budget(ledger, grid_parameters())
    return ledger.path


def write_sinks(ledger, scenario):
    """Sink entries of 1 t CO2e/yr on the lawn and 20 t CO2e/yr on the park in ``scenario`` (the uptake a budget run
    of that scenario reads)."""
    factors = pd.DataFrame([UPTAKE]).set_index("factor_id", drop=False)
    rows = [row(u, "sink", "sequestration", "AFOLU", 1, "vegetation", t, "t", t, t, "test_uptake", -1.0,
                inputs_hash=f"test {u}") for u, t in (("D1-P1", 1.0), ("D1-P2", 20.0))]
    with ledger.transaction("test:sinks") as writer:
        writer.append_entries(entries_module.finalize_entries(pd.DataFrame(rows), factors, scenario, writer.run_id,
                                                              COMPUTED_AT), factors)
        totals.write_unit_totals(writer)


def lawn_lifetime(factor_id, years):
    """A PARAMETERS table: the test grid row and a lawn design life of ``years`` under ``factor_id``."""
    life = {"factor_id": factor_id, "value": years, "unit": "yr", "low": years, "high": years,
            "distribution": "uniform", "source": "test: a city's own design life", "year": 2024, "region": "test",
            "parameter": "lifetime", "applies_to": "lawn"}
    return pd.concat([grid_parameters(), pd.DataFrame([life])], ignore_index=True)


def budget_row(path, unit_id, scenario="baseline"):
    """{column: value} of the amortised and total construction of one greenspace_budget row."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        found = connection.execute("SELECT construction_amortised_t, construction_total_t FROM greenspace_budget "
                                   "WHERE unit_id = ? AND scenario = ?", (unit_id, scenario)).fetchone()
    return dict(zip(("construction_amortised_t", "construction_total_t"), found, strict=True))


def altered_copy(path, folder, unit_id, column, value):
    """A copy of the ledger at ``path`` with one greenspace_budget number set with sqlite3; returns its path."""
    copy = str(folder / "altered.gpkg")
    shutil.copyfile(path, copy)
    with contextlib.closing(sqlite3.connect(copy)) as connection, connection:
        assert connection.execute(f"UPDATE greenspace_budget SET {column} = ? WHERE unit_id = ?",
                                  (value, unit_id)).rowcount == 1
    return copy


def test_the_unaltered_budget_verifies_with_no_problem(budgeted):
    mismatches, summary = verify_ledger(budgeted)
    assert summary["problems"] == 0, mismatches.to_string()
    assert summary["budget_rows"] == 2 and summary["budget"] == 0 and summary["budget_fields"] == []


def test_a_new_version_of_the_year_copying_the_budgets_entries_still_verifies(budgeted):
    """A recalculation (a REASON: version 2 of 2024) copies every entry of version 1, run_id and all: the budget row
    is summed from the version its run wrote, not from both (every maintenance_t read twice as much in make demo,
    whose ground check calibrates 2024)."""
    ledger = Ledger(budgeted)
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)
    with ledger.transaction("test:recalculation") as writer:
        assert writer.open_year(2024, reason="a corrected factor").version == 2
    versions = ledger.read_table("entries", ["year_version"])["year_version"].value_counts().to_dict()
    assert versions[1] == versions[2] > 0  # every entry of version 1 copied into version 2
    mismatches, summary = verify_ledger(budgeted)
    assert summary["problems"] == 0, mismatches.to_string()
    assert summary["budget_rows"] == 2


def test_a_design_life_under_the_runs_own_factor_id_verifies(budgeted):
    """A PARAMETERS table giving the lawn's design life as a row of its own id (parameter lifetime, applies_to lawn;
    the shipped gs_lifetime_lawn says 20 yr): the run amortised the lawn's 160 t of construction (10,000 m2 x 16
    kg/m2) over 10 yr, 16 t/yr, and the check takes the design life the run used (its sealed construction entries),
    not the shipped row (which recomputed 16 x 20 = 320 t and reported an honest ledger)."""
    account_greenspace_budget(Ledger(budgeted), lawn_lifetime("wuhan_lawn_design_life", 10.0))
    assert budget_row(budgeted, "D1-P1") == pytest.approx({"construction_amortised_t": 16.0,
                                                            "construction_total_t": 160.0})
    mismatches, summary = verify_ledger(budgeted)
    assert summary["problems"] == 0, mismatches.to_string()
    assert summary["budget_rows"] == 2


def test_a_later_runs_design_life_leaves_an_earlier_scenarios_budget_verifying(budgeted):
    """A budget run of scenario s1 with gs_lifetime_lawn at 10 yr rewrites that factor row; the baseline's lawn,
    amortised over the shipped 20 yr (8 t/yr, 160 t), still verifies (the factor row now recomputed 8 x 10 = 80 t),
    and so does s1's lawn (16 t/yr over 10 yr, 160 t)."""
    ledger = Ledger(budgeted)
    write_sinks(ledger, "s1")
    account_greenspace_budget(ledger, lawn_lifetime("gs_lifetime_lawn", 10.0), scenario="s1")
    assert budget_row(budgeted, "D1-P1") == pytest.approx({"construction_amortised_t": 8.0,
                                                            "construction_total_t": 160.0})
    assert budget_row(budgeted, "D1-P1", "s1") == pytest.approx({"construction_amortised_t": 16.0,
                                                                  "construction_total_t": 160.0})
    mismatches, summary = verify_ledger(budgeted)
    assert summary["problems"] == 0, mismatches.to_string()
    assert summary["budget_rows"] == 4


def test_a_design_life_under_an_id_sorting_before_the_shipped_one_replaces_it(budgeted):
    """A PARAMETERS design life for the lawn under 'a_lawn_design_life' (10 yr) replaces the shipped gs_lifetime_lawn
    (20 yr) as one under the same id would: 160 t amortised over 10 yr, 16 t/yr. Before, both rows stayed and the
    lookup kept the last in id order, the shipped 20 yr (8 t/yr), so the user's row was silently ignored."""
    account_greenspace_budget(Ledger(budgeted), lawn_lifetime("a_lawn_design_life", 10.0))
    assert budget_row(budgeted, "D1-P1") == pytest.approx({"construction_amortised_t": 16.0,
                                                            "construction_total_t": 160.0})
    mismatches, summary = verify_ledger(budgeted)
    assert summary["problems"] == 0, mismatches.to_string()


def test_two_design_lives_for_one_design_type_are_refused_naming_the_second_row(budgeted):
    """Two PARAMETERS rows giving the lawn's design life (10 and 12 yr under two ids): which one holds is not the
    plugin's to guess; refused naming both ids and the second's row, the ledger's bytes untouched."""
    table = pd.concat([lawn_lifetime("a_lawn_design_life", 10.0), lawn_lifetime("b_lawn_design_life", 12.0).tail(1)],
                      ignore_index=True)
    before = open(budgeted, "rb").read()
    with pytest.raises(LedgerInputError) as refused:
        account_greenspace_budget(Ledger(budgeted), table)
    assert str(refused.value) == (f"layer 'PARAMETERS', field 'applies_to', row {len(table)}: rows "
                                  "'a_lawn_design_life' and 'b_lawn_design_life' both give 'lifetime' for 'lawn'; "
                                  "keep one of them")
    assert open(budgeted, "rb").read() == before


@pytest.mark.parametrize(("unit_id", "column", "value", "recomputed"), [
    ("D1-P2", "maintenance_t", PARK_MAINTENANCE + 0.5, PARK_MAINTENANCE),
    ("D1-P1", "construction_amortised_t", 7.0, LAWN_CONSTRUCTION_TOTAL / 20),
    ("D1-P1", "construction_total_t", 150.0, LAWN_CONSTRUCTION_TOTAL),
    ("D1-P2", "net_t", PARK_NET + 0.01, PARK_NET),  # inside its interval: only the sum differs
])
def test_an_altered_budget_number_is_reported_at_its_unit_and_column(budgeted, tmp_path, unit_id, column, value,
                                                                     recomputed):
    """The budget's values by hand (test_greenspace_budget): the park's maintenance; the lawn's construction, 16 kg
    per m2 over 10,000 m2 (160 t), amortised over its 20-year life (8 t/yr); the park's net: 20 t/yr of uptake
    against its maintenance and 960 t of construction over 30 years."""
    with contextlib.closing(sqlite3.connect(budgeted)) as connection:
        stored = connection.execute(f"SELECT {column} FROM greenspace_budget WHERE unit_id = ?", (unit_id,)).fetchone()
    assert stored[0] == pytest.approx(recomputed)
    mismatches, summary = verify_ledger(altered_copy(budgeted, tmp_path, unit_id, column, value))
    field = f"greenspace_budget.{column}"
    assert mismatches[["entry_id", "unit_id", "field"]].values.tolist() == [["", unit_id, field]]
    found = mismatches.iloc[0]
    assert float(found["stored"]) == pytest.approx(value)
    assert float(found["recomputed"].split(" ")[0]) == pytest.approx(recomputed)
    assert "scenario baseline" in found["recomputed"]
    assert summary["budget"] == 1 and summary["problems"] == 1 and summary["mismatches"] == 0
    assert summary["budget_fields"] == [field]


def test_an_altered_gross_uptake_shows_at_net_and_payback(budgeted, tmp_path):
    """Gross uptake is the unit's sink entries times its share of ground, which the ledger does not hold: altered, it
    breaks net_t = gross_uptake_t + maintenance_t + construction_amortised_t and the payback."""
    mismatches, summary = verify_ledger(altered_copy(budgeted, tmp_path, "D1-P2", "gross_uptake_t", -30.0))
    assert sorted(mismatches["field"]) == ["greenspace_budget.net_t", "greenspace_budget.payback_years"]
    assert set(mismatches["unit_id"]) == {"D1-P2"} and summary["budget"] == 1
