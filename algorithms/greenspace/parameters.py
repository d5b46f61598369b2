"""Green-space parameters: factor-format CSVs in ``resources/greenspace/``, overridable by id.

Every parameter that enters a green-space number is a factor row (``factor_id, value, unit, low,
high, distribution, source, year, region``) with two more columns saying what it is:
``parameter`` (e.g. irrigation_water, shade, runoff_coefficient) and ``applies_to`` (a design
type, ``regime:class``, a land-cover class, ``class:soil group``, a pollutant, a building use or
``all``). A local table passed as PARAMETERS replaces shipped rows with the same ``factor_id``
(its ``parameter``/``applies_to`` default to the shipped row's), or with the same ``parameter`` and
``applies_to`` under another id, and may add new rows; two of its rows for one parameter and target
are refused. The grid
factors of ``resources/factors/`` (``china_grid_<region>_<year>``) are included, so irrigation,
cooling and stormwater electricity use the source accounting's factor rows.
"""
import glob

import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path, shipped, shipped_table
from ..ledger.factors import (
    factor_rows_for_ledger,
    override_factors,
    shipped_factors,
    validate_factor_table,
)
from ..ledger import intervals, provenance

PARAMETER_FILES = ("construction", "maintenance", "conversions", "cooling", "stormwater", "air_quality", "access")
"""Factor-format CSVs under resources/greenspace/ (without .csv)."""

META_COLUMNS = ("parameter", "applies_to", "description")

ANY_ROW = tr("a green-space parameter or factor row")
"""What a missing row is when its caller says nothing more (``Parameters.row``)."""


def land_cover_classes():
    """The land-cover classes of the sink accounting: code, class, green (0/1), tree (0/1)."""
    return shipped_table("greenspace", "land_cover_classes.csv")


def design_types():
    """land_use -> design_type, default maintenance regime and fallback cover class."""
    return shipped_table("greenspace", "design_types.csv", dtype=str)


@shipped
def shipped_parameters():
    """All green-space parameter rows plus the shipped factor rows, indexed by factor_id (made once per process:
    ``shipped``)."""
    tables = [
        shipped_table("greenspace", f"{name}.csv", dtype={"factor_id": str})
        for name in PARAMETER_FILES
    ]
    table = validate_factor_table(pd.concat(tables, ignore_index=True), "resources/greenspace")
    if glob.glob(resource_path("factors", "*.csv")):
        factors = shipped_factors()
        table = pd.concat([table, factors[~factors.index.isin(table.index)]])
    return table


def _targets_given_once(local):
    """``local`` (PARAMETERS, indexed by factor_id) when no two of its rows give one ``parameter`` for one
    ``applies_to``; else LedgerInputError naming the second row (which of the two holds is not ours to guess)."""
    pairs = local[["parameter", "applies_to"]].astype(str)
    repeated = (pairs.duplicated(keep="first") & local["parameter"].notna()).to_numpy()
    if repeated.any():
        second = int(repeated.argmax())
        first = int(((pairs == pairs.iloc[second]).all(axis=1)).to_numpy().argmax())
        raise LedgerInputError(
            tr("rows '{first}' and '{second}' both give '{parameter}' for '{applies_to}'; keep one of them").format(
                first=local.index[first], second=local.index[second], parameter=pairs.iloc[second]["parameter"],
                applies_to=pairs.iloc[second]["applies_to"]),
            layer="PARAMETERS", field="applies_to", row=second + 1)
    return local


def _without_replaced_targets(table, local):
    """``table`` without its rows whose (parameter, applies_to) a row of ``local`` gives under another factor_id:
    the local row replaces them, as a row with the same factor_id does."""
    given = local[local["parameter"].notna()]
    keys = pd.MultiIndex.from_frame(given[["parameter", "applies_to"]].astype(str))
    mine = pd.MultiIndex.from_frame(table[["parameter", "applies_to"]].astype(str))
    replaced = mine.isin(keys) & table["parameter"].notna().to_numpy() & ~table.index.isin(given.index)
    return table[~replaced]


