r"""Command line: the change between two inventory years, and the ground check against measurements.

    python -m urban_carbon_ledger.cli.years yearchange LEDGER --from-year 2023 --to-year 2024 \
        [--level district] [--output CHANGE.csv]
    python -m urban_carbon_ledger.cli.years groundcheck LEDGER --observed OBSERVED.csv \
        [--apply none|calibration] [--reason TEXT] [--output ROWS.csv] [--summary SUMMARY.csv] \
        [--calibration CALIBRATION.csv]

The same models as carbonledger:yearchange and carbonledger:groundcheck; their options are made from
the models' specs (docs/parameters.md). Tables are written as CSV (to standard output when no file is
given for OUTPUT). A ledger of an older schema is migrated first.
"""
import argparse
import sys

import pandas as pd

from ..algorithms.core.errors import LedgerInputError
from ..algorithms.ledger.migrations import migrate
from ..algorithms.mrv import proxy_calibration, year_change
from ..algorithms.mrv.spec import GROUND_CHECK, YEAR_CHANGE
from .options import add_model_options, run_fingerprints, run_values

TABLES = ("OUTPUT", "SUMMARY", "CALIBRATION", "OUTPUT_LAYER")
"""Outputs of the specs: written as CSV files here (OUTPUT_LAYER, a map layer, is Processing's only)."""


def _parser():
    parser = argparse.ArgumentParser(prog="python -m urban_carbon_ledger.cli.years", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for model in (YEAR_CHANGE, GROUND_CHECK):
        command = commands.add_parser(model.id, help=model.name)
        command.add_argument("ledger", help="ledger GeoPackage")
        ids = [item.id for item in model.inputs if item.id not in ("LEDGER", *TABLES)]
        add_model_options(command, model, *ids, FROM_YEAR={"required": True}, TO_YEAR={"required": True},
                          OBSERVED={"required": True, "note": "CSV."})
        for name in TABLES:
            if any(item.id == name for item in model.inputs) and name != "OUTPUT_LAYER":
                command.add_argument("--" + name.lower(), dest=name,
                                     help=f"CSV file of {name} (OUTPUT: default standard output)")
    return parser


def _write(frame, path):
    """``frame`` as CSV to ``path`` (standard output when None)."""
    frame.to_csv(path if path else sys.stdout, index=False)


def main(argv=None):
    arguments = _parser().parse_args(argv)
    try:
        migrate(arguments.ledger)
        if arguments.command == YEAR_CHANGE.id:
            table, summary = year_change.read_year_change(arguments.ledger, arguments.FROM_YEAR, arguments.TO_YEAR,
                                                          arguments.LEVEL)
            _write(table, arguments.OUTPUT)
            print(f"{summary['from']} to {summary['to']}: {summary['units']} units, {summary['significant']} with a "
                  f"significant change, {summary['change_t']:,.1f} t CO2e/yr", file=sys.stderr)
            return
        observed = pd.read_csv(arguments.OBSERVED, dtype=str, keep_default_na=False)
        parameters = {**run_values(arguments, GROUND_CHECK), **run_fingerprints(arguments, GROUND_CHECK)}
        rows, summary, calibration, result = proxy_calibration.run_ground_check(
            arguments.ledger, observed, arguments.APPLY, arguments.REASON, parameters)
        for frame, name in ((rows, "OUTPUT"), (summary, "SUMMARY"), (calibration, "CALIBRATION")):
            if name == "OUTPUT" or getattr(arguments, name):
                _write(frame, getattr(arguments, name))
        print(f"{result['observations']} observations: relative bias {result['bias_pct']:+.1f}%, "
              f"{result['coverage']:.0%} inside the modelled 95% interval", file=sys.stderr)
    except LedgerInputError as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
