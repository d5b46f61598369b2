"""Benchmark: what sealing a run costs on a large ledger, beside verifyledger's check of the seals (issue 22).

On a copy of LEDGER (migrated first; the file itself is never written), three runs commit in turn, each
writing ROWS entries in a different way: appending copies of an entry, rewriting their interval (update and
refingerprint) and deleting them. Each prints the CPU of its seal (``seals.sealed``, timed around the call)
and of the whole commit; then the seal part of verification (``seals.chain_record`` and
``seal_checks.chain_problems``: every row hashed once) and its broken links (0 expected).

Before schema 7 every seal re-read the whole ledger: at 100,000 parcels (942,302 entries, 771,648 units)
11.3 s of CPU per commit, however little the run wrote (benchmarks/RESULTS.md).
Run: ``PYTHONPATH=build/plugins .venv/bin/python -m benchmarks.bench_seal LEDGER [ROWS] [FOLDER]``.
"""
import contextlib
import os
import shutil
import sys
import tempfile
import time

import pandas as pd

from urban_carbon_ledger.algorithms.ledger import migrations, seals
from urban_carbon_ledger.algorithms.mrv import seal_checks


def timed_seals():
    """Wrap seals.sealed so that each call's CPU seconds are appended to the list returned."""
    original, spent = seals.sealed, []

    def sealed(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.process_time() - start)

    seals.sealed = sealed
    return spent


def commit(ledger, name, write, spent):
    """Run ``write(writer)`` in one transaction; print its seal's and its whole CPU seconds."""
    start = time.process_time()
    with ledger.transaction(f"bench:{name}") as writer:
        write(writer)
    print(f"{name:28s} commit {time.process_time() - start:7.2f} s CPU, seal {spent[-1]:6.2f} s CPU", flush=True)


def main(path, rows=10_000, folder=None):
    """Seal three runs of ``rows`` entries each on a copy of the ledger at ``path``, then check the seals."""
    with contextlib.ExitStack() as stack:
        folder = folder or stack.enter_context(tempfile.TemporaryDirectory())
        work = shutil.copyfile(path, os.path.join(folder, "bench_seal.gpkg"))
        start = time.process_time()
        print(f"migrated to {migrations.migrate(work)} in {time.process_time() - start:.1f} s CPU", flush=True)
        ledger = migrations.open_ledger(work)
        spent = timed_seals()
        first = ledger.read_table("entries", match={"fid": 1})
        ids = [f"bench-{i}" for i in range(rows)]

        def append(writer):
            writer.append_rows("entries", pd.concat([first] * rows, ignore_index=True).assign(
                entry_id=ids, run_id=writer.run_id))

        commit(ledger, f"append {rows:,} entries", append, spent)
        commit(ledger, f"rewrite {rows:,} intervals", lambda writer: writer.update_columns(
            "entries", pd.DataFrame({"entry_id": ids, "high_t": first["high_t"].iloc[0] * 1.01}), key="entry_id"),
            spent)
        commit(ledger, f"delete {rows:,} entries", lambda writer: writer.delete_rows("entries", {"entry_id": ids}),
               spent)
        start = time.process_time()
        broken = seal_checks.chain_problems(*seals.chain_record(ledger))
        print(f"verify the seals: {time.process_time() - start:.1f} s CPU, {len(broken)} broken links", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]), *sys.argv[3:4])
