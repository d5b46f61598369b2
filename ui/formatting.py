"""Numbers as the docks show them: four significant digits, thousands separators, one minus sign (U+2212),
never "−0", large ones compact in the reader's language ('177.1 M', '1.771 亿'; ``report_format.scaled``, the
one formatter of quantities on screen); each label states the unit."""
import datetime
import math

from ..algorithms.reports.report_format import interval as interval_text, scaled
from .i18n import currency_label, language, tr


def number(value):
    """A t CO2e/yr value for display: 177.1 M (177,100,000; '1.771 亿' in Chinese); 2,072; −128.3 ("0", not
    "−0")."""
    return scaled(value, language())


def signed(value):
    """A change in t CO2e/yr for display, with its sign ("+0" for a change that rounds to zero)."""
    return scaled(value, language(), sign=True)


def count(value):
    """A count (entries, units) for display, whole, with thousands separators: 101,376."""
    return f"{int(value):,}"


def interval(low, high, sign=False):
    """A 95% interval in t CO2e/yr for display, in QGIS's language ('−6.1 to −1.4', '95.88 M to 141.1 M';
    ``sign``: a change, '+1.0 to +2.5'), its ends as :func:`number` in the scale of the larger: the reports'
    one interval formatter (``report_format.interval``)."""
    return interval_text(low, high, language(), sign=sign, compact=True)


def cost_phrase(value, measure):
    """An edit's cost per t CO2e avoided in words: 'cost 311.5 CNY (2024 prices) per t CO2e' (``money``); when the
    edit avoids nothing (its net rises or stays: ``value`` NaN or None), 'nothing avoided: no cost per t CO2e'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return tr("nothing avoided: no cost per t CO2e")
    return tr("cost {cost} per t CO2e").format(cost=money(value, measure))


def money(value, measure):
    """A cost per t CO2e for display, as :func:`number` (four significant digits), with the currency and price
    year of ``measure`` (a row of the measure library: '311.5 CNY (2024 prices)')."""
    return tr("{amount} {currency} ({year} prices)").format(
        amount=number(value), currency=currency_label(measure["currency"]), year=measure["price_year"])


def decimals(spec):
    """Decimals a number of the form shows: as many as its default has (0.044 keeps 3), at least 2
    for a ratio, else none (20 yr, 600 CNY/m2, not 20.000 yr)."""
    digits = len(f"{float(spec.default):g}".partition(".")[2])
    return max(digits, 2 if spec.unit.startswith("ratio") else 0)


def utc_time(stamp):
    """An ISO 8601 time as the ledger stores it ('2026-11-23T12:00:00+00:00') read as '2026-11-23 12:00:00 UTC'; a
    text that is not such a time comes back as it is."""
    try:
        moment = datetime.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:  # a time without its zone: said as it is
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + " UTC"
