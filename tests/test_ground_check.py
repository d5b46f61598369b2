"""carbonledger:groundcheck on a metered sample whose answer is worked out by hand: residuals, bias,
coverage, the calibration of the floor-area proxy, and its application as a new version of the year."""
import math

import pandas as pd
import pytest
from scipy import stats

from mrv_ledger import FACTORS, build, row
from urban_carbon_ledger.algorithms.ledger import store
from urban_carbon_ledger.algorithms.mrv.proxy_calibration import run_ground_check
from ledger_bytes import file_bytes

# four buildings of district D1, floor area = footprint x 3 floors: G1, G3 30,000 m2; G2, G4 60,000 m2
UNITS = [
    ("C", None, "city", (0, 0, 2000, 1000)), ("D1", "C", "district", (0, 0, 1000, 1000)),
    ("G1", "D1", "building", (0, 0, 100, 100)), ("G2", "D1", "building", (200, 0, 100, 200)),
    ("G3", "D1", "building", (400, 0, 100, 100)), ("G4", "D1", "building", (600, 0, 100, 200)),
]
USES = {"G1": "residential", "G2": "residential", "G3": "commercial", "G4": "commercial"}
# a district total of 18,000 MWh shared by floor area (0.1 MWh/m2): 3,000, 6,000, 3,000, 6,000 MWh, +-10%,
# all shares of one input (inputs_hash T): correlated; x 0.5 t CO2/MWh
ROWS = [row(unit, "source", USES[unit], "I.1", 2, "electricity", mwh, "MWh", 0.9 * mwh, 1.1 * mwh, "grid", 1.0,
            method="downscaled_floor_area", inputs_hash="T")
        for unit, mwh in (("G1", 3000.0), ("G2", 6000.0), ("G3", 3000.0), ("G4", 6000.0))]
OBSERVED = pd.DataFrame([
    ("G1", "", "electricity", 2400, "MWh", 2024, "meter 1"), ("G2", "", "electricity", 5100, "MWh", 2024, "meter 2"),
    ("G3", "", "electricity", 3900, "MWh", 2024, "meter 3"), ("G4", "", "electricity", 6500, "MWh", 2024, "meter 4"),
    ("D1", "", "electricity", 9000, "t CO2e", 2024, "district inventory"),
], columns=["unit_id", "sector", "carrier", "observed", "unit", "year", "source"])


@pytest.fixture
def sampled(tmp_path):
    ledger = build(tmp_path / "sample.gpkg", rows=ROWS, factors=FACTORS, units=UNITS, links=False, land_use=USES)
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)  # the hand-made entries become inventory year 2024
    return ledger.path



def test_residuals_bias_and_coverage_of_a_known_sample(sampled):
    before = file_bytes(sampled)
    compared, summary, _, result = run_ground_check(sampled, OBSERVED)
    assert file_bytes(sampled) == before  # never changes the ledger unless told to
    got = compared.set_index("unit_id")
    # modelled - observed: 600, 900, -900, -500 MWh; the intervals 2,700-3,300 and 5,400-6,600 MWh hold only G4
    assert got.loc[["G1", "G2", "G3", "G4"], "residual"].tolist() == pytest.approx([600, 900, -900, -500])
    assert got.loc[["G1", "G2", "G3", "G4"], "inside"].tolist() == [0, 0, 0, 1]
    assert got.loc["G1", "relative_error"] == pytest.approx(600 / 2400)
    # the district in t CO2e: 18,000 MWh x 0.5 = 9,000 t; shares of one input and one factor, both +-10%,
    # correlated: 9,000 x sqrt(0.1^2 + 0.1^2) = 1,272.8 t each side, so 9,000 observed is inside
    assert got.loc["D1", ["modelled", "residual", "inside"]].tolist() == pytest.approx([9000, 0, 1])
    assert got.loc["D1", "modelled_high"] == pytest.approx(9000 * (1 + math.sqrt(0.02)))
    meters = summary[(summary["what"] == "electricity") & (summary["level"] == "building")].iloc[0]
    # bias = (600 + 900 - 900 - 500) / 4 = 25 MWh; relative bias 100 / 17,900; coverage 1 of 4
    assert meters[["n", "bias", "relative_bias", "coverage"]].tolist() == pytest.approx([4, 25, 100 / 17900, 0.25])
    assert result["observations"] == 5 and result["coverage"] == pytest.approx(2 / 5)


def test_calibration_of_the_floor_area_proxy(sampled):
    calibration = run_ground_check(sampled, OBSERVED)[2].set_index("land_use")
    # residential 7,500 MWh / 90,000 m2; ratio residuals 2,400 - 2,500 and 5,100 - 5,000: SE = sqrt(20,000 / 1 / 2)
    # / 45,000 m2; commercial 10,400 / 90,000, residuals +-433.3; the ledger implies 0.1 MWh/m2 for both
    residential, commercial = calibration.loc["residential"], calibration.loc["commercial"]
    assert residential["intensity"] == pytest.approx(7500 / 90000)
    assert residential["intensity_se"] == pytest.approx(100 / 45000)
    assert residential["intensity_high"] == pytest.approx(7500 / 90000 + stats.t.ppf(0.975, 1) * 100 / 45000)
    assert commercial["intensity"] == pytest.approx(10400 / 90000)
    assert commercial["intensity_se"] == pytest.approx((3900 - 30000 * 10400 / 9e4) / 45000)
    assert residential["modelled_intensity"] == pytest.approx(0.1) and residential["scale"] == pytest.approx(
        7500 / 9000)
    assert calibration.loc["all", "intensity"] == pytest.approx(17900 / 180000)


