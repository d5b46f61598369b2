"""Scale, sinks: uptake and stocks of vegetation, soil, wetland and water per unit.

- ``class_table``: land-cover classes with cited uptake rates and pool densities, as factor rows;
- ``accounting``: land cover, carbon pools and land-cover change -> sink entries and stocks;
  ``light_use``: the light-use-efficiency (NDVI) method.
"""
