"""Tables of the HTML reports as a reader wants them: readable headers with units in the chosen
language, intervals as one 'low to high' column (:func:`interval`, the one interval formatter of the reports,
atlas and docks), years as years, shares as percentages, money with
its currency, no 'None' or 'nan', no absolute paths or user names. The CSV and XLSX files keep the
machine columns; only the HTML goes through here.
"""
import csv
import functools
import html
import os
import re
import string

import numpy as np

from ..core.resources import resource_path
from .labels import text, unit_names, words

INTERVAL_PAIRS = (("low_t", "high_t", "interval_t"), ("net_low_t", "net_high_t", "net_interval_t"),
                  ("delta_low_t", "delta_high_t", "delta_interval_t"))
"""(low column, high column, header key of the joined column)."""
YEAR_COLUMNS = {"year", "rollout_year", "maturity_years", "lifetime_years", "neutral_year", "seq", "entries",
                "edits", "scope"}
"""Whole numbers shown without separators or decimals."""
MONEY_COLUMNS = {"capital", "annual_cost", "om_per_yr", "annualised_capital", "cost_per_t"}
"""Money (the measures' currency), whole units with thousands separators."""
SHARE_COLUMNS = {"share"}
"""Fractions shown as percentages."""
WORD_COLUMNS = {"flow", "sector", "level", "measure_id"}
"""Codes shown as words of the reader's language (labels.csv)."""
PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?(?:[\\/]+[^\s\"',;|:\\/]+)+[\\/]+([^\s\"',;|\\/]+)")
"""An absolute file path (POSIX or Windows, backslashes doubled in JSON too; not a unit such as t CO2e/km/yr):
the report keeps only its last part."""


def private(value):
    """``value`` (text) with absolute paths cut to their file names (no folders, no user names)."""
    return PATH.sub(lambda match: match.group(1), str(value))


def _number(value, digits):
    """A table cell's number with ``digits`` decimals and thousands separators, a negative one with MINUS as the
    intervals beside it have it ('−2,270.4'); never '−0'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        shown = f"{float(value):,.{digits}f}"
        return "0" if shown.lstrip("-").replace("0", "").replace(".", "").replace(",", "") == "" else _minus(shown)
    return str(value)


def _minus(shown):
    """A number's text with MINUS for a leading hyphen."""
    return MINUS + shown[1:] if shown.startswith("-") else shown


MINUS = "\u2212"
"""The minus sign of a negative number in an interval and on screen (:func:`significant`; U+2212: a hyphen reads
as a dash between two ends)."""


SIGNIFICANT_DIGITS = 4
"""Significant digits of a quantity on screen (the docks): 1,725,000,000 and 2,072 t CO2e/yr, not
1,724,513,201.3; a 95% interval is rarely narrower than one part in a thousand of the value."""
FINEST_DECIMALS = 3
"""Decimals at most of a quantity shown with :func:`significant` (1 kg in t CO2e/yr): a sum's rounding
noise (1e-13 t) shows as 0."""


def _missing(value):
    """True for a value that is no number to show (None, NaN, text)."""
    return value is None or not isinstance(value, (int, float, np.integer, np.floating)) or np.isnan(value)


def significant(value, digits=SIGNIFICANT_DIGITS, sign=False):
    """A quantity as text with ``digits`` significant digits, thousands separators, at most FINEST_DECIMALS
    decimals and no trailing zeros: 1,724,513,201.3 -> '1,725,000,000', 2,071.7 -> '2,072', -128.34 ->
    '−128.3' (MINUS), 0.04567 -> '0.046'; never '−0'; ``sign``: a change, '+' on positives ('+17.6', '+0').
    Blank for a missing value. The value keeps its unit (the caller's label states it)."""
    if _missing(value):
        return ""
    value = float(value)
    places = min(FINEST_DECIMALS, digits - 1 - int(np.floor(np.log10(abs(value))))) if value else 0
    shown = f"{round(value, places) + 0.0:{'+' if sign else ''},.{max(places, 0)}f}"
    shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    return _minus(shown)


SCALE_SPACE = "\u00a0"
"""Between a number and its scale word ('177.1 M'): a no-break space, so that a wrapped line keeps them together."""


@functools.lru_cache(maxsize=None)
def _scales(language):
    """[(least, divisor, word)] of ``language``, the largest first (resources/report/number_scales.csv)."""
    with open(resource_path("report", "number_scales.csv"), encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["language"] == language]
    return sorted(((float(r["least"]), float(r["divisor"]), r["word"]) for r in rows), reverse=True)


def scale_of(value, language="en", digits=SIGNIFICANT_DIGITS):
    """(divisor, word) that shows ``value`` compactly in ``language``: (1e6, 'M') for 177,100,000 in English,
    (1e8, '亿') in Chinese, (1, '') below the smallest scale (1,000,000 in resources/report/number_scales.csv)
    or for a missing value. The value is first rounded to ``digits`` significant digits (999,960 is 1 M)."""
    if _missing(value) or not value:
        return 1.0, ""
    rounded = abs(float(f"{float(value):.{digits}g}"))
    return next(((divisor, word) for least, divisor, word in _scales(language) if rounded >= least), (1.0, ""))


def scaled(value, language="en", sign=False, scale=None):
    """A quantity as :func:`significant` text, large ones divided by their scale word of ``language``
    (:func:`scale_of`, or ``scale`` = (divisor, word)): 177,123,456 -> '177.1 M' in English, '1.771 亿' in
    Chinese (a no-break space between); 1,596 -> '1,596'. The value keeps its unit (t CO2e/yr: '177.1 M t
    CO2e/yr' reads as 177.1 Mt CO2e/yr). Blank for a missing value."""
    if _missing(value):
        return ""
    divisor, word = scale or scale_of(value, language)
    shown = significant(value / divisor, sign=sign)
    return f"{shown}{SCALE_SPACE}{word}" if word else shown


def interval(low, high, language="en", digits=1, sign=False, compact=False):
    """A 95% interval as text: '−6.1 to −1.4' ('−6.1 至 −1.4' in Chinese), thousands separators, ``digits``
    decimals, never '−0.0'; ``sign``: a change, '+' on positive ends ('−2.0 to +1.5'); ``compact`` (the docks):
    :func:`scaled` ends, both in the scale of the larger ('95.88 M to 141.1 M', '−154 to −102.7'). Blank when an
    end is missing. The values keep their unit (t CO2e/yr where the caller does not say otherwise)."""
    if _missing(low) or _missing(high):
        return ""
    ends = []
    scale = scale_of(max(abs(float(low)), abs(float(high))), language) if compact else None
    for value in (low, high):
        shown = (scaled(value, language, sign, scale) if compact else
                 f"{round(float(value), digits) + 0.0:{'+' if sign else ''},.{digits}f}")
        ends.append(_minus(shown))
    return f" {text('interval_to', language)} ".join(ends)


def marked(value, mark, digits=1):
    """A number with a footnote mark, '1,234.5 [1]' (a table cell)."""
    return f"{_number(value, digits)} [{mark}]"


def _whole(value, language):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        return str(int(round(float(value))))
    match = re.fullmatch(r"not before (\d+)", str(value))
    return text("not_before", language).format(year=match.group(1)) if match else str(value)


def readable(frame, language="en", digits=1):
    """``frame`` as text cells with readable headers (see the module docstring)."""
    shown = frame.copy()
    for low, high, key in INTERVAL_PAIRS:
        if low in shown.columns and high in shown.columns:
            pairs = [interval(a, b, language, digits)
                     for a, b in zip(shown[low].astype(float), shown[high].astype(float), strict=True)]
            shown.insert(shown.columns.get_loc(low), key, pairs)
            shown = shown.drop(columns=[low, high])
    if "name" in shown.columns and {"unit_id", "level"} <= set(shown.columns):
        named = shown.assign(land_use=shown["land_use"] if "land_use" in shown.columns else None)
        shown["name"] = unit_names(named, language).to_numpy()
    for column in shown.columns:
        values = shown[column]
        if column in YEAR_COLUMNS:
            shown[column] = values.map(lambda v: _whole(v, language))
        elif column in MONEY_COLUMNS:
            shown[column] = values.map(lambda v: _number(v, 0))
        elif column in SHARE_COLUMNS:
            shown[column] = values.map(lambda v: "" if v is None or v != v else f"{100 * float(v):.1f}%")
        elif column in WORD_COLUMNS:
            shown[column] = words(values, language)
        else:
            shown[column] = values.map(lambda v: _number(v, digits) if not isinstance(v, str) else private(v))
    return shown.rename(columns={column: text(column, language) for column in shown.columns})


NUMBER = re.compile(r"^([-+\u2212]?[\d,]+(\.\d+)?%?( (to|至) [-+\u2212]?[\d,]+(\.\d+)?)?( \[\d+\])?|"
                    r"(NO|IE|NE|C)(, (NO|IE|NE|C))*|-)$")
"""A cell that reads as a number (with a footnote mark), a percentage, an interval or GPC notation keys in a
number's place (right-aligned)."""


def html_table(frame, language="en", digits=1, general=(), spanning=None):
    """``frame`` as an escaped HTML table (see :func:`readable`): numbers right-aligned, words left;
    ``general`` columns keep 6 significant digits (factor values). ``spanning``: a column of long texts
    (e.g. citations) shown under each row across the whole table, after 'Source:', instead of as one
    narrow column that runs the table over many printed pages."""
    kept = {column: frame[column].map(lambda v: _minus(f"{v:.6g}") if isinstance(v, (float, np.floating)) and v == v
                                      else v)
            for column in general if column in frame.columns}
    shown = readable(frame.assign(**kept), language, digits)
    long_texts = shown.pop(text(spanning, language)) if spanning in frame.columns else None
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in shown.columns)
    rows = []
    for row, values in enumerate(shown.itertuples(index=False)):
        cells = "".join(f'<td class="number">{html.escape(str(v))}</td>' if NUMBER.match(str(v)) else
                        # long codes (factor ids) may wrap after their underscores
                        f'<td class="text">{html.escape(str(v)).replace("_", "_<wbr>")}</td>' for v in values)
        rows.append(f"<tr>{cells}</tr>")
        if long_texts is not None:
            rows.append(f'<tr class="spanning"><td class="text" colspan="{len(shown.columns)}">'
                        f"{html.escape(text('citation', language))}: {html.escape(str(long_texts.iat[row]))}</td></tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def ledger_name(path):
    """The ledger's file name only (a report names no folders)."""
    return os.path.basename(str(path))


def escape(value):
    """HTML-escaped text with paths cut (see :func:`private`)."""
    return html.escape(private(value))


def page(title, meta, body, footer, language):
    """A report page (a string) from the shared template resources/report/report.html (print CSS for A4)."""
    with open(resource_path("report", "report.html"), encoding="utf-8") as handle:
        template = string.Template(handle.read())
    return template.safe_substitute(lang=language, title=html.escape(title), meta=escape(meta), body=body,
                                    footer=html.escape(footer))
