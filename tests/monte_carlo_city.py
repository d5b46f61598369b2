"""A small city for pinning the Monte Carlo's numbers (``test_monte_carlo_seeds``): 120 buildings in 6 blocks of 2
districts and a road link, with every kind of draw: metered activities (each its own input amount), downscaled
shares of two district totals (one input amount each, with a proxy error), gas shares without a proxy error
(classes of alike entries), exact activities, a zero activity, sinks, avoided flows, and factors of the four
distributions plus one missing from the factors table (taken as exact). Built by arithmetic, without random numbers."""
import numpy as np
import pandas as pd

FACTORS = pd.DataFrame({
    "factor_id": ["grid", "gas", "soil", "tri"],
    "value": [0.58, 2.1, 1.5, 0.9], "low": [0.5, 1.9, 1.2, 0.7], "high": [0.7, 2.2, 1.7, 1.3],
    "distribution": ["normal", "lognormal", "uniform", "triangular"],
})


def hierarchy():
    """unit_id, parent_id of the city C, districts D1 and D2, blocks K1-K6, buildings B000-B119 and link L1."""
    blocks = [f"K{k}" for k in range(1, 7)]
    buildings = [f"B{i:03d}" for i in range(120)]
    return pd.DataFrame({"unit_id": ["C", "D1", "D2", *blocks, *buildings, "L1"],
                         "parent_id": [None, "C", "C"] + ["D1"] * 3 + ["D2"] * 3
                         + [blocks[i // 20] for i in range(120)] + ["D1"]})


def entries():
    """The entries (unit_id, flow, activity, activity_low/high, factor_id, factor, conversion, co2e_t, inputs_hash,
    proxy_error, proxy_share, proxy_concentration)."""
    rows = []
    for i in range(120):
        unit, district = f"B{i:03d}", "D1" if i < 60 else "D2"
        electricity = 100.0 + (i * 37) % 90
        if i % 4 == 0:
            rows.append((unit, "source", electricity, 0.98, 1.03, "grid", 1.0, f"meter-{i}", 0.0))
        else:
            rows.append((unit, "source", electricity, 0.85, 1.25, "grid", 1.0, f"electricity-{district}", 0.3))
        if i % 3 == 0:
            rows.append((unit, "source", 10.0 + i % 7, 0.9, 1.1, "gas", 1.0, f"gas-{district}", 0.0))
        if i % 10 == 5:
            rows.append((unit, "sink", 2.0 + i % 5, 0.95, 1.05, "soil", -3.667, None, 0.0))
        if i % 10 == 7:
            rows.append((unit, "avoided", 5.0, 0.8, 1.2, "tri", -1.0, "", 0.0))
        if i % 17 == 3:
            rows.append((unit, "source", 7.0, 1.0, 1.0, "gas", 1.0, f"exact-{i}", 0.0))
    rows += [("L1", "source", 0.0, 1.0, 1.0, "grid", 1.0, "traffic", 0.0),
             ("L1", "source", 40.0, 0.9, 1.2, "ghost", 1.0, "traffic", 0.0)]
    frame = pd.DataFrame(rows, columns=["unit_id", "flow", "activity", "below", "above", "factor_id", "conversion",
                                        "inputs_hash", "proxy_error"])
    frame["activity_low"] = frame["activity"] * frame["below"]
    frame["activity_high"] = frame["activity"] * frame["above"]
    frame["factor"] = frame["factor_id"].map(FACTORS.set_index("factor_id")["value"]).fillna(0.8)
    frame["co2e_t"] = frame["activity"] * frame["factor"] * frame["conversion"]
    proxied = frame["proxy_error"] > 0
    total = frame["activity"].where(proxied).groupby(frame["inputs_hash"]).transform("sum")
    frame["proxy_share"] = np.where(proxied, frame["activity"] / total, 0.0)
    frame["proxy_concentration"] = (frame["proxy_share"] ** 2).groupby(frame["inputs_hash"].fillna("")).transform("sum")
    frame.loc[~proxied, "proxy_concentration"] = 0.0
    return frame.drop(columns=["below", "above"])
