"""Model specs of carbonledger:uncertainty and carbonledger:verifyledger."""
from ..core.spec import (
    EnumInput,
    FileInput,
    ModelSpec,
    NumberInput,
    Output,
    StringInput,
    TableDestination,
    ledger_input,
)
from ..ledger.schema import BASELINE
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
        "activity x factor x conversion; the fingerprint (SHA-256) is recomputed; the "
        "95% interval contains co2e_t and equals the Approach 1 interval unless a Monte Carlo run set it; each "
        "activities row's SHA-256 equals its row_hash. An altered activity row marks the entries it produced "
        "and those of the top-down total it was subtracted from. The fingerprint covers every column of the "
        "entry and the attributes and geometry of its unit. Each unit's stored source_t, sink_t and net_t "
        "equal the sum of its baseline entries. The run seals form an unbroken chain (no runs row deleted, "
        "inserted, reordered or altered) and the last one matches the entries and units as they are; "
        "entries whose run's row was deleted are listed.\n\n"
        "LEDGER: the ledger .gpkg.\n"
        "INPUTS: optional original ACTIVITY CSV, or INPUTS_FOLDER: a folder of them (every CSV with row_id and "
        "amount columns); each row must match the row stored in the ledger with the same row_id.\n"
        "PUBLIC_KEY: optional Ed25519 public key (PEM) of the metering centre; every run must then be signed "
        "by its private key (carbonledger:signledger), so that a forger who recomputes fingerprints and seals "
        "is caught.\n"
        "OUTPUT: table entry_id, unit_id, field, stored, recomputed (empty on a clean ledger): first the broken "
        "links of the seal chain in chain order, then the units whose stored totals differ, then the entries.\n"
        "Outputs: MISMATCHES, the number of problems: entries, unit totals and seal links that differ "
        "(0 = the ledger verifies), FIELDS, UNITS, LINKS and FIRST_BROKEN_LINK."
    ),
    inputs=(
        ledger_input(),
        FileInput("INPUTS", "Original activity table (CSV)", optional=True, extension="csv"),
        FileInput("INPUTS_FOLDER", "... or a folder of original activity tables (CSV)", optional=True, folder=True),
        FileInput("PUBLIC_KEY", "Public key of the metering centre (PEM)", optional=True, extension="pem"),
        TableDestination("OUTPUT", "Mismatches"),
    ),
    outputs=(
        Output("MISMATCHES", "Problems found (entries, unit totals and seal links that differ)"),
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
