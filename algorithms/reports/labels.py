"""Words of the reports, maps and docks in the reader's language: column headers, flows, sectors, levels,
land uses, carriers (``resources/report/labels.csv``: key, en, zh), and readable unit names.

No Qt here: the front ends pass the language (the LANGUAGE parameter, or QGIS's locale).
"""
import csv
import functools

import pandas as pd

from ..core.resources import resource_path
from ..core.spec import LANGUAGE_OPTIONS

AUTO, *LANGUAGES = LANGUAGE_OPTIONS


def language_of(value, locale=""):
    """'en' or 'zh' from a LANGUAGE value ('auto', 'en', 'zh') and a locale such as 'zh_CN'."""
    chosen = (value or AUTO).lower()
    if chosen == AUTO:
        chosen = (locale or "en")[:2].lower()
    return chosen if chosen in LANGUAGES else "en"


@functools.lru_cache(maxsize=None)
def _table():
    with open(resource_path("report", "labels.csv"), encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def text(key, language="en"):
    """The word for ``key`` in ``language``; a key not in the table comes back as it is."""
    row = _table().get(key)
    return row[language] if row is not None and row.get(language) else key


def name_of(code, language="en"):
    """The readable name of a code (an entry's carrier, a land use, a land-cover class) in ``language``: its
    word in labels.csv ('natural_gas' -> 'Natural gas', '天然气'), a land-cover change 'forest_to_paved' as
    'Forest → Paved', else the code with its underscores as spaces."""
    code = str(code)
    if code in _table():
        return text(code, language)
    before, to, after = code.partition("_to_")
    if to and before in _table() and after in _table():
        return f"{text(before, language)} → {text(after, language)}"
    return code.replace("_", " ")


def headers(frame, language="en"):
    """``frame`` with its columns renamed to readable headers (with units) in ``language``."""
    return frame.rename(columns={column: text(column, language) for column in frame.columns})


def words(series, language="en"):
    """Each value of a text column (a flow, sector, level or land use) in ``language``; blanks stay blank."""
    return series.map(lambda value: "" if value is None or value != value else text(str(value), language))


def unit_names(units, language="en"):
    """A readable name per unit: its own name where it has one, else its land use (or building use) and
    level with the codes of its block and parcel, e.g. 'Residential image segment 21 (block B0016, parcel P02)'
    for D03-B0016-P02-G021, 'Park parcel P02 (block B0016)' for D03-B0016-P02.
    ``units``: frame with unit_id, level, name, land_use. Returns a Series."""
    zh = language == "zh"

    def word(key):
        return text(key, language) if zh else text(key, language).lower()

    def one(unit_id, level, name, land_use):
        if isinstance(name, str) and name:
            return name
        parts = str(unit_id).split("-")
        what = text(str(level), language)
        if isinstance(land_use, str) and land_use:
            what = text(land_use, language) + ("" if zh else " ") + word(str(level))
        codes = {"link": parts[-1]} if level == "link" else dict(zip(("block", "parcel"), parts[1:3], strict=False))
        if level in codes:
            what += ("" if zh else " ") + codes.pop(level)
        elif len(parts) > 3 and parts[-1][1:].isdigit():  # a building or segment: its number in the parcel
            what += f"{int(parts[-1][1:])}号" if zh else f" {int(parts[-1][1:])}"
        where = ", ".join(f"{word(kind)}{'' if zh else ' '}{code}" for kind, code in codes.items())
        return f"{what} ({where})" if where else what  # the space lets a narrow table cell wrap Chinese too

    return pd.Series([one(*row) for row in zip(units["unit_id"], units["level"], units["name"], units["land_use"],
                                               strict=True)], index=units.index, dtype=object)
