"""Tables that map values as users have them onto the plugin's land-use classes (LANDUSE_MAP).

A map is a CSV with columns ``value`` and ``land_use`` (one of resources/landuse_classes.csv),
optionally ``key`` (an OpenStreetMap key: the value then also matches as ``key=value``) and
``source``. Shipped maps (resources/landuse_maps/): ``osm.csv`` (landuse, leisure, natural,
amenity values; OSM wiki), ``gbt21010_2017.csv`` (GB/T 21010-2017 codes and names) and
``gb50137_2011.csv`` (GB 50137-2011 urban land codes and names). Values match after
normalising case, spaces and hyphens.
"""
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.resources import resource_path

LANDUSE_MAPS = {name: resource_path("landuse_maps", f"{name}.csv") for name in ("osm", "gbt21010_2017", "gb50137_2011")}
"""Shipped land-use maps by name."""


def read_csv(path):
    """A CSV table as text columns ('' for empty cells), header as written.

    The one place this package reads a user's table; to be switched to the plugin's shared
    reader with encoding detection when it exists.
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def normal(values):
    """Values (Series) normalised for matching: text, stripped, lower case, spaces and hyphens as '_'."""
    text = pd.Series(values, dtype=object)
    text = text.where(text.notna(), "").astype(str)
    codes, unique = pd.factorize(text)  # each distinct value normalised once
    unique = pd.Series(unique, dtype=object).str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    return pd.Series(unique.to_numpy(dtype=object)[codes], index=text.index, dtype=object)


def landuse_map(path, classes):
    """{normalised value: class} of the LANDUSE_MAP CSV at ``path`` (a shipped map's name also works).

    classes: the allowed land-use classes. Raises LedgerInputError naming the row of a missing
    column, an unknown class, or a value mapped to two classes.
    """
    path = LANDUSE_MAPS.get(path, path)
    table = read_csv(path)
    missing = [column for column in ("value", "land_use") if column not in table.columns]
    if missing:
        raise LedgerInputError(tr("has no column {columns}; a land-use map needs value and land_use").format(
            columns=", ".join(missing)), layer=path, field=missing[0])
    target = normal(table["land_use"])
    unknown = ~target.isin(list(classes))
    if unknown.any():
        row = int(unknown.to_numpy().nonzero()[0][0])
        raise LedgerInputError(tr("'{value}' is not a land-use class; allowed: {classes}").format(
            value=table["land_use"].iloc[row], classes=", ".join(classes)), layer=path, field="land_use", row=row)
    keys = [normal(table["value"])]
    if "key" in table.columns:
        keys.append(normal(table["key"] + "=" + table["value"]))
    pairs = pd.concat([pd.DataFrame({"value": k, "land_use": target, "row": range(len(table))}) for k in keys])
    pairs = pairs[pairs["value"] != ""].drop_duplicates(["value", "land_use"])
    repeated = pairs["value"].duplicated()
    if repeated.any():
        value, row = pairs.loc[repeated.to_numpy(), ["value", "row"]].iloc[0]
        raise LedgerInputError(tr("value '{value}' is mapped to two classes").format(value=value), layer=path,
                               field="value", row=int(row))
    return dict(zip(pairs["value"], pairs["land_use"], strict=True))


def counts_text(values):
    """"'garden' (3), 'x' (1)": the values (array) with their counts, most frequent first."""
    text = pd.Series(values, dtype=object)
    counts = text.where(text.notna(), "<empty>").astype(str).value_counts()
    return ", ".join(f"'{value}' ({count})" for value, count in counts.items())
