"""The ledger GeoPackage and the arithmetic every tool shares; the one package that speaks SQL.

- ``store``: create, open, read and write the GeoPackage atomically (one transaction per run).
- ``queries``: the named reads and deletes the tools use (rows filtered by ``match`` dicts elsewhere).
- ``migrations``: open a ledger, migrating an older schema explicitly (one step per version).
- ``composition``: a scenario's entries composed on its base, from the units it touched.
- ``schema``: every layer and table, defined once; ``gpkg_geometry``: geometry blobs <-> shapely.
- ``entries``: activity x factor x conversion -> entries with interval and fingerprint.
- ``factors``, ``conversions``: factor tables and unit conversions; ``provenance``: hashes.
- ``hierarchy``: the unit tree as integer codes (parents, depths, ancestors, descendants, pre-order).
- ``intervals``: how entries' 95% intervals combine into the interval of their sum.
- ``sector_names``: the readable name of each entry sector (``resources/sector_names.csv``), translated by the front
  ends.
- ``totals``: entries rolled up the unit hierarchy (``subtree_sums``: the intervals' per-subtree sums, a few
  branches at a time); ``partitions``: units split by district.
"""
