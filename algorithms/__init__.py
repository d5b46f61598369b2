"""Urban Carbon Ledger science: plain functions over numpy, pandas and GeoPandas, no QGIS import."""
