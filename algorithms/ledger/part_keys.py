"""The keys that say which parts of entries' deviations are one uncertain quantity (``intervals.parts``): a
shared emission factor ('factor:<factor_id>') or a shared input amount ('input:<inputs_hash>:<relative bounds>',
the rule ``mrv.monte_carlo`` draws them together by), spelled or as integer codes, and their numbering.

The input-amount rule is written once, in ``_key_codes`` (integer codes, no text per entry); the codes across batches
(:func:`activity_key_codes`), the spelled keys (:func:`activity_keys`), the per-call codes in which every entry without
a key is a part of its own (:func:`activity_codes`) and :func:`part_numbers` are read off its codes."""
import numpy as np
import pandas as pd

DIGITS = 12
"""Relative activity bounds are compared to this many decimals (as ``mrv.monte_carlo`` does)."""


def part_numbers(entries, hashes, measured):
    """``part_codes`` of the keys of ``intervals.parts`` (factor parts, then activity parts), without spelling a key:
    factor keys numbered first in order of first appearance, then activity keys (``activity_key_codes``), then
    every part of its own in turn (a report's million entries: no text per part)."""
    count = len(entries)
    factor = np.full(count, -1)
    if "factor_id" in entries.columns:
        named = entries["factor_id"].notna().to_numpy()
        factor[named] = pd.factorize(entries["factor_id"][named].astype(str).to_numpy(dtype=object))[0]
    activity = np.full(count, -1) if hashes is None else _key_codes(hashes, *measured)[0]
    numbers = np.concatenate([factor, np.where(activity >= 0, activity + factor.max(initial=-1) + 1, -1)])
    own = numbers < 0
    numbers[own] = numbers.max(initial=-1) + 1 + np.arange(int(own.sum()))
    return numbers


def factor_keys(entries):
    """'factor:<factor_id>' per entry (None without a factor id: a part of its own)."""
    if "factor_id" not in entries.columns:
        return np.full(len(entries), None, dtype=object)
    ids = entries["factor_id"]
    return np.where(ids.notna().to_numpy(), ("factor:" + ids.astype(str)).to_numpy(dtype=object), None)


def activity_keys(hashes, below, above):
    """'input:<inputs_hash>:<relative bounds>' per entry: entries with equal keys are shares of one input
    amount (the rule ``mrv.monte_carlo`` draws them together by, too). None where there is no inputs_hash.

    hashes: inputs_hash per entry (None, NaN or '' for none, or None for all); below, above: relative
    deviations of the activity (``relative_deviation`` of activity_low/high), compared to DIGITS decimals.
    Each distinct key is spelled once, from its first entry (:func:`activity_key_codes` numbers them).
    """
    if hashes is None:
        return np.full(len(below), None, dtype=object)
    codes, first = _key_codes(hashes, below, above)
    spelled = ("input:" + pd.Series(_spelled_hashes(hashes, first), dtype=object) + ":"
               + _spelled_bounds(below, first) + ":" + _spelled_bounds(above, first)).to_numpy(dtype=object)
    return np.append(spelled, None)[codes]  # code -1 (no key): the last, None


def activity_key_codes(hashes, below, above):
    """The ``activity_keys`` of entries without spelling them per entry: (code of each entry's key in ``keys``, -1
    where it has none; ``keys``, its distinct keys in order of first appearance, as (inputs_hash text, bits of
    both deviations rounded to DIGITS decimals, every NaN as one) tuples: equal exactly when the texts are)."""
    if hashes is None:
        return np.full(len(below), -1, dtype=np.int64), []
    codes, first = _key_codes(hashes, below, above)
    bits = [_rounded_bits(deviation)[first].tolist() for deviation in (below, above)]
    return codes, list(zip(_spelled_hashes(hashes, first).tolist(), *bits, strict=True))


