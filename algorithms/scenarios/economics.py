"""Cost per tonne and the carbon-neutrality timetable of the chessboard.

Cost per t CO2e of a measure = (capital x CRF(r, n) + O&M per yr) / t CO2e avoided per yr, with
the capital recovery factor CRF = r (1 + r)^n / ((1 + r)^n - 1) (1/n when r = 0), r the discount
rate and n the lifetime in years. New sinks ramp up to their mature uptake over maturity_years,
so the t CO2e avoided per yr is levelised over the measure's life (``levelised_share``: a 20-yr
ramp over a 40-yr life at 8% gives 51% of the mature uptake), and a new park's life-cycle
emissions (construction, replanting: GPC VI) count against it. Costs are in the measure's
currency and price year (CNY 2024 for the shipped library). Defaults (discount rate, years, growth) live in
resources/measures/economics.csv with their sources.
"""
import math

import numpy as np
import pandas as pd

from ..core.resources import shipped_table


def default(parameter):
    """Default of an economics parameter from resources/measures/economics.csv (float)."""
    table = shipped_table("measures", "economics.csv").set_index("parameter")
    return float(table.at[parameter, "value"])


def capital_recovery_factor(rate_percent, years):
    """CRF (1/yr): the share of a capital sum paid each year over ``years`` at ``rate_percent`` % per yr."""
    r = float(rate_percent) / 100.0
    n = float(years)
    if n <= 0:
        raise ValueError("lifetime must be positive")
    if r == 0:
        return 1.0 / n
    growth = (1.0 + r) ** n
    return r * growth / (growth - 1.0)


def levelised_share(maturity_years, lifetime_years, rate_percent):
    """Share of the mature annual uptake a new sink delivers on average over its life, discounted.

    share = sum_t ramp(t) / (1 + r)^t / sum_t 1 / (1 + r)^t, t = 1..lifetime, ramp(t) = min(1, t /
    maturity), the linear ramp of ``trajectory`` (year 1 = 1/maturity). 20-yr ramp, 40-yr life,
    8%: 0.5075. Ratio of 1 (yr).
    """
    years = np.arange(1, int(round(float(lifetime_years))) + 1, dtype=float)
    discount = (1.0 + float(rate_percent) / 100.0) ** -years
    ramp = np.minimum(1.0, years / max(float(maturity_years), 1.0))
    return float((ramp * discount).sum() / discount.sum())


def levelised_avoided(net_delta_t, sink_added_t, params, rate_percent):
    """t CO2e/yr an edit avoids, levelised over its life: -(net delta with the new sinks at their
    levelised share instead of mature). net_delta_t: the edit's net change (life cycle included),
    sink_added_t: its new sink entries at maturity (t CO2e/yr, negative); params: maturity_years
    (none: the sinks act at once) and lifetime_years."""
    maturity = params.get("maturity_years")
    if not maturity or not np.isfinite(maturity):
        return float(-net_delta_t)
    share = levelised_share(maturity, params["lifetime_years"], rate_percent)
    return float(-(net_delta_t - sink_added_t * (1.0 - share)))


def edit_cost(params, quantity, avoided_t, rate_percent):
    """Capital, O&M and cost per t CO2e of one edit.

    params: resolved parameters with capital_cost (currency per basis unit), om_cost (currency
    per basis unit per yr), lifetime_years. quantity: basis units (m2, trees, links ...).
    avoided_t: t CO2e/yr the edit avoids (minus its net delta). Returns capital, om_per_yr,
    annualised_capital, annual_cost (currency/yr), avoided_t and cost_per_t (currency per t CO2e,
    NaN when nothing is avoided).
    """
    capital = params["capital_cost"] * quantity
    om = params["om_cost"] * quantity
    annualised = capital * capital_recovery_factor(rate_percent, params["lifetime_years"])
    annual = annualised + om
    return {
        "quantity": float(quantity), "capital": float(capital), "om_per_yr": float(om),
        "lifetime_years": float(params["lifetime_years"]), "annualised_capital": float(annualised),
        "annual_cost": float(annual), "avoided_t": float(avoided_t),
        "cost_per_t": cost_per_t(annual, avoided_t),
    }


def cost_per_t(annual_cost, avoided_t):
    """Cost per t CO2e (currency) of ``annual_cost`` (currency/yr) over ``avoided_t`` (t CO2e/yr);
    NaN when nothing is avoided."""
    return float(annual_cost / avoided_t) if avoided_t > 0 else math.nan


def measure_costs(edit_table):
    """Per measure: summed capital, annual cost and avoided t CO2e/yr, and cost per t.

    edit_table: DataFrame with measure_id, capital, annual_cost, avoided_t (one row per edit).
    """
    grouped = edit_table.groupby("measure_id", sort=True)[["capital", "om_per_yr", "annual_cost", "avoided_t"]].sum()
    grouped["edits"] = edit_table.groupby("measure_id").size()
    avoided = grouped["avoided_t"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        grouped["cost_per_t"] = np.where(avoided > 0, grouped["annual_cost"].to_numpy() / avoided, np.nan)
    return grouped.reset_index()


def trajectory(base_source_t, base_sink_t, edits, start_year, end_year, source_growth_percent,
               conversion_t=0.0, conversion_until=None):
    """Net city flow per year (t CO2e/yr) of a base plus edits, START..END inclusive.

    Sources grow by ``source_growth_percent`` % per yr from start_year. conversion_t: the base's
    land-conversion flow (t CO2e/yr, the average stock change between two land-cover maps, net of
    its sources and sinks), counted in the years up to ``conversion_until`` only (never when None):
    a past average is not a forecast. Each edit (DataFrame row with rollout_year, source_t,
    sink_added_t, sink_removed_t, maturity_years) acts from its rollout year: its source change
    scales with the grown sources; new sinks ramp up linearly to full uptake over maturity_years
    (1 when absent); removed sinks stop at once.
    Returns a DataFrame year, source_t, sink_t, net_t, conversion_t (the land-conversion part of net_t).
    """
    years = np.arange(int(start_year), int(end_year) + 1)
    growth = (1.0 + source_growth_percent / 100.0) ** (years - int(start_year))
    source = base_source_t * growth
    sink = np.full(len(years), float(base_sink_t))
    conversion = np.where(years <= (conversion_until if conversion_until is not None else -np.inf),
                          float(conversion_t), 0.0)
    for edit in edits.itertuples(index=False):
        on = (years >= edit.rollout_year).astype(float)
        maturity = edit.maturity_years if edit.maturity_years and np.isfinite(edit.maturity_years) else 1.0
        ramp = np.clip((years - edit.rollout_year + 1) / maturity, 0.0, 1.0)
        source = source + edit.source_t * growth * on
        sink = sink + edit.sink_added_t * ramp + edit.sink_removed_t * on
    return pd.DataFrame({"year": years, "source_t": source, "sink_t": sink, "net_t": source + sink + conversion,
                         "conversion_t": conversion})


def neutrality_year(path, end_year):
    """First year whose net is <= 0 (int), or 'not before END_YEAR' when none is."""
    reached = path.loc[path["net_t"] <= 0, "year"]
    return int(reached.iloc[0]) if len(reached) else f"not before {int(end_year)}"
