"""Chessboard: scenario edits on units, their carbon delta, cost per tonne and timetable.

- ``measures``: the measures library; ``measure_effects``: what one edit does to a unit's entries.
- ``chessboard``: a live session of edits over a base scenario; ``scenario_store``: scenarios
  read, applied and stored in the ledger; ``economics``: cost per tonne and neutrality timetable.
"""
