"""Measurement, reporting and verification: uncertainty and recomputation of the ledger.

- ``uncertainty``: IPCC Approach 1 and Monte Carlo (Approach 2) runs; ``monte_carlo``: the Monte
  Carlo streamed in chunks; ``distributions``: the fitted distributions and their draws;
  ``verification``: every entry recomputed from its factor row.
"""