class Parameters:
    """A validated parameter table with lookups that remember which rows a run used."""

    def __init__(self, override=None):
        table = shipped_parameters()
        if override is not None and len(override):
            local = validate_factor_table(override.copy(), "PARAMETERS")
            for column in ("unit",) + META_COLUMNS:
                shipped = table[column].reindex(local.index) if column in table.columns else None
                if column not in local.columns:
                    local[column] = shipped
                elif shipped is not None:
                    given = local[column].notna() & (local[column].astype(str).str.strip() != "")
                    local[column] = local[column].where(given, shipped)
            no_unit = local["unit"].isna() | (local["unit"].astype(str).str.strip() == "")
            if no_unit.any():
                raise LedgerInputError(
                    tr("parameter '{factor_id}' has no unit (and no shipped row to take it from)").format(
                        factor_id=local.index[no_unit.to_numpy()][0]),
                    layer="PARAMETERS",
                    field="unit",
                    row=int(no_unit.to_numpy().argmax()) + 1,
                )
            table = override_factors(_without_replaced_targets(table, _targets_given_once(local)), local)
        self.table = table
        self.used = set()

    def row(self, factor_id, what=None):
        """(value, low, high) of one row; LedgerInputError naming the id and ``what`` it is (a message; default:
        ``ANY_ROW``) when it is missing."""
        if factor_id not in self.table.index:
            raise LedgerInputError(
                tr("parameter '{factor_id}' is missing ({what}); add it to the PARAMETERS table or to "
                   "resources/greenspace/").format(factor_id=factor_id, what=what or ANY_ROW),
                layer="PARAMETERS", field="factor_id")
        self.used.add(factor_id)
        found = self.table.loc[factor_id]
        value = float(found["value"])
        low = float(found["low"]) if pd.notna(found["low"]) else value
        high = float(found["high"]) if pd.notna(found["high"]) else value
        return value, low, high

    def value(self, factor_id, what=None):
        """Central value of one row (marks it used)."""
        return self.row(factor_id, what)[0]

    def ids(self, parameter):
        """{applies_to: factor_id} of the rows of one ``parameter``."""
        rows = self.table[self.table["parameter"] == parameter]
        return dict(zip(rows["applies_to"].astype(str), rows["factor_id"].astype(str), strict=False))

    def id_for(self, parameter, applies_to):
        """factor_id of ``parameter`` for ``applies_to``; LedgerInputError when there is none."""
        found = self.ids(parameter).get(str(applies_to))
        if found is None:
            raise LedgerInputError(
                tr("no '{parameter}' parameter for '{applies_to}'; add a row with parameter={parameter}, "
                   "applies_to={applies_to}").format(parameter=parameter, applies_to=applies_to),
                layer="PARAMETERS", field="applies_to",
            )
        return found

    def values_for(self, parameter, keys, missing=None):
        """Central values of ``parameter`` for each key of ``keys`` (array), all marked used. A key without a row:
        LedgerInputError, or ``missing`` when one is given (e.g. NaN)."""
        keys = pd.Series(np.asarray(keys, dtype=object)).astype(str)
        lookup = {key: self._value_for(parameter, key, missing) for key in keys.unique()}
        return keys.map(lookup).to_numpy(dtype=float)

    def _value_for(self, parameter, key, missing):
        try:
            return self.value(self.id_for(parameter, key))
        except LedgerInputError:
            if missing is None:
                raise
            return missing

    def relative_range(self, factor_id):
        """Relative deviations (below, above) of a row's low/high from its value (0 when the value is 0)."""
        value, low, high = self.row(factor_id)
        return float(intervals.relative_deviation(value, low)), float(intervals.relative_deviation(value, high))

    def ledger_rows(self):
        """The rows used so far, for the ledger's factors table (schema columns only)."""
        return factor_rows_for_ledger(self.table, self.used)


def product_activity(base, factor_ids, parameters):
    """An activity = base x the values of ``factor_ids``, with Approach-1 low/high.

    base: array of exact amounts (m2, m3); factor_ids: ids whose values multiply it.
    Returns (value, low, high) arrays; relative deviations add in quadrature (``intervals``).
    """
    value = np.asarray(base, dtype=float).copy()
    for factor_id in factor_ids:
        value = value * parameters.value(factor_id)
    ranges = [parameters.relative_range(factor_id) for factor_id in factor_ids]
    below, above = (intervals.quadrature(r[side] for r in ranges) for side in (0, 1))
    return (value, *intervals.relative_bounds(value, below, above))


def input_fingerprints(parameters=None, assignments=None, given=None):
    """Fingerprints of a green-space run's inputs for the runs table: ``given`` when the front end
    passed them (provenance.input_fingerprints of its files), else those of the PARAMETERS and
    GREEN_UNITS tables as given."""
    if given is not None:
        return given
    return provenance.input_fingerprints({"PARAMETERS": parameters, "GREEN_UNITS": assignments})
