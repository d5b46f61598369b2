"""The measures library of the chessboard: what each measure changes, its parameters and costs.

Four CSVs under ``resources/measures/`` (each row with a ``source``; assumptions marked):

- ``measures.csv``: measure_id, name, kind (land_use_conversion, tree_planting, source_cut,
  rooftop_pv, electrification), applies_to (unit levels, ';'-separated), targets (what a source cut acts on:
  ``sector:<name>`` or ``carrier:<name>``, ';'-separated, each with a ``cut_<name>`` parameter),
  planted_class (land-cover class of tree planting), cost_basis (what capital_cost and om_cost
  are per: area_m2, tree, unit, floor_area_m2, panel_m2, avoided_t), currency, price_year,
  displaced_factor_id (grid factor for PV on a building without electricity entries, and of EV charging).
- ``measure_parameters.csv``: measure_id ('*' for every measure), parameter, label (what the
  chessboard form shows, translated), default, min, max, unit, factor_id. A parameter with a
  factor_id takes its default from that factor row, and the entries it produces cite the factor.
  Every measure has capital_cost (currency per cost_basis), om_cost (currency per cost_basis per
  yr) and lifetime_years (yr).
- ``measure_factors.csv``: effect sizes as factor rows (schema.FACTORS), copied into the ledger.
- ``conversion_rules.csv``: for each land use a conversion may create, the land-cover class of
  each planting-plan component (canopy, lawn, paving and the remainder).
"""
import json
import math

import pandas as pd

from ..ledger import factors as factor_tables
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import shipped_table

FOLDER = "measures"
TEXT_PARAMETERS = ("to_land_use",)
"""Parameters whose value is a name, not a number."""
ALL_MEASURES = "*"
PLAN_SHARES = ("canopy_share", "lawn_share", "paving_share")
"""Planting-plan shares of a land-use conversion (ratios of the parcel area)."""
PLAN_CLASSES = {"canopy_share": "canopy_class", "lawn_share": "lawn_class", "paving_share": "paving_class"}


def _read(name):
    return shipped_table(FOLDER, name, dtype=str, keep_default_na=False)


