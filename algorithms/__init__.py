"""Urban Carbon Ledger science: plain functions over numpy, pandas and GeoPandas, no QGIS import.

Packages by tool, each importing only the ones before it in this order (tests/test_architecture.py
checks it):

    core -> ledger -> units -> sources, sinks -> greenspace -> scenarios -> mrv -> reports -> scale_out

``ledger`` alone speaks SQL. Tape measure is ``units``; scale is ``sources``, ``sinks``,
``greenspace`` and ``mrv``; chessboard is ``scenarios``.
"""
