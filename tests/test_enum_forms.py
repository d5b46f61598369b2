"""Every enumeration takes an option by name or by number (issue 20 item 5): in Python
(processing.run), in the algorithm's own parameter check (what qgis_process and models call) and
through the real qgis_process binary, for a name-keyed enum (accountsinks METHOD) and a
number-keyed one (uncertainty METHOD)."""
import pytest
from mrv_ledger import build
from qgis.core import QgsApplication, QgsProcessingContext
from test_sinks_processing import parcels_ledger, sample  # noqa: F401 (parcels_ledger is a fixture)

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.spec import EnumInput
from urban_carbon_ledger.algorithms.ledger import store


def enum_parameters(qgis_app):
    """(algorithm, its EnumInput) for every enumeration of every carbonledger algorithm."""
    provider = QgsApplication.processingRegistry().providerById("carbonledger")
    return [(alg, item) for alg in provider.algorithms() for item in alg.SPEC.inputs if isinstance(item, EnumInput)]


def test_resolve_takes_names_and_numbers():
    single = EnumInput("METHOD", "Method", default=1, options=("approach1", "montecarlo"), by_name=False)
    assert [single.resolve(v) for v in ("approach1", "0", 0, " 1 ", None, "")] == [
        "approach1", "approach1", "approach1", "montecarlo", "montecarlo", "montecarlo"]
    several = EnumInput("LEVELS", "Levels", default=("b",), options=("a", "b", "c"), multiple=True)
    assert several.resolve("a,2") == ["a", "c"]
    assert several.resolve([0, "b"]) == ["a", "b"]
    assert several.resolve(None) == ["b"]
    for wrong in ("approach3", "2", -1, "1.0"):
        with pytest.raises(LedgerInputError, match="METHOD"):
            single.resolve(wrong)


def test_every_enumeration_accepts_each_option_by_name_and_number(qgis_app):
    checked = 0
    context = QgsProcessingContext()
    for alg, item in enum_parameters(qgis_app):
        definition = alg.parameterDefinition(item.id)
        for index, name in enumerate(item.options):
            for value in (name, index, str(index)):
                assert definition.checkValueIsAcceptable(value, context), (alg.id(), item.id, value)
                checked += 1
        for wrong in ("no such option", len(item.options), str(len(item.options))):
            assert not definition.checkValueIsAcceptable(wrong, context), (alg.id(), item.id, wrong)
    assert checked >= 3 * 10  # the ten enumerations of the specs, three forms of each option at least


def test_uncertainty_method_by_name_and_by_number_through_processing(tmp_path, run_alg):
    ledger = build(tmp_path / "l.gpkg")
    by_name = run_alg("carbonledger:uncertainty", {"LEDGER": ledger.path, "METHOD": "approach1"})
    by_number = run_alg("carbonledger:uncertainty", {"LEDGER": ledger.path, "METHOD": 0})
    # the same closed-form method both times: identical intervals
    assert (by_name["NET_LOW_T"], by_name["NET_HIGH_T"]) == (by_number["NET_LOW_T"], by_number["NET_HIGH_T"])


@pytest.mark.slow
def test_uncertainty_method_by_name_and_by_number_through_qgis_process(tmp_path, qgis_process):
    ledger = build(tmp_path / "l.gpkg")
    results = [qgis_process("run", "carbonledger:uncertainty", "--json", "--", f"LEDGER={ledger.path}",
                            f"METHOD={method}", "ITERATIONS=200", "SEED=3").json["results"]
               for method in ("approach1", "0", "montecarlo", "1")]
    # approach1 by name and by number give the same closed form; montecarlo with one seed draws the
    # same numbers; and the two methods differ (the Monte Carlo interval is not the closed form's)
    assert results[0]["NET_LOW_T"] == results[1]["NET_LOW_T"]
    assert results[2]["NET_LOW_T"] == results[3]["NET_LOW_T"]
    assert results[0]["NET_LOW_T"] != results[2]["NET_LOW_T"]


@pytest.mark.slow
def test_accountsinks_options_by_number_through_qgis_process(qgis_process, parcels_ledger, sample_dir):  # noqa: F811
    # METHOD=1 is the second option, lue; LEVELS=2 the third level, parcel (options: district, block,
    # parcel, building, segment): the run books NDVI light-use-efficiency entries on the parcels only
    qgis_process("run", "carbonledger:accountsinks", "--json", "--", f"LEDGER={parcels_ledger}",
                 f"LANDCOVER={sample(sample_dir, 'landcover_2024_10m.tif')}",
                 f"NDVI={sample(sample_dir, 'ndvi_2024_10m.tif')}", "METHOD=1", "LEVELS=2")
    entries = store.Ledger(parcels_ledger).read_table("entries")
    units = store.Ledger(parcels_ledger).read_layer("units").set_index("unit_id")
    assert set(entries["method"]) == {"lue_ndvi"}
    assert set(units.loc[entries["unit_id"].unique(), "level"]) == {"parcel"}
