"""QGIS-side code shared by Processing and the desktop: layer styles, print layouts and the one
writer of data frames into QGIS features. Imports QGIS, never ``ui/`` (the desktop) nor
``processing_provider/``; both of those import it."""
