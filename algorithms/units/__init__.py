"""Tape measure: the city cut into a hierarchy of units whose areas reconcile across levels.

- ``segment_units``: districts -> blocks -> parcels -> buildings, and road links (vector inputs),
  checked first by ``unit_inputs``, cut by ``blocks`` and ``parcels``, named by ``unit_ids``.
- ``superpixels``: SLIC superpixels of an image inside parcels, window by window.
- ``segment_imagery``: those superpixels written to the ledger as ``segment`` units.
- ``zonal``: exact zonal class areas and raster means per unit (with ``zonal_rasters``,
  ``zonal_rings`` and ``zonal_accumulators``).
"""
