"""The landfill factor, computed from its parameter rows (IPCC 2006 Vol 5 Ch 3, methane commitment).

One tonne of municipal solid waste landfilled in the inventory year is charged all the methane it
will generate (the methane commitment of GPC 2014 Ch 8, the total yield of the first-order-decay
model of IPCC 2006 Vol 5 Ch 3: DDOCm = W x DOC x DOCf x MCF (Eq 3.2), CH4 = DDOCm x F x 16/12
(Eq 3.5 summed over all years), less recovery R and oxidation OX (Eq 3.1))::

    DOC          = sum_i share_i x DOC_i                    (t C/t wet waste, IPCC Tables 2.3, 2.4)
    landfill_msw = MCF x DOC x DOCf x F x 16/12 x (1 - R) x (1 - OX) x GWP_CH4   (t CO2e/t)
    per_capita   = msw_generation_per_capita (t/person/yr) x landfill_msw        (t CO2e/person)

The parameters are factor rows (``resources/factors/waste_landfill.csv``, ids below) so that a
user overrides any of them (a site's MCF, the city's composition) with FACTORS. Their 95%
intervals combine by Approach 1 for a product (relative deviations in quadrature; the DOC of the
mix from the DOC_i ranges, taken fully correlated). The computed rows are added to the factor
table unless it already holds them (a user's own landfill factor wins).
"""
import numpy as np
import pandas as pd

from ..ledger.conversions import GWP_IDS
from ..ledger.intervals import product_bounds, quadrature, relative_deviation

CH4_PER_C = 16.0 / 12.0
"""t CH4 per t C (molar masses 16 and 12): a definition, not a factor."""

FRACTIONS = ("food", "paper", "wood", "textiles", "garden")
"""Degradable fractions of MSW: ``landfill_share_<fraction>`` (wet-weight share) and
``landfill_doc_<fraction>`` (t C/t wet) rows; a fraction without a share row counts 0."""

PRODUCT = ("landfill_mcf", "landfill_docf", "landfill_f")
"""Rows multiplied in as they are (fractions): MCF, DOCf, F."""

COMPLEMENTS = ("landfill_recovery", "landfill_ox")
"""Rows that enter as (1 - value): recovered fraction R, oxidation factor OX."""

LANDFILL_ID = "waste_landfill_msw"
PER_CAPITA_ID = "waste_landfill_per_capita"
GENERATION_ID = "msw_generation_per_capita"


def _row(factors, factor_id):
    """(value, low, high) of one factor row as floats."""
    return tuple(float(factors.at[factor_id, column]) for column in ("value", "low", "high"))


def degradable_carbon(factors):
    """(DOC, DOC low, DOC high, ids): t C per t wet waste of the mix, from share x DOC_i rows."""
    shares = [f for f in FRACTIONS if f"landfill_share_{f}" in factors.index]
    ids = [f"landfill_{kind}_{f}" for f in shares for kind in ("share", "doc")]
    share = np.array([_row(factors, f"landfill_share_{f}")[0] for f in shares])
    doc = np.array([_row(factors, f"landfill_doc_{f}") for f in shares]).reshape(-1, 3)
    value, low, high = (float(share @ doc[:, k]) for k in range(3))
    return value, low, high, ids


def _complement(factors, factor_id):
    """(1 - value, 1 - high, 1 - low) of a fraction row: its complement with the bounds in order."""
    value, low, high = _row(factors, factor_id)
    return 1.0 - value, 1.0 - high, 1.0 - low


def landfill_factor(factors):
    """(value, low, high, DOC ids) of ``waste_landfill_msw`` in t CO2e per t landfilled."""
    doc, doc_low, doc_high, doc_ids = degradable_carbon(factors)
    terms = [(doc, doc_low, doc_high)] + [_row(factors, i) for i in PRODUCT]
    terms += [_complement(factors, i) for i in COMPLEMENTS]
    value = float(np.prod([t[0] for t in terms])) * CH4_PER_C * float(factors.at[GWP_IDS["CH4"], "value"])
    below = quadrature(relative_deviation(t[0], t[1]) for t in terms)
    above = quadrature(relative_deviation(t[0], t[2]) for t in terms)
    return value, value * (1.0 - float(below)), value * (1.0 + float(above)), doc_ids


def with_landfill_factors(factors):
    """``factors`` with the computed rows ``waste_landfill_msw`` and ``waste_landfill_per_capita``
    added (where absent), and a dict {computed id: parameter ids it came from}."""
    needed = [i for i in (LANDFILL_ID, PER_CAPITA_ID) if i not in factors.index]
    parameters = ["landfill_mcf", GENERATION_ID]
    if not needed or any(p not in factors.index for p in parameters):
        return factors, {}
    value, low, high, doc_ids = landfill_factor(factors)
    ids = doc_ids + list(PRODUCT) + list(COMPLEMENTS) + [GWP_IDS["CH4"]]
    method = (f"computed: IPCC 2006 Vol 5 Ch 3 methane commitment (Eq 3.1, 3.2, 3.5 summed over all years; "
              f"GPC 2014 Ch 8) = MCF x DOC x DOCf x F x 16/12 x (1 - R) x (1 - OX) x GWP CH4 from rows "
              f"{', '.join(doc_ids)} (DOC = sum of share x DOC), {', '.join(PRODUCT)}, "
              f"{' x '.join(f'(1 - {i})' for i in COMPLEMENTS)}, {GWP_IDS['CH4']}; "
              f"95% interval by Approach 1 for a product")
    per_capita = [float(x) for x in product_bounds(*_row(factors, GENERATION_ID), value, low, high, 1.0)]
    rows = {
        LANDFILL_ID: (value, low, high, "t CO2e/t", method, "CO2e of one tonne of municipal solid waste landfilled",
                      ids),
        PER_CAPITA_ID: (*per_capita, "t CO2e/person", f"computed: {GENERATION_ID} x {LANDFILL_ID} ({LANDFILL_ID}: "
                        f"{method})", "CO2e per resident per year when all waste is landfilled", ids + [GENERATION_ID]),
    }
    table = pd.DataFrame([{"factor_id": i, "value": rows[i][0], "unit": rows[i][3], "low": rows[i][1],
                           "high": rows[i][2], "distribution": "lognormal", "source": rows[i][4],
                           "year": factors.at["landfill_mcf", "year"], "region": factors.at["landfill_mcf", "region"],
                           "description": rows[i][5]} for i in needed]).set_index("factor_id", drop=False)
    return pd.concat([factors, table]), {i: rows[i][6] for i in needed}