class MeasureLibrary:
    """Measures, their parameters, effect factors and conversion rules, validated on load.

    measures, parameters, effect_factors, rules: DataFrames as read from the CSVs (strings).
    """

    def __init__(self, measures, parameters, effect_factors, rules):
        self.effect_factors = factor_tables.validate_factor_table(
            effect_factors, "resources/measures/measure_factors.csv")
        self.measures = measures.set_index("measure_id", drop=False)
        self.rules = rules.set_index("to_land_use", drop=False)
        self.parameters = self._check_parameters(parameters)
        self._specs = {
            measure_id: self.parameter_table(measure_id).set_index("parameter").to_dict("index")
            for measure_id in self.measures.index
        }

    @classmethod
    def shipped(cls):
        """The library bundled in resources/measures/."""
        return cls(_read("measures.csv"), _read("measure_parameters.csv"),
                   _read("measure_factors.csv"), _read("conversion_rules.csv"))

    def _check_parameters(self, parameters):
        table = parameters.copy()
        for column in ("default", "min", "max"):
            numeric = ~table["parameter"].isin(TEXT_PARAMETERS)
            values = pd.to_numeric(table[column].where(table[column] != ""), errors="coerce")
            bad = numeric & (table[column] != "") & values.isna()
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0])
                raise LedgerInputError(tr("'{value}' is not a number").format(value=table.at[row, column]),
                                       layer="resources/measures/measure_parameters.csv", field=column, row=row + 1)
        with_factor = table["factor_id"] != ""
        missing = with_factor & ~table["factor_id"].isin(self.effect_factors.index)
        if missing.any():
            row = int(missing.to_numpy().nonzero()[0][0])
            raise LedgerInputError(tr("factor '{factor_id}' is not in measure_factors.csv").format(
                factor_id=table.at[row, "factor_id"]),
                                   layer="resources/measures/measure_parameters.csv", field="factor_id", row=row + 1)
        table.loc[with_factor, "default"] = (
            self.effect_factors.loc[table.loc[with_factor, "factor_id"], "value"].astype(str).to_numpy()
        )
        return table

    def measure(self, measure_id):
        """The measures.csv row of ``measure_id`` as a dict (KeyError if unknown)."""
        return self.measures.loc[measure_id].to_dict()

    def parameter_table(self, measure_id):
        """Parameters of one measure (its own and the '*' ones): parameter, default, min, max, unit,
        factor_id, description, source. The desktop dock builds its form from it."""
        rows = self.parameters[self.parameters["measure_id"].isin([measure_id, ALL_MEASURES])]
        return rows.reset_index(drop=True)

    def resolve(self, measure_id, given, row=None, layer="EDITS"):
        """Complete and check an edit's parameters; return {parameter: value}.

        given: dict of parameter values (numbers or numeric text; to_land_use as text).
        Missing parameters take their defaults (rollout_year stays None when empty). Raises
        LedgerInputError naming ``row`` for an unknown measure or parameter, a non-number, a
        value outside [min, max], a planting plan over 100%, or a land use with no rule.
        """
        if measure_id not in self.measures.index:
            raise LedgerInputError(
                tr("measure '{measure_id}' is not in the measures library ({measures})").format(
                    measure_id=measure_id, measures=", ".join(self.measures.index)),
                layer=layer, field="measure_id", row=row)
        specs = self._specs[measure_id]
        unknown = sorted(set(given) - set(specs))
        if unknown:
            raise LedgerInputError(
                tr("measure '{measure_id}' has no parameter {unknown} (it has {parameters})").format(
                    measure_id=measure_id, unknown=unknown, parameters=", ".join(specs)),
                layer=layer, field="parameters", row=row)
        values = {}
        for name, spec in specs.items():
            raw = given.get(name)
            if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                raw = spec["default"]
            if name in TEXT_PARAMETERS:
                values[name] = str(raw).strip()
                continue
            if raw == "":
                values[name] = None
                continue
            try:
                value = float(raw)
            except (TypeError, ValueError):
                raise LedgerInputError(tr("parameter {parameter} = '{value}' is not a number").format(
                    parameter=name, value=raw),
                                       layer=layer, field="parameters", row=row) from None
            low = float(spec["min"]) if spec["min"] != "" else -math.inf
            high = float(spec["max"]) if spec["max"] != "" else math.inf
            if not (low <= value <= high):
                raise LedgerInputError(
                    tr("parameter {parameter} = {value:g} is outside [{minimum}, {maximum}] {unit}").format(
                        parameter=name, value=value, minimum=spec["min"] or "-inf", maximum=spec["max"] or "inf",
                        unit=spec["unit"]), layer=layer, field="parameters", row=row)
            values[name] = value
        if "to_land_use" in values and values["to_land_use"] not in self.rules.index:
            raise LedgerInputError(
                tr("no sink or source rule for land use '{land_use}': conversion_rules.csv has {land_uses}").format(
                    land_use=values["to_land_use"], land_uses=", ".join(self.rules.index)),
                layer=layer, field="parameters", row=row)
        plan = sum(values.get(share, 0.0) for share in PLAN_SHARES)
        if plan > 1.0 + 1e-9:
            raise LedgerInputError(
                tr("the planting plan covers {share:.3g} of the parcel (canopy + lawn + paving must be <= 1)").format(
                    share=plan),
                layer=layer, field="parameters", row=row)
        return values

    def effect_factor_id(self, measure_id, parameter):
        """factor_id behind a parameter, or None when it is not an effect factor."""
        table = self.parameters
        rows = table[(table["measure_id"] == measure_id) & (table["parameter"] == parameter)]
        return rows["factor_id"].iloc[0] or None if len(rows) else None

    def plan_classes(self, to_land_use):
        """{share parameter or 'remainder': land-cover class} for a conversion target."""
        rule = self.rules.loc[to_land_use]
        classes = {share: rule[column] for share, column in PLAN_CLASSES.items()}
        classes["remainder"] = rule["remainder_class"]
        return classes


def parse_parameters(text, row=None, layer="EDITS"):
    """An edit's parameters from JSON text (or a dict); empty -> {}."""
    if isinstance(text, dict):
        return dict(text)
    if text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip() == "":
        return {}
    try:
        value = json.loads(str(text))
    except json.JSONDecodeError as error:
        raise LedgerInputError(tr("parameters are not JSON ({reason}): {text!r}").format(reason=error.msg, text=text),
                               layer=layer, field="parameters", row=row) from None
    if not isinstance(value, dict):
        raise LedgerInputError(tr("parameters must be a JSON object, got {text!r}").format(text=text),
                               layer=layer, field="parameters", row=row)
    return value
