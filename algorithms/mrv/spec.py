"""Model specs of carbonledger:uncertainty, verifyledger, yearchange and groundcheck."""
from ..core.spec import (
    EnumInput,
    FileInput,
    ModelSpec,
    NumberInput,
    Output,
    StringInput,
    TableDestination,
    VectorInput,
    ledger_input,
)
from ..ledger.schema import BASELINE, LEVELS
from .ground_check import APPLY_OPTIONS
from .uncertainty import METHODS

UNCERTAINTY = ModelSpec(
    id="uncertainty",
    name="Uncertainty (Approach 1 or Monte Carlo)",
    group="reports",
    help=(
        "Computes the 95% interval (2.5th and 97.5th percentile, t CO2e/yr) of every entry of a scenario and, "
        "for the baseline, net_low_t and net_high_t of every unit, road link, district and the city.\n\n"
        "METHOD approach1: IPCC 2006 Vol 1 Ch 3 error propagation; relative deviations of activity and factor "
        "add in quadrature per entry, absolute deviations of entries add in quadrature up the hierarchy "
        "(entries independent). Fast, closed form.\n"
        "METHOD montecarlo: IPCC Approach 2. Each iteration draws every factor row once from its distribution "
        "(normal, lognormal, triangular, uniform, fitted to the row's low and high as 2.5th/97.5th percentiles) "
        "and uses that draw for every entry naming the factor, so a shared factor such as the grid factor is "
        "fully correlated across the city; activities are drawn from two-piece normals with median activity and "
        "percentiles activity_low/activity_high, once per input amount (entries sharing inputs_hash, e.g. the "
        "downscaled shares of one district total, move together; other activities are independent). Avoided "
        "flows are never in the net. "
        "Units are streamed in chunks, so memory stays bounded on large ledgers.\n\n"
        "LEDGER: the ledger .gpkg. METHOD: approach1 or montecarlo. ITERATIONS: Monte Carlo draws (1,000 is "
        "the IPCC minimum for a stable 95% interval). SEED: the same seed gives the same numbers. SCENARIO: "
        "baseline (units are updated) or a stored scenario (its own entries are updated).\n"
        "Outputs: NET_T, NET_LOW_T, NET_HIGH_T of the whole ledger (t CO2e/yr), WIDENED (intervals widened to "
        "reach a central estimate left out by skewed inputs) and DISTRICTS (JSON)."
    ),
    inputs=(
        ledger_input(),
        EnumInput("METHOD", "Method", default=1, options=tuple(METHODS), by_name=False),
        NumberInput("ITERATIONS", "Monte Carlo iterations", default=1000, integer=True, minimum=2, maximum=1_000_000),
        NumberInput("SEED", "Random seed", default=42, integer=True, minimum=0),
        StringInput("SCENARIO", "Scenario", default=BASELINE),
    ),
    outputs=(
        Output("NET_T", "Net of the ledger (t CO2e/yr)"),
        Output("NET_LOW_T", "2.5th percentile of the net (t CO2e/yr)"),
        Output("NET_HIGH_T", "97.5th percentile of the net (t CO2e/yr)"),
        Output("WIDENED", "Intervals widened to reach their estimate"),
        Output("DISTRICTS", "District intervals (JSON)", "text"),
    ),
)
"""carbonledger:uncertainty: 95% intervals of the net, by Approach 1 or Monte Carlo."""

