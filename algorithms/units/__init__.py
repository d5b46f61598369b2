"""Tape measure: the city cut into a hierarchy of units whose areas reconcile across levels.

- ``osm_import``: an OpenStreetMap extract (read by ``osm_read``) as the four vector inputs below.
- ``segment_units``: districts -> blocks -> parcels -> buildings, and road links (vector inputs),
  checked first by ``unit_inputs`` (land-use values through ``mapping_tables``), cut a batch of
  districts at a time (``district_batches``; the city's inputs and blocks wait as WKB in ``packed_geometry``) by
  ``blocks`` and ``parcels``, named by ``unit_ids``, as rows made by ``unit_frames``.
- ``superpixels``: SLIC superpixels of an image inside parcels, window by window.
- ``segment_imagery``: those superpixels cut to their parcels (``segment_fit``) and written to the
  ledger as ``segment`` units.
- ``zonal``: exact zonal class areas and raster means per unit (with ``zonal_rasters``,
  ``zonal_rings`` and ``zonal_accumulators``).
"""
