"""The command line's model options come from the specs: same defaults, choices and ranges as Processing."""
import pytest

from urban_carbon_ledger.algorithms.greenspace.spec import INDIRECT_BENEFITS, SERVICE_FLOWS
from urban_carbon_ledger.algorithms.sinks.spec import ACCOUNT_SINKS
from urban_carbon_ledger.algorithms.sources.spec import ACCOUNT_SOURCES
from urban_carbon_ledger.cli import scale
from urban_carbon_ledger.cli.options import run_values


def parse(*extra):
    return scale._parser().parse_args(["ledger.gpkg", "--year", "2024", *extra])


def test_defaults_are_the_specs():
    arguments = parse()
    expected = {"GRID_REGION": "central", "METHOD": "rates", "LEVELS": ["parcel", "segment"], "KERNEL": "exponential",
                "MAX_LINES": 50, "GRID_FACTOR": "china_grid_central_2023", "SOIL_GROUP": "B",
                "REFERENCE_COVER": "paved", "SCENARIO": "baseline", "SEED": 42, "ALT_YEAR": None, "ACTIVITY": None}
    assert {name: getattr(arguments, name) for name in expected} == expected
    for model in (ACCOUNT_SOURCES, ACCOUNT_SINKS, INDIRECT_BENEFITS):
        for item in model.inputs:
            if hasattr(arguments, item.id) and item.id != "YEAR":
                default = list(item.default) if isinstance(item.default, tuple) else item.default
                assert getattr(arguments, item.id) == default, (model.id, item.id)
    assert arguments.SUPPLY is None and arguments.ITERATIONS == 0  # steps 3 and 5 only when asked for


def test_values_are_converted_and_recorded_by_input_id():
    arguments = parse("--levels", "parcel, building", "--alt-year", "2015", "--service-flows", "sink",
                      "--max-lines", "7", "--green-units", "g.csv")
    assert run_values(arguments, ACCOUNT_SINKS) == {"ALT_YEAR": 2015, "YEAR": 2024, "METHOD": "rates",
                                                    "LEVELS": ["parcel", "building"], "SCENARIO": "baseline",
                                                    "SOIL_YEARS": 20, "PRUNING": "standard", "REASON": None}
    assert run_values(arguments, SERVICE_FLOWS) == {"SCENARIO": "baseline", "SUPPLY": "sink",
                                                    "KERNEL": "exponential", "MAX_LINES": 7}
    assert arguments.GREEN_UNITS == "g.csv"


@pytest.mark.parametrize("extra", [
    ("--max-lines", "100001"),       # MAX_LINES 0 .. 100000
    ("--alt-year", "1899"),          # ALT_YEAR 1900 .. 2100
    ("--levels", "parcel,street"),   # not a zonal level
    ("--soil-group", "E"),           # A-D
    ("--service-flows", "people"),   # area, sink, cooling
])
def test_out_of_range_or_unknown_values_are_refused(extra, capsys):
    with pytest.raises(SystemExit):
        parse(*extra)
    assert extra[0] in capsys.readouterr().err
