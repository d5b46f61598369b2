"""Unit conversions from an activity amount to a factor's basis, traceable to factor rows.

A factor's unit reads ``<mass> <gas>/<basis>`` (``kg CO2/TJ``, ``kg CH4/TJ``, ``t CO2e/t``,
``kg CO2e/vkm``). An activity in ``activity_unit`` is turned into t CO2e by

    conversion = (basis per activity_unit) x (t per <mass>) x GWP(<gas>)

Within one dimension the change is a unit definition (1 kWh = 3.6 MJ). Across dimensions it
goes through factor rows: ``ncv_<carrier>`` (net calorific value, MJ/m3 or MJ/kg) from volume
or mass to energy, and ``density_<carrier>`` (t/m3) between volume and mass. GWP100 comes from
the ``gwp_ar5_<gas>`` rows (AR5: CH4 28, N2O 265); ``CO2e`` needs none. The factor rows used are
returned so that the run copies them into the ledger's ``factors`` table. The conversion itself
is exact: a fuel's amount is first turned into its energy content (TJ) by :func:`energy_content`,
which also returns the calorific value's (and density's) relative 95% deviations, so that the
caller carries them in the activity's interval (IPCC 2006 Vol 2 Ch 2 Eq 2.1: fuel in TJ).
"""
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .intervals import quadrature, relative_deviation

C_TO_CO2 = 44.0 / 12.0
"""t CO2 per t C (molar masses 44 and 12): a definition, not a factor."""

M2_PER_HA = 10_000.0
"""m2 per hectare: a definition."""

N2O_PER_N2O_N = 44.0 / 28.0
"""t N2O per t N2O-N (molar masses 44 and 28): a definition, not a factor."""

UNITS = {
    "MJ": ("energy", 1.0), "GJ": ("energy", 1e3), "TJ": ("energy", 1e6),
    "kWh": ("energy", 3.6), "MWh": ("energy", 3.6e3), "GWh": ("energy", 3.6e6),
    "m3": ("volume", 1.0), "10^4 m3": ("volume", 1e4), "L": ("volume", 1e-3),
    "kg": ("mass", 1e-3), "t": ("mass", 1.0), "10^4 t": ("mass", 1e4), "Gg": ("mass", 1e3),
    "vkm": ("traffic", 1.0), "10^4 vkm": ("traffic", 1e4),
    "person": ("people", 1.0),
}
"""Unit -> (dimension, size in the dimension's base unit: MJ, m3, t, vkm, person). Definitions,
not factors. ``veh/day`` (a link's traffic count) is turned into vkm in ``activity.py``."""

MASS = {"kg": 1e-3, "t": 1.0}
"""Mass units of a factor's numerator, in t."""

GWP_IDS = {"CO2": "gwp_ar5_co2", "CH4": "gwp_ar5_ch4", "N2O": "gwp_ar5_n2o"}
"""Gas -> factor row holding its GWP100 (resources/factors/gwp.csv). CO2e needs no GWP."""


def in_kwh(amounts, units):
    """``amounts`` (a Series) given in ``units`` (a Series of UNITS names) as kWh where the unit is one of energy
    (MWh, GJ, ...), NaN where it is not (m3, t, vkm, or an unknown unit)."""
    kwh_per_unit = {unit: size / UNITS["kWh"][1] for unit, (dimension, size) in UNITS.items() if dimension == "energy"}
    return amounts.astype(float) * units.map(kwh_per_unit)


def parse_factor_unit(unit):
    """'kg CH4/TJ' -> ('kg', 'CH4', 'TJ'); ValueError if it does not read '<mass> <gas>/<basis>'."""
    numerator, _, basis = str(unit).partition("/")
    parts = numerator.split()
    if len(parts) != 2 or parts[0] not in MASS or not basis:
        raise ValueError(tr("factor unit '{unit}' does not read '<kg|t> <gas>/<basis unit>'").format(unit=unit))
    return parts[0], parts[1], basis.strip()


def _dimension(unit):
    return UNITS[unit][0] if unit in UNITS else None


def quantity_multiplier(from_unit, to_unit, carrier, factors):
    """How many ``to_unit`` one ``from_unit`` of ``carrier`` is, with a note and the factor ids used.

    carrier: a name, or a tuple of names tried in order for each ``ncv_``/``density_`` row (a
    site's own measured row ``ncv_coal_F01`` before the default ``ncv_coal``). Returns (multiplier,
    note, ids). Raises KeyError naming what is missing when no path exists
    (e.g. m3 of gas to TJ without an ``ncv_<carrier>`` row, or kWh to t).
    """
    if from_unit == to_unit:
        return 1.0, "", []
    source, target = _dimension(from_unit), _dimension(to_unit)
    if source is None or target is None:
        raise KeyError(tr("unit '{unit}' is not one of {units}").format(
            unit=from_unit if source is None else to_unit, units=", ".join(UNITS)))
    if source == target:
        multiplier = UNITS[from_unit][1] / UNITS[to_unit][1]
        return multiplier, f"{from_unit}->{to_unit} x {multiplier:g}", []
    steps = _bridge(source, target, carrier, factors)
    multiplier = UNITS[from_unit][1]
    notes, ids = [], []
    for factor_id, value, unit, _into in steps:
        per = unit.split("/")[1]
        multiplier *= value / UNITS[per][1]
        notes.append(f"{value:g} {unit} [{factor_id}]")
        ids.append(factor_id)
    multiplier /= UNITS[to_unit][1]
    return multiplier, f"{from_unit}->{to_unit}: " + " x ".join(notes), ids


