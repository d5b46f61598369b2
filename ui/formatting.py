"""Numbers as the docks show them: four significant digits, thousands separators, never "-0"
(``report_format.significant``, the one formatter of quantities on screen); each label states the unit."""
import math

from ..algorithms.reports.report_format import interval as interval_text, significant, SIGNIFICANT_DIGITS
from ..qgis_shared.translation import chosen_language
from .i18n import tr


def number(value):
    """A t CO2e/yr value for display: 1,725,000,000; 2,072; -128.3 ("0", not "-0")."""
    return significant(value)


def signed(value):
    """A change in t CO2e/yr for display, with its sign ("+0" for a change that rounds to zero)."""
    return significant(value, sign=True)


def amount(value):
    """An activity amount for display (its unit follows it): as :func:`number`."""
    return significant(value)


def interval(low, high, sign=False):
    """A 95% interval in t CO2e/yr for display, in QGIS's language ('−6.1 to −1.4'; ``sign``: a change,
    '+1.0 to +2.5'), its ends as :func:`number`: the reports' one interval formatter (``report_format.interval``)."""
    return interval_text(low, high, chosen_language("auto"), sign=sign, significant_digits=SIGNIFICANT_DIGITS)


def money(value, measure):
    """A cost per t CO2e for display with the currency and price year of ``measure`` (a row of the measure
    library: '311 CNY (2024 prices)'); when the edit avoids nothing (its net rises or stays), a dash that says so."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return tr("– (nothing avoided)")
    return tr("{amount} {currency} ({year} prices)").format(amount=f"{value:,.0f}", currency=measure["currency"],
                                                            year=measure["price_year"])


def decimals(spec):
    """Decimals a number of the form shows: as many as its default has (0.044 keeps 3), at least 2
    for a ratio, else none (20 yr, 600 CNY/m2, not 20.000 yr)."""
    digits = len(f"{float(spec.default):g}".partition(".")[2])
    return max(digits, 2 if spec.unit.startswith("ratio") else 0)
