"""Numbers as the docks show them: thousands separators, one decimal, never "-0.0"."""
import math

from ..algorithms.reports.report_format import interval as interval_text
from ..qgis_shared.translation import chosen_language


def number(value):
    """A t CO2e/yr value for display: thousands separators, one decimal ("0.0", not "-0.0")."""
    if value is None or value != value:
        return ""
    return f"{round(float(value), 1) + 0.0:,.1f}"


def signed(value):
    """A change in t CO2e/yr for display, with its sign ("+0.0" for a change that rounds to zero)."""
    if value is None or value != value:
        return ""
    return f"{round(float(value), 1) + 0.0:+,.1f}"


def amount(value):
    """An activity amount for display: one decimal from 1,000 up, else four significant digits."""
    if value is None or value != value:
        return ""
    return f"{value:,.1f}" if abs(value) >= 1000 else f"{value:,.4g}"


def interval(low, high, sign=False):
    """A 95% interval in t CO2e/yr for display, in QGIS's language ('−6.1 to −1.4'; ``sign``: a change,
    '+1.0 to +2.5'): the reports' one interval formatter (``report_format.interval``)."""
    return interval_text(low, high, chosen_language("auto"), sign=sign)


def money(value):
    """A cost per t CO2e (currency) for display; '–' when nothing is avoided."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.0f}"


def decimals(spec):
    """Decimals a number of the form shows: as many as its default has (0.044 keeps 3), at least 2
    for a ratio, else none (20 yr, 600 CNY/m2, not 20.000 yr)."""
    digits = len(f"{float(spec.default):g}".partition(".")[2])
    return max(digits, 2 if spec.unit.startswith("ratio") else 0)
