"""Where the plugin's data live: the one locator of ``resources/`` (CSV tables, styles, layouts).

Shipped tables are read once per process by ``shipped_table``: the chessboard re-reads the
green-space and measure tables on every edit, and parsing them was a sixth of a parcel conversion.
"""
import os

import pandas as pd

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources")

TABLES = {}
"""Shipped CSV tables parsed so far, by (path, read options): files under resources/ do not change while
QGIS runs (the Plugin Reloader re-imports this module, which empties it)."""


def resource_path(*parts):
    """Absolute path of a file or folder under the plugin's ``resources/``."""
    return os.path.join(RESOURCES, *parts)


def shipped_table(*parts, **options):
    """A CSV under ``resources/`` as a DataFrame, parsed once per process; each call gets its own copy.

    parts: path under ``resources/`` (e.g. "greenspace", "design_types.csv"); options go to
    ``pandas.read_csv`` (e.g. dtype=str).
    """
    path = resource_path(*parts)
    key = (path, repr(sorted(options.items())))
    if key not in TABLES:
        TABLES[key] = pd.read_csv(path, **options)
    return TABLES[key].copy()