def test_applied_calibration_is_a_new_version_that_keeps_the_total(sampled):
    first = store.Ledger(sampled).read_table("entries")
    result = run_ground_check(sampled, OBSERVED, apply="calibration", reason="metered sample 2024")[3]
    assert result["changed"] == 4 and result["version"] == "2024 v2"
    ledger = store.Ledger(sampled)
    pd.testing.assert_frame_equal(ledger.read_table("entries", match={"year_version": 1}), first)
    now = ledger.scenario_entries("baseline").set_index("unit_id")
    # weights floor area x intensity: 30,000 x 7,500/90,000 = 2,500, 5,000; 30,000 x 10,400/90,000 = 3,466.7,
    # 6,933.3 (sum 17,900); 18,000 MWh shared by them
    expected = {unit: 18000 * weight / 17900 for unit, weight in
                (("G1", 2500), ("G2", 5000), ("G3", 3466.6666667), ("G4", 6933.3333333))}
    assert now["activity"].to_dict() == pytest.approx(expected)
    assert now["activity"].sum() == pytest.approx(18000)
    assert set(now["method"]) == {"downscaled_floor_area_calibrated"}
    assert ledger.inventory_years().set_index("year_version").at[2, "reason"] == "metered sample 2024"
    # the re-shared entries still verify: activity x factor x conversion, their intervals and fingerprints
    from urban_carbon_ledger.algorithms.mrv import verification
    assert verification.verify_ledger(sampled)[1]["mismatches"] == 0


def test_the_command_line_gives_the_same_rows(sampled, tmp_path):
    from urban_carbon_ledger.cli import years

    observed, output = tmp_path / "observed.csv", tmp_path / "rows.csv"
    OBSERVED.to_csv(observed, index=False)
    arguments = years._parser().parse_args(["groundcheck", sampled, "--observed", str(observed)])
    assert (arguments.APPLY, arguments.REASON) == ("none", "calibrated from metered sample")  # the spec's defaults
    years.main(["groundcheck", sampled, "--observed", str(observed), "--output", str(output)])
    rows = pd.read_csv(output, keep_default_na=False)
    assert rows["residual"].tolist() == pytest.approx([600, 900, -900, -500, 0], abs=1e-6)


def test_a_calibrated_version_carries_its_new_shares_into_the_proxy_error(tmp_path):
    """The same sample with the floor-area proxy error (r = 0.8; shares 1/6, 1/3, 1/6, 1/3 of 18,000 MWh):
    after the calibration the shares are the new activities over 18,000 MWh, their concentration the sum
    of their squares, and every interval is recomputed with them, so the new version still verifies."""
    from urban_carbon_ledger.algorithms.ledger import intervals
    from urban_carbon_ledger.algorithms.mrv import verification

    shares = {"G1": 1 / 6, "G2": 1 / 3, "G3": 1 / 6, "G4": 1 / 3}
    rows = [dict(r, proxy_error=0.8, proxy_share=shares[r["unit_id"]], proxy_concentration=5 / 18) for r in ROWS]
    ledger = build(tmp_path / "proxy.gpkg", rows=rows, factors=FACTORS, units=UNITS, links=False, land_use=USES)
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)
    assert verification.verify_ledger(ledger.path)[1]["mismatches"] == 0
    run_ground_check(ledger.path, OBSERVED, apply="calibration", reason="metered sample 2024")
    now = store.Ledger(ledger.path).scenario_entries("baseline").set_index("unit_id")
    new_shares = now["activity"] / 18000  # 2,500 / 17,900 of the total for G1 (weights as above)
    assert now["proxy_share"].to_dict() == pytest.approx(new_shares.to_dict())
    assert now.at["G1", "proxy_share"] == pytest.approx(2500 / 17900)
    assert now["proxy_concentration"].tolist() == pytest.approx([(new_shares ** 2).sum()] * 4)
    # G1: +-10% activity, the grid factor's own range, and 0.8 x sqrt(1 - 2 s + H) of the new share
    assert intervals.proxy_deviation(now.loc[["G1"]])[0] == pytest.approx(
        0.8 * math.sqrt(1 - 2 * 2500 / 17900 + (new_shares ** 2).sum()))
    assert verification.verify_ledger(ledger.path)[1]["mismatches"] == 0


def test_the_modelled_interval_of_a_downscaled_building_holds_its_proxy_error(tmp_path):
    """G1's 3,000 MWh (share 1/6 of 18,000, r = 0.8, H = 5/18): +-10% activity and the proxy deviation
    0.8 x sqrt(1 - 2/6 + 5/18) add in quadrature: 3,000 x (1 - sqrt(0.01 + 0.64 x 17/18)) = 3,000 x 0.0225..."""
    shares = {"G1": 1 / 6, "G2": 1 / 3, "G3": 1 / 6, "G4": 1 / 3}
    rows = [dict(r, proxy_error=0.8, proxy_share=shares[r["unit_id"]], proxy_concentration=5 / 18) for r in ROWS]
    ledger = build(tmp_path / "proxy.gpkg", rows=rows, factors=FACTORS, units=UNITS, links=False, land_use=USES)
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)
    compared = run_ground_check(ledger.path, OBSERVED)[0].set_index("unit_id")
    relative = math.sqrt(0.1 ** 2 + 0.64 * (1 - 2 / 6 + 5 / 18))
    assert compared.at["G1", "modelled_low"] == pytest.approx(3000 * (1 - relative))
    assert compared.at["G1", "modelled_high"] == pytest.approx(3000 * (1 + relative))