def activity_codes(hashes, below, above):
    """The ``activity_keys`` of entries as integers, without spelling them: equal keys get equal codes, numbered in
    order of first appearance, and an entry without a key gets a code of its own (in that order too)."""
    codes, first = _key_codes(hashes, below, above)
    own = codes < 0
    starts = own.copy()
    starts[first] = True  # an entry without a key, or the first of its key, opens a new code
    numbers = np.cumsum(starts) - 1
    return np.where(own, numbers, numbers[first[np.maximum(codes, 0)]] if len(first) else -1)


def _key_codes(hashes, below, above):
    """(code of each entry's input-amount key, -1 where it has none; position of the first entry of each key).

    The one rule of the keys: two are equal when their inputs_hash spelled as text (``str``) and both relative
    deviations rounded to DIGITS decimals are (a float spelled by repr is the same text exactly when it has the same
    bits; every NaN spells 'nan'). Codes number the keys in order of first appearance. A hash None, NaN or '' is
    no key. Vectorised: integer factorisations, text only for the distinct hashes."""
    count = len(below)
    texts = _input_codes(hashes, count)
    rows = np.flatnonzero(texts >= 0)
    bits = pd.factorize(np.concatenate([_rounded_bits(below)[rows], _rounded_bits(above)[rows]]))[0]
    size = int(bits.max(initial=0)) + 1  # (below, above) numbered, then (text, bounds): each product < 2^63
    bounds = pd.factorize(bits[:len(rows)] * size + bits[len(rows):])[0]
    key = pd.factorize(texts[rows] * (int(bounds.max(initial=0)) + 1) + bounds)[0]
    codes = np.full(count, -1, dtype=np.int64)
    codes[rows] = key
    new = key > np.maximum.accumulate(np.concatenate([[-1], key[:-1]]))  # a code first seen exceeds all before it
    return codes, rows[new]


def _input_codes(hashes, count):
    """Code of each entry's inputs_hash text in order of first appearance, -1 for none (None for all, or None, NaN
    or ''). Hashes that are all str are numbered as they are; others (mixed types: 1, 1.0, '1') by their text."""
    if hashes is None:
        return np.full(count, -1, dtype=np.int64)
    values = np.asarray(hashes, dtype=object).reshape(-1)
    codes, distinct = pd.factorize(values)
    if pd.api.types.infer_dtype(distinct, skipna=False) not in ("string", "empty"):
        text = np.where(pd.notna(values), pd.Series(values, dtype=object).astype(str).to_numpy(dtype=object), None)
        codes, distinct = pd.factorize(text)
    kept = distinct != ""
    number = np.where(kept, np.cumsum(kept) - 1, -1)
    return np.append(number, -1)[codes].astype(np.int64)  # code -1 (no hash): the last, -1


def _rounded_bits(deviation):
    """Bits (int64) of relative deviations rounded to DIGITS decimals, every NaN as one."""
    rounded = np.round(np.asarray(deviation, dtype=float), DIGITS)
    return np.where(np.isnan(rounded), np.nan, rounded).view(np.int64)


def _spelled_hashes(hashes, first):
    """The inputs_hash of the entries ``first`` as text (str)."""
    values = np.asarray(hashes, dtype=object).reshape(-1)[first]
    return pd.Series(values, dtype=object).astype(str).to_numpy(dtype=object)


def _spelled_bounds(deviation, first):
    """The relative deviations of the entries ``first`` rounded to DIGITS decimals, as text (a Series of str): each
    distinct value spelled once."""
    codes, distinct = pd.factorize(_rounded_bits(deviation)[first])
    return pd.Series(pd.Series(distinct.view(np.float64)).astype(str).to_numpy(dtype=object)[codes], dtype=object)


def part_codes(keys):
    """Integer code of each part key; every None (a part of its own) gets a code of its own."""
    codes = pd.factorize(pd.Series(keys, dtype=object))[0]
    own = codes < 0
    codes[own] = codes.max(initial=-1) + 1 + np.arange(int(own.sum()))
    return codes
