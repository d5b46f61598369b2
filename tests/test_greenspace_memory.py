"""The green-space budget in bounded memory (issue 22): what it holds per green unit and per owned sink entry."""
import geopandas as gpd

from urban_carbon_ledger.algorithms.greenspace import budget
from urban_carbon_ledger.algorithms.ledger.owned_entries import owned_entries

from greenspace_layouts import grid_parameters
from test_greenspace_budget import _block_of_parcels


def test_owned_entries_hold_one_str_per_distinct_text(tmp_path):
    """P1 owns its own and its segment's sink entries (-1, -2 t CO2e/yr), P2 its own and its segment's (-3, -4):
    four rows, but one str per distinct owner (2) and sector (1), where SQLite hands every row its own copy."""
    ledger = _block_of_parcels(tmp_path)
    owned = owned_entries(ledger, ["D1-B1-P1", "D1-B1-P2"], ["sector", "co2e_t"])
    assert owned["owner"].tolist() == ["D1-B1-P1", "D1-B1-P1", "D1-B1-P2", "D1-B1-P2"]
    assert owned["co2e_t"].tolist() == [-1.0, -2.0, -3.0, -4.0]
    assert len({id(text) for text in owned["owner"]}) == 2
    assert len({id(text) for text in owned["sector"]}) == 1
    assert owned_entries(ledger, ["nobody"], ["sector", "co2e_t"])["co2e_t"].dtype == float  # typed when empty


def test_the_budget_holds_no_geometry_of_the_green_units(tmp_path, monkeypatch):
    """Once their effective areas and cover are known, the green units' geometries are let go: the budget table
    is made from their attributes (the lawn P1: its 10,000 m2, no geometry)."""
    ledger = _block_of_parcels(tmp_path)
    held, table = [], budget.budget_table

    def recorded(green, *args):
        held.append(green)
        return table(green, *args)

    monkeypatch.setattr(budget, "budget_table", recorded)
    budget.account_greenspace_budget(ledger, grid_parameters())
    assert len(held) == 1 and held[0]["unit_id"].tolist() == ["D1-B1-P1"]
    assert not isinstance(held[0], gpd.GeoDataFrame) and "geometry" not in held[0].columns
    assert ledger.read_table("greenspace_budget")["area_m2"].tolist() == [10000.0]
