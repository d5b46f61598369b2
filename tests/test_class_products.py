"""Class tables as users have them (issue 19 item 3): InVEST's Carbon table as InVEST ships it, tables
without rates or ranges, and the shipped tables of the land-cover products planners download."""
import pytest

from urban_carbon_ledger.algorithms.core.resources import resource_path
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.sinks import accounting as sinks

from test_sinks import city  # noqa: F401 (fixture: one parcel over a 2 x 4 raster of 10 m pixels)

INVEST = (  # the columns and layout of InVEST's sample carbon_pools table; values made up for the test
    "lucode,LULC_Name,C_above,C_below,C_soil,C_dead\n"
    "1,Forest - conifer (>50% canopy),140,70,35,12\n"
    "2,Urban trees / parks,50,10,30,2\n"
    "4,Lawn,1,2,40,0\n"
    "9,Paved & roofs,0,0,10,0\n"
)


def test_invest_carbon_table_is_read_as_invest_ships_it(tmp_path):
    path = tmp_path / "carbon_pools_willamette.csv"
    path.write_text(INVEST, encoding="utf-8")
    table = sinks.read_class_table(str(path)).set_index("code")
    assert table["class"].tolist() == ["forest_conifer_50_canopy", "urban_trees_parks", "lawn", "paved_roofs"]
    assert table.loc[1, list(sinks.POOLS)].tolist() == [140, 70, 35, 12]
    # no rates: none credited; no ranges: the interval is the value itself, said in the source
    assert (table["rate_t_c_ha_yr"] == 0).all() and (table["rate_high"] == 0).all()
    assert table.loc[1, ["stock_low", "stock_high"]].tolist() == [257.0, 257.0]  # 140 + 70 + 35 + 12
    assert table.loc[1, "source"] == ("InVEST Carbon table carbon_pools_willamette.csv: Forest - conifer (>50% "
                                      "canopy); pools t C/ha as given; no uptake rate given: none credited; "
                                      "no uncertainty given")


def test_invest_table_with_upper_case_lulc_and_repeated_names_gets_code_names(tmp_path):
    path = tmp_path / "pools.csv"
    path.write_text("LULC,description,c_above,c_below,c_soil,c_dead\n1,Grass,1,2,3,0\n2,Grass,1,2,4,0\n"
                    "3,,0,0,5,0\n", encoding="utf-8")
    table = sinks.read_class_table(str(path))
    assert table["class"].tolist() == ["class_1", "class_2", "class_3"]


def test_stocks_from_the_invest_table_are_the_sum_of_pools_times_area(city, tmp_path):  # noqa: F811
    path = tmp_path / "carbon_pools.csv"
    path.write_text(INVEST, encoding="utf-8")
    summary = sinks.account_sinks(city["ledger"], city["now"], classes=sinks.read_class_table(str(path)),
                                  year=2024, pruning="none")
    stocks = ledger.Ledger(city["ledger"]).read_table("stocks")
    # pixels of 0.01 ha: 2 forest x 257 + 3 urban trees x 92 + 2 lawn x 43 + 1 paved x 10 t C/ha
    assert stocks["stock_t_c"].sum() == pytest.approx(0.01 * (2 * 257 + 3 * 92 + 2 * 43 + 10))
    assert ledger.Ledger(city["ledger"]).count("entries") == 0 and summary is not None  # no rate, no uptake


@pytest.mark.parametrize("product, codes", [
    ("esa_worldcover", [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100]),
    ("dynamic_world", list(range(9))),
    ("clcd", list(range(1, 10))),
    ("glc_fcs30", [10, 11, 12, 20, 51, 52, 61, 62, 71, 72, 81, 82, 91, 92, 120, 121, 122, 130, 140, 150, 152, 153,
                   180, 190, 200, 201, 202, 210, 220]),
    ("nlcd", [11, 12, 21, 22, 23, 24, 31, 41, 42, 43, 52, 71, 81, 82, 90, 95]),
])
def test_shipped_product_tables_hold_the_product_codes_with_cited_values(product, codes):
    table = sinks.read_class_table(resource_path("sinks", "products", f"{product}.csv"))
    assert table["code"].tolist() == codes
    assert table["source"].str.startswith("class: ").all()
    built = table[table["sealed"]]
    assert len(built) >= 1 and (built["rate_t_c_ha_yr"] == 0).all()
