"""Plausibility of input values, not just their syntax: a table of plausible ranges per quantity with a
cited source (``resources/plausible_ranges.csv``). A value outside ``refuse_below .. refuse_above`` is
refused naming layer, field and row; one outside ``extreme_below .. extreme_above`` but inside the
refusal bounds is plausible but extreme: refused too unless the user confirms it (ACCEPT_EXTREME), then
reported as a warning. Empty bounds do not apply."""
import numpy as np

from .errors import LedgerInputError
from .messages import Message, tr
from .resources import shipped_table
from .spec import EnumInput

ACCEPT_EXTREME = "ACCEPT_EXTREME"
BOUNDS = ("refuse_below", "extreme_below", "extreme_above", "refuse_above")


def accept_extreme_input():
    """The ACCEPT_EXTREME input of a model that checks values against the plausible ranges."""
    return EnumInput(ACCEPT_EXTREME, "Accept plausible but extreme values (resources/plausible_ranges.csv)",
                     default="no", options=("no", "yes"))


def accepts_extreme(value):
    """True for an ACCEPT_EXTREME value that confirms extreme values (yes, true, 1)."""
    return str(value).strip().lower() in ("yes", "true", "1")


def plausible_ranges():
    """The ranges table indexed by quantity: unit, the four BOUNDS (NaN where empty), description, source."""
    table = shipped_table("plausible_ranges.csv", dtype={"quantity": str, "unit": str})
    return table.set_index("quantity")


def check_range(values, rows, quantity, layer, field, accept_extreme=False, progress=None):
    """Check ``values`` (numbers, NaN skipped) of ``field`` in ``layer`` against the range of ``quantity``.

    rows: the row label of each value, cited in messages. Raises LedgerInputError for the first value
    outside the refusal bounds, and for the first extreme value unless ``accept_extreme``; with it, warns
    through ``progress`` (a core.progress.Progress) naming the extreme rows. Returns the positions of the
    extreme values.
    """
    limits = plausible_ranges().loc[quantity]
    described = Message(limits["description"])  # the quantity in words, translated with the shipped tables
    values = np.asarray(values, dtype=float)
    rows = np.asarray(rows, dtype=object)
    unit = "" if limits["unit"] in ("-", quantity) else f" {limits['unit']}"
    low, extreme_low, extreme_high, high = (float(limits[b]) for b in BOUNDS)
    with np.errstate(invalid="ignore"):
        refused = (values < low) | (values > high)
        extreme = ~refused & ((values < extreme_low) | (values > extreme_high))
    span = f"{_bound(low)} .. {_bound(high)}{unit}"
    if refused.any():
        first = int(np.flatnonzero(refused)[0])
        raise LedgerInputError(
            tr("{value:g}{unit} is outside the plausible range {span} of {quantity} "
               "({count} such rows; resources/plausible_ranges.csv: {source})").format(
                value=values[first], unit=unit, span=span, quantity=described,
                count=int(refused.sum()), source=limits["source"]),
            layer=layer, field=field, row=rows[first])
    positions = np.flatnonzero(extreme)
    if len(positions) and not accept_extreme:
        first = int(positions[0])
        raise LedgerInputError(
            tr("{value:g}{unit} is plausible but extreme for {quantity} (usual range {usual_low} .. "
               "{usual_high}{unit}; {count} such rows): check it, and set {parameter} to yes to account it as "
               "it is").format(
                value=values[first], unit=unit, quantity=described, usual_low=_bound(extreme_low, low),
                usual_high=_bound(extreme_high, high), count=len(positions), parameter=ACCEPT_EXTREME),
            layer=layer, field=field, row=rows[first])
    if len(positions) and progress is not None:
        shown = ", ".join(str(r) for r in rows[positions[:10]]) + (" ..." if len(positions) > 10 else "")
        progress.warn(tr("{layer}: {count} extreme values of {field} accepted ({parameter}): rows {rows}").format(
            layer=layer, count=len(positions), field=field, parameter=ACCEPT_EXTREME, rows=shown))
    return positions


def _bound(value, fallback=np.nan):
    """A bound as text: the value, else ``fallback``, else an open end."""
    value = fallback if np.isnan(value) else value
    return "..." if np.isnan(value) else f"{value:g}"
