"""QGIS-side code shared by Processing and the desktop: layer styles (``styles``) and the one
writer of data frames into QGIS features, sinks and memory layers (``features``). Imports QGIS,
never ``ui/`` (the desktop) nor ``processing_provider/``; both of those import it. Importing it
changes nothing in the running QGIS."""