VERIFY_LEDGER = ModelSpec(
    id="verifyledger",
    name="Verify ledger",
    group="reports",
    help=(
        "Recomputes every entry of the ledger as a third party would, from the ledger alone (and, optionally, "
        "the original activity tables), and lists every entry and field that differs.\n\n"
        "Checks: the factor value, unit and source of each entry equal its row in the factors table; co2e_t = "
        "activity x factor x conversion; the content digest and the fingerprint (SHA-256) are recomputed; the "
        "95% interval contains co2e_t and equals the Approach 1 interval unless a Monte Carlo run set it; each "
        "activities row's SHA-256 equals its row_hash. An altered activity row marks the entries it produced "
        "and those of the top-down total it was subtracted from. The content digest covers every column of the "
        "entry but its interval, and the attributes and geometry of its unit; the fingerprint covers the content "
        "digest and the interval. Each unit's stored source_t, sink_t and net_t "
        "equal the sum of its baseline entries. The run seals form an unbroken chain (no runs row deleted, "
        "inserted, reordered or altered) and the last one matches the entries, units and factor rows as they are "
        "(a factor row no entry names, a GWP or a calorific value, and a factor's range or distribution too); "
        "entries whose run's row was deleted are listed.\n\n"
        "A run without INPUTS and PUBLIC_KEY records its result in the QGIS profile under the SHA-256 of the ledger "
        "file's bytes: carbonledger:inventoryreport quotes that record for a file of the very same bytes instead of "
        "verifying it again (a file that differs by one byte is verified again).\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "INPUTS: optional original ACTIVITY CSV, or INPUTS_FOLDER: a folder of them (every CSV with row_id and "
        "amount columns); each row must match the row stored in the ledger with the same row_id.\n"
        "PUBLIC_KEY: optional Ed25519 public key (PEM) of the metering centre; every run must then be signed "
        "by its private key (carbonledger:signledger), so that a forger who recomputes fingerprints and seals "
        "is caught.\n"
        "OUTPUT: table entry_id, unit_id, field, stored, recomputed (empty on a clean ledger): first the broken "
        "links of the seal chain in chain order, then the units whose stored totals differ, then the green-space "
        "budget rows that differ from the life-cycle entries they sum (field greenspace_budget.<column>), then the "
        "entries.\n"
        "Outputs: MISMATCHES, the number of problems: entries, unit totals, green-space budget rows and seal links "
        "that differ (0 = the ledger verifies), FIELDS, UNITS, LINKS and FIRST_BROKEN_LINK."
    ),
    inputs=(
        ledger_input(),
        FileInput("INPUTS", "Original activity table (CSV)", optional=True, extension="csv"),
        FileInput("INPUTS_FOLDER", "... or a folder of original activity tables (CSV)", optional=True, folder=True),
        FileInput("PUBLIC_KEY", "Public key of the metering centre (PEM)", optional=True, extension="pem"),
        TableDestination("OUTPUT", "Mismatches"),
    ),
    outputs=(
        Output("MISMATCHES",
               "Problems found (entries, unit totals, green-space budget rows and seal links that differ)"),
        Output("FIELDS", "Entry fields that differ", "text"),
        Output("UNITS", "Units whose stored totals differ from their entries"),
        Output("LINKS", "Broken links of the seal chain"),
        Output("FIRST_BROKEN_LINK", "First broken link of the seal chain", "text"),
    ),
)
"""carbonledger:verifyledger: every entry recomputed from its inputs; mismatches listed."""

SIGN_LEDGER = ModelSpec(
    id="signledger",
    name="Sign ledger seals",
    group="reports",
    help=(
        "Signs the seal of every run of the ledger not yet signed, and of this run, with the metering "
        "centre's Ed25519 private key, so that carbonledger:verifyledger with the matching PUBLIC_KEY catches "
        "a forger who recomputes fingerprints and seals with the plugin's own functions. Run it after every "
        "run you deliver (a run is only as safe as the time between it and its signature). Make a key pair "
        "with python -m urban_carbon_ledger.cli.keys PRIVATE.pem PUBLIC.pem; keep the private key where only "
        "the metering centre reads it.\n\n"
        "LEDGER: the ledger .gpkg. SIGNING_KEY: the private key (PEM, PKCS#8, unencrypted).\n"
        "Outputs: SIGNED, the runs signed (this one included), and KEY_ID, the first 16 hex digits of the "
        "SHA-256 of the public key."
    ),
    inputs=(
        ledger_input(),
        FileInput("SIGNING_KEY", "Private key of the metering centre (PEM)", extension="pem"),
    ),
    outputs=(
        Output("SIGNED", "Runs signed"),
        Output("KEY_ID", "Id of the signing key", "text"),
    ),
)
"""carbonledger:signledger: Ed25519 signatures of the run seals."""

YEAR_CHANGE = ModelSpec(
    id="yearchange",
    name="Change between inventory years",
    group="reports",
    help=(
        "Per unit of LEVEL (its own entries and those of the units below it) and sector: the baseline of "
        "FROM_YEAR and TO_YEAR (each in its latest version; t CO2e/yr), the change and its 95% interval, split "
        "into an activity part (more or less activity), a factor part (an updated factor, e.g. a new grid "
        "factor) and a method part (the activity obtained another way, e.g. metered instead of downscaled). "
        "Entries are paired across the years by unit, flow, sector, carrier, activity unit and factor series "
        "(the factor id without its year); per pair the activity part is (A1 - A0) x mean factor and the factor "
        "part (f1 - f0) x mean activity, which add up to the change; where the pair's method differs, its "
        "activity part is the method part instead; an entry of one year only (a new building, a converted "
        "parcel) is all activity. A factor row cited in both years is fully correlated between "
        "them, so it weighs only on the change it multiplies. A change is significant when its interval "
        "excludes zero. Rows with sector 'all' sum a unit's sectors.\n\n"
        "LEDGER: the ledger .gpkg. FROM_YEAR, TO_YEAR: two inventory years of the ledger. LEVEL: unit level.\n"
        "OUTPUT: table unit_id, name, level, sector, from_t, to_t, change_t, change_low_t, change_high_t, "
        "activity_t, factor_t, method_t, significant. OUTPUT_LAYER: optional polygon layer of the units with "
        "their 'all' row, styled by the change (pale where not significant).\n"
        "Outputs: UNITS compared, SIGNIFICANT changes among them, CHANGE_T of all of them (t CO2e/yr)."
    ),
    inputs=(
        ledger_input(),
        NumberInput("FROM_YEAR", "Earlier inventory year", default=2023, integer=True, minimum=1900, maximum=2100),
        NumberInput("TO_YEAR", "Later inventory year", default=2024, integer=True, minimum=1900, maximum=2100),
        EnumInput("LEVEL", "Unit level", default="district", options=LEVELS),
        TableDestination("OUTPUT", "Change by unit and sector"),
        TableDestination("OUTPUT_LAYER", "Units with their change", optional=True, geometry="polygon",
                         create_by_default=False),
    ),
    outputs=(
        Output("UNITS", "Units compared"),
        Output("SIGNIFICANT", "Units whose change is significant"),
        Output("CHANGE_T", "Change of the units compared (t CO2e/yr)"),
    ),
)
"""carbonledger:yearchange: change between two inventory years, split and with its interval."""

GROUND_CHECK = ModelSpec(
    id="groundcheck",
    name="Ground check against measurements",
    group="reports",
    help=(
        "Compares the ledger with what was measured: for each OBSERVED row, the modelled amount of the unit "
        "(its entries and those of the units below it) in that sector or carrier and year, with its 95% "
        "interval. An amount in t CO2e (or t) is compared with co2e_t; any other unit (kWh, m3, vkm, TJ ...) "
        "with the entries' activity, converted to it (each fuel's activity counted once, not per gas).\n\n"
        "Reported: per row the residual (modelled - observed), the relative error (residual / observed) and "
        "whether the observation lies inside the modelled 95% interval; per sector (or carrier), level and "
        "unit the count, the bias (mean residual), the relative bias (sum of residuals / sum observed), the "
        "mean absolute relative error and the coverage (share of observations inside the interval; about 95% "
        "when the intervals are honest). For buildings with a floor area, a calibration of the downscaling "
        "proxy: the observed intensity per m2 of floor area by building use and carrier (sum observed / sum "
        "floor area) with its standard error and 95% interval, beside the intensity the ledger implies.\n\n"
        "LEDGER: the ledger .gpkg. OBSERVED: CSV or table with unit_id, sector or carrier, observed, unit, "
        "year, source.\n"
        "APPLY: none (default: the ledger is not changed) or calibration: the downscaled entries of the "
        "calibrated carriers are re-shared within each downscaled total by floor area x the fitted intensity "
        "of the building's use (the pooled one for uses not in the sample), the totals kept, as a new version "
        "of the year with REASON.\n"
        "OUTPUT: the rows compared. SUMMARY: the bias and coverage table. CALIBRATION: the fitted intensities.\n"
        "Outputs: OBSERVATIONS compared, BIAS_PCT (relative bias over all rows, %), COVERAGE (share inside)."
    ),
    inputs=(
        ledger_input(),
        VectorInput("OBSERVED", "Observed amounts (CSV or table)"),
        EnumInput("APPLY", "Apply the calibration", default="none", options=APPLY_OPTIONS),
        StringInput("REASON", "Reason recorded with an applied calibration", default="calibrated from metered sample"),
        TableDestination("OUTPUT", "Observations compared"),
        TableDestination("SUMMARY", "Bias and coverage", optional=True),
        TableDestination("CALIBRATION", "Proxy calibration", optional=True),
    ),
    outputs=(
        Output("OBSERVATIONS", "Observations compared"),
        Output("BIAS_PCT", "Relative bias (%)"),
        Output("COVERAGE", "Share of observations inside the modelled 95% interval"),
    ),
)
"""carbonledger:groundcheck: modelled entries against measured amounts; bias, coverage, calibration."""
