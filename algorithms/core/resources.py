"""Where the plugin's data live: the one locator of ``resources/`` (CSV tables, styles, layouts).

Shipped tables are read once per process (``shipped``, ``shipped_table``): the chessboard re-reads the
green-space and measure tables on every edit, and parsing them was a sixth of a parcel conversion, validating
the shipped factors and parameters again a quarter.
"""
import functools
import os

import pandas as pd

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources")

TABLES = {}
"""Shipped tables made so far, by (function, arguments) (``shipped``): files under resources/ do not change while
QGIS runs (the Plugin Reloader re-imports this module, which empties it)."""


def resource_path(*parts):
    """Absolute path of a file or folder under the plugin's ``resources/``."""
    return os.path.join(RESOURCES, *parts)


def shipped(function):
    """``function`` (a DataFrame made from files under ``resources/`` alone, of hashable arguments) made once per
    process per arguments; each call gets its own copy. A call that raises is not kept."""
    @functools.wraps(function)
    def once(*args, **options):
        key = (function.__qualname__, args, repr(sorted(options.items())))
        if key not in TABLES:
            TABLES[key] = function(*args, **options)
        return TABLES[key].copy()
    return once


@shipped
def shipped_table(*parts, **options):
    """A CSV under ``resources/`` as a DataFrame, parsed once per process; each call gets its own copy.

    parts: path under ``resources/`` (e.g. "greenspace", "design_types.csv"); options go to
    ``pandas.read_csv`` (e.g. dtype=str).
    """
    return pd.read_csv(resource_path(*parts), **options)
