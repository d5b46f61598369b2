"""Green space counted honestly: life-cycle budget, indirect benefits and service flows.

- ``green_units``: which units are green space; ``parameters``: their parameter tables.
- ``budget``: construction and maintenance against uptake; ``indirect_benefits`` (``cooling``,
  ``stormwater``, ``air_quality``): what green space avoids elsewhere, kept out of the direct net.
- ``service_flows``: where the services go (two-step floating catchment).
"""
