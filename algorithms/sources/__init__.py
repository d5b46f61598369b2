"""Scale, sources: activity x emission factor per unit (IPCC, GPC sectors and scopes).

- ``activity``: the ACTIVITY table format and its checks; ``downscaling``: which units an activity
  lands on, in what shares; ``accounting``: activity rows -> entries; ``temporal``: annual entries
  spread over hours, weekdays and day/night.
"""
