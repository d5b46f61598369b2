"""Scale-out: the accounting steps on a Dask cluster, giving the single-machine ledger.

- ``dask_pipeline``: sources, sinks, service flows and indirect benefits in district partitions.
"""