def _bridge(source, target, carrier, factors):
    """Factor rows that carry ``source`` dimension to ``target``: [(id, value, unit, into_dim)]."""
    names = carrier if isinstance(carrier, tuple) else (carrier,)

    def row(prefix):
        factor_id = next((f"{prefix}_{name}" for name in names if f"{prefix}_{name}" in factors.index), None)
        if factor_id is None:
            return None
        unit = str(factors.at[factor_id, "unit"])
        top, _, per = unit.partition("/")
        if _dimension(top) is None or _dimension(per) is None:
            raise KeyError(tr("factor '{factor_id}' has unit '{unit}', not '<unit>/<unit>' of known units").format(
                factor_id=factor_id, unit=unit))
        return factor_id, float(factors.at[factor_id, "value"]), unit, _dimension(top), _dimension(per)

    ncv, density = row("ncv"), row("density")
    if target == "energy" and ncv is not None:
        ncv_per = ncv[4]
        if source == ncv_per:
            return [(ncv[0], ncv[1], ncv[2], "energy")]
        if density is not None and {source, ncv_per} == {"mass", "volume"}:
            return [_density_step(density, source), (ncv[0], ncv[1], ncv[2], "energy")]
    if {source, target} == {"mass", "volume"} and density is not None:
        return [_density_step(density, source)]
    needed = f"ncv_{names[-1]}" if target == "energy" else f"density_{names[-1]}"
    raise KeyError(tr("no conversion from {source} to {target} for '{carrier}' (needs a factor row '{needed}')").format(
        source=source, target=target, carrier=carrier, needed=needed))


def _density_step(density, source):
    factor_id, value, unit, top_dim, per_dim = density
    if source == per_dim:  # volume -> mass
        return factor_id, value, unit, top_dim
    top, per = unit.split("/")  # mass -> volume: the reciprocal
    return factor_id, 1.0 / value, f"{per}/{top}", per_dim


def energy_content(from_unit, carrier, factors):
    """Energy content of one ``from_unit`` of a fuel: (TJ per from_unit, note, ids, below, above).

    carrier: as in :func:`quantity_multiplier`. below, above: relative 95% deviations of the
    calorific value (and density) rows used, combined in quadrature (e.g. 0.15 for 15%).
    Raises KeyError when no ``ncv_`` row reaches energy.
    """
    multiplier, note, ids = quantity_multiplier(from_unit, "TJ", carrier, factors)
    values = [float(factors.at[i, "value"]) for i in ids]
    below = quadrature(relative_deviation(v, factors.at[i, "low"]) for v, i in zip(values, ids, strict=False))
    above = quadrature(relative_deviation(v, factors.at[i, "high"]) for v, i in zip(values, ids, strict=False))
    return multiplier, note, ids, float(below), float(above)


def conversion_to_co2e(activity_unit, carrier, factor_id, factors):
    """(conversion, note, ids) so that activity x factor x conversion = t CO2e.

    Raises LedgerInputError (field 'unit') when the activity unit cannot reach the factor's basis.
    """
    try:
        mass, gas, basis = parse_factor_unit(factors.at[factor_id, "unit"])
    except ValueError as error:
        raise LedgerInputError(error.args[0], layer="FACTORS", field="unit", row=factor_id) from None
    try:
        multiplier, note, ids = quantity_multiplier(activity_unit, basis, carrier, factors)
    except KeyError as error:
        raise LedgerInputError(
            tr("'{activity_unit}' of {carrier} does not match factor '{factor_id}' ({factor_unit}): {reason}").format(
                activity_unit=activity_unit, carrier=carrier, factor_id=factor_id,
                factor_unit=factors.at[factor_id, "unit"], reason=error.args[0]), layer="ACTIVITY", field="unit",
        ) from None
    notes = [note] if note else []
    conversion = multiplier * MASS[mass]
    if mass != "t":
        notes.append(f"{mass}->t x {MASS[mass]:g}")
    if gas != "CO2e":
        gwp_id = GWP_IDS.get(gas)
        if gwp_id is None or gwp_id not in factors.index:
            raise LedgerInputError(tr("no GWP row for gas '{gas}' of factor '{factor_id}'").format(
                gas=gas, factor_id=factor_id), layer="FACTORS", field="unit")
        gwp = float(factors.at[gwp_id, "value"])
        conversion *= gwp
        notes.append(f"GWP {gas} {gwp:g} [{gwp_id}]")
        ids.append(gwp_id)
    return conversion, "; ".join(notes), ids
