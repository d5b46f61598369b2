"""What the ledger tells its readers: views for the docks and atlas, inventory, comparisons.

- ``ledger_view``: one scenario's entries and totals per unit (docks, atlas).
- ``inventory`` and ``inventory_report``: the GPC inventory tables and their HTML, CSV and XLSX.
- ``scenario_comparison``: scenarios against a base, cost per tonne, MAC curve, timetable.
- ``charts``: report charts and the MAC curve (matplotlib ``Figure`` objects, no pyplot state).
"""
