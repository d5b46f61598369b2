"""The floor of the ledger's data model (issue 22): per-row costs of SQLite and SHA-256 on this machine.

What one row of a 30-column entries-like table costs from Python, whatever the science around it: insert
(executemany, a unique text key), read every column (pandas.read_sql_query), read three columns (fetchall),
update two columns by fid, spell a row as one text, SHA-256 of that text. Multiplied by the rows of a city
(about 7.5 M entries and 7.7 M units and links at 1,000,000 parcels), they bound what any pipeline over
this ledger can reach (benchmarks/RESULTS.md, "The data model's floor"). Run by hand, not by run_all:

    .venv/bin/python benchmarks/ledger_floor.py --rows 500000 --out /tmp/ledger_floor.sqlite
"""
import argparse
import hashlib
import os
import resource
import sqlite3

import numpy as np
import pandas as pd


def cpu_seconds():
    """User + system CPU seconds of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def entries_like(rows, seed=1):
    """A frame of ``rows`` rows: 14 few-valued text columns, 14 real columns, a unique id and a hex digest."""
    rng = np.random.default_rng(seed)
    columns = {f"text_{i}": rng.choice([f"text_value_{k}" for k in range(50)], rows) for i in range(14)}
    columns.update({f"real_{i}": rng.random(rows) for i in range(14)})
    columns["entry_id"] = [f"baseline/D01/B{i:07d}/P{i % 13}/source/residential/electricity/factor_x"
                           for i in range(rows)]
    columns["fingerprint"] = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(rows)]
    return pd.DataFrame(columns)


def per_row_us(seconds, rows):
    return seconds / rows * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--out", default="/tmp/ledger_floor.sqlite")
    options = parser.parse_args()
    frame, rows = entries_like(options.rows), options.rows
    if os.path.exists(options.out):
        os.remove(options.out)
    connection = sqlite3.connect(options.out)
    names = list(frame.columns)
    connection.execute(f"CREATE TABLE entries (fid INTEGER PRIMARY KEY, "
                       f"{', '.join(n + (' TEXT UNIQUE' if n == 'entry_id' else '') for n in names)})")
    records = list(zip(*[frame[c].tolist() for c in names], strict=True))
    figures = {}
    start = cpu_seconds()
    connection.executemany(f"INSERT INTO entries ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                           records)
    connection.commit()
    figures["insert (executemany, unique text key)"] = cpu_seconds() - start
    start = cpu_seconds()
    pd.read_sql_query("SELECT * FROM entries", connection)
    figures["read every column (pandas.read_sql_query)"] = cpu_seconds() - start
    start = cpu_seconds()
    connection.execute("SELECT fid, real_1, real_2 FROM entries").fetchall()
    figures["read three columns (fetchall)"] = cpu_seconds() - start
    rng = np.random.default_rng(2)
    changes = list(zip(rng.random(rows).tolist(), rng.random(rows).tolist(), range(1, rows + 1), strict=True))
    start = cpu_seconds()
    connection.executemany("UPDATE entries SET real_1 = ?, real_2 = ? WHERE fid = ?", changes)
    connection.commit()
    figures["update two columns by fid"] = cpu_seconds() - start
    start = cpu_seconds()
    lines = ["\x1f".join(map(str, record)) for record in records]
    figures["spell a row as one text (str join)"] = cpu_seconds() - start
    start = cpu_seconds()
    for line in lines:
        hashlib.sha256(line.encode("utf-8")).hexdigest()
    figures[f"SHA-256 of a {np.mean([len(line) for line in lines]):.0f}-character line"] = cpu_seconds() - start
    connection.close()
    os.remove(options.out)
    load = os.getloadavg()[0]
    print(f"{rows:,} rows, load average {load:.1f}")
    for name, seconds in figures.items():
        print(f"{name:50s} {per_row_us(seconds, rows):6.2f} us per row")


if __name__ == "__main__":
    main()
