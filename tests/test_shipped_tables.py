"""Shipped tables of resources/ are parsed once per process and handed out as copies."""
import pandas as pd

from urban_carbon_ledger.algorithms.core import resources
from urban_carbon_ledger.algorithms.core.resources import resource_path, shipped_table
from urban_carbon_ledger.algorithms.greenspace.parameters import design_types, shipped_parameters


def test_a_shipped_table_is_the_csv_read_with_the_options():
    expected = pd.read_csv(resource_path("greenspace", "design_types.csv"), dtype=str)
    pd.testing.assert_frame_equal(shipped_table("greenspace", "design_types.csv", dtype=str), expected)


def test_a_shipped_table_is_parsed_once_per_path_and_options():
    design_types()
    shipped_parameters()
    read = dict(resources.TABLES)
    design_types()
    shipped_parameters()
    assert resources.TABLES.keys() == read.keys()
    assert all(resources.TABLES[key] is read[key] for key in read)
    design = ("greenspace", "design_types.csv")
    assert sum(key[1] == design for key in resources.TABLES) == 1
    shipped_table("greenspace", "design_types.csv")
    assert sum(key[1] == design for key in resources.TABLES) == 2, "other options, another parse"


def test_a_caller_changing_its_table_does_not_change_the_next_callers():
    first = design_types()
    pocket = first["land_use"].tolist().index("pocket_park")
    first.loc[pocket, "design_type"] = "car_park"
    first.drop(columns="regime", inplace=True)
    again = design_types()
    assert again.at[pocket, "design_type"] != "car_park"
    assert "regime" in again.columns
    pd.testing.assert_frame_equal(again, pd.read_csv(resource_path("greenspace", "design_types.csv"), dtype=str))


def test_the_validated_factor_and_parameter_tables_are_made_once_and_handed_out_as_copies():
    from urban_carbon_ledger.algorithms.ledger.factors import shipped_factors
    first = shipped_parameters()
    made = dict(resources.TABLES)
    first.loc[first.index[0], "value"] = -1.0
    again = shipped_parameters()
    assert resources.TABLES.keys() == made.keys(), "made once: no new entry"
    assert again.loc[again.index[0], "value"] != -1.0
    factors = shipped_factors()
    assert shipped_factors() is not factors
    pd.testing.assert_frame_equal(shipped_factors(), factors)
    assert any(key[0] == "shipped_factors" for key in resources.TABLES)
