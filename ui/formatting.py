"""Numbers as the docks show them: thousands separators, one decimal, never "-0.0"."""
import math



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


def interval(low, high):
    """A 95% interval for display."""
    return f"{number(low)} – {number(high)}"


def money(value):
    """A cost per t CO2e (currency) for display; '–' when nothing is avoided."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.0f}"


def decimals(spec):
    """Decimals a number of the form shows: as many as its default has (0.044 keeps 3), at least 2
    for a ratio, else none (20 yr, 600 CNY/m2, not 20.000 yr)."""
    digits = len(f"{float(spec.default):g}".partition(".")[2])
    return max(digits, 2 if spec.unit.startswith("ratio") else 0)
