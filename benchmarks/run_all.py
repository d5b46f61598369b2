"""Run every benchmark (``benchmarks/bench_*.py``) and record its figures in ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run_all.py --size small        # make bench: a few minutes
    .venv/bin/python benchmarks/run_all.py --size large        # make bench SIZE=large: 1,000,000 parcels
    .venv/bin/python benchmarks/run_all.py --only bench_sources,bench_scale_out --no-write

Convention: a benchmark prints one line per figure,
``RESULT name=<figure> seconds=<s> peak_mb=<MB> [units=<n>] [peer=<name> peer_seconds=<s>
peer_peak_mb=<MB>] [key=value ...]`` (values without spaces), where the peer is measured in the
same run on the same data. Each benchmark runs in its own process under a small wrapper that
reports the wall time and the peak resident memory of the largest process of its tree
(``getrusage(RUSAGE_CHILDREN)``), so that a benchmark without RESULT lines still gets a row.
A benchmark found in the folder but missing from ``ARGUMENTS`` is run with ``--size small|large``.

The section of RESULTS.md for the size run (between ``<!-- run_all:SIZE -->`` markers) is
replaced with the date, machine, commit and the table; everything else in the file is kept.
"""
import argparse
import datetime
import glob
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "RESULTS.md")
SCRATCH = os.path.join(tempfile.gettempdir(), "ucl_bench")
ARGUMENTS = {  # module: (small, large)
    "bench_sources": (["--buildings", "60000", "--links", "18000"], ["--buildings", "1000000", "--links", "300000"]),
    "bench_zonal": (["--parcels", "20000", "--pixels", "3000", "--out", f"{SCRATCH}/zonal"],
                    ["--parcels", "1000000", "--pixels", "10000", "--out", f"{SCRATCH}/zonal"]),
    "bench_montecarlo": (["100000", "200"], ["1000000", "1000"]),
    "bench_scenario_edit": (["20000"], ["1000000"]),
    "bench_segmentation": (["--parcels", "10000", "--pixels", "3000", "--out", f"{SCRATCH}/segmentation"],
                           ["--parcels", "1000000", "--out", f"{SCRATCH}/segmentation"]),
    "bench_scale_out": (["--sizes", "10000,30000"], ["--sizes", "10000,100000,1000000"]),
    "bench_docks": (["--units", "100000"], ["--units", "1000000"]),
    "bench_city": (["--parcels", "5000", "--out", f"{SCRATCH}/city"],
                   ["--parcels", "1000000", "--pixels", "10000", "--out", f"{SCRATCH}/city"]),
}
ORDER = ("bench_sources", "bench_zonal", "bench_montecarlo", "bench_scenario_edit", "bench_segmentation",
         "bench_scale_out", "bench_docks", "bench_city")
TIMEOUT = {"small": 900, "large": 7200}
"""Seconds allowed to one benchmark."""
COLUMNS = ("name", "units", "seconds", "peak_mb", "worker_peak_mb", "peer", "peer_seconds", "peer_peak_mb")
RESULT = re.compile(r"^RESULT\s+(.*)$")


def parse_results(text):
    """RESULT lines of a benchmark's output -> list of {key: value} (strings)."""
    rows = []
    for line in text.splitlines():
        match = RESULT.match(line.strip())
        if match:
            rows.append(dict(pair.split("=", 1) for pair in match.group(1).split() if "=" in pair))
    return rows


def measured(command, timeout):
    """Run ``command`` in a wrapper process; (return code, output, wall s, peak MB of its largest process)."""
    wrapper = [sys.executable, os.path.abspath(__file__), "--measure", str(timeout), "--"] + command
    completed = subprocess.run(wrapper, capture_output=True, text=True, cwd=ROOT, env=_environment())
    output = completed.stdout + completed.stderr
    match = re.search(r"^MEASURED rc=(-?\d+) seconds=([\d.]+) peak_mb=([\d.]+)$", completed.stdout, re.M)
    if not match:
        return completed.returncode or 1, output, float("nan"), float("nan")
    return int(match.group(1)), output, float(match.group(2)), float(match.group(3))


def measure(timeout, command):
    """Wrapper side of ``measured``: run, echo the output, print the MEASURED line."""
    started = time.perf_counter()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        code, stdout, stderr = completed.returncode, completed.stdout, completed.stderr
    except subprocess.TimeoutExpired as expired:
        code, stdout, stderr = -9, _text(expired.stdout), _text(expired.stderr) + f"\ntimed out after {timeout} s"
    seconds = time.perf_counter() - started
    sys.stdout.write(stdout)
    sys.stderr.write(stderr[-5000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print(f"MEASURED rc={code} seconds={seconds:.2f} peak_mb={peak:.1f}")


def _text(data):
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")


def _environment():
    environment = dict(os.environ)
    plugins = os.path.join(ROOT, "build", "plugins")
    environment["PYTHONPATH"] = os.pathsep.join(p for p in (plugins, ROOT, environment.get("PYTHONPATH")) if p)
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment.setdefault("MPLBACKEND", "Agg")
    return environment


def machine():
    """One line: CPU model, cores, RAM, OS, Python and library versions, load average at start."""
    model = "unknown CPU"
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        model = names[0] if names else model
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    versions = []
    for module in ("numpy", "pandas", "geopandas", "shapely", "dask", "distributed"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            pass
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, {ram:.1f} GiB RAM; {platform.platform(terse=True)}; "
            f"Python {platform.python_version()}, {', '.join(versions)}; load average at start {load} "
            "(shared machine)")


def commit():
    completed = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return completed.stdout.strip() or "unknown"


def cell(value, key):
    if value is None or value == "":
        return ""
    if key in ("seconds", "peer_seconds"):
        return f"{float(value):,.2f}"
    if key in ("peak_mb", "worker_peak_mb", "peer_peak_mb"):
        return f"{float(value):,.0f}"
    if key == "units" and value.isdigit():
        return f"{int(value):,}"
    return value


def section(size, started, rows, processes):
    """Markdown of one run: header, machine, figure table, process table."""
    lines = [f"<!-- run_all:{size} -->",
             f"## `make bench SIZE={size}`, {started:%Y-%m-%d %H:%M} UTC, commit {commit()}", "",
             f"Machine: {machine()}.", "",
             "| benchmark | figure | units | seconds | peak MB | worker peak MB | peer | peer seconds | peer peak MB "
             "| other |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for bench, row in rows:
        other = " ".join(f"{k}={v}" for k, v in row.items() if k not in COLUMNS)
        lines.append("| " + " | ".join([bench] + [cell(row.get(k), k) for k in COLUMNS] + [other]) + " |")
    lines += ["", "Whole benchmark processes (setup and peers included; peak = largest single process):", "",
              "| benchmark | arguments | exit | wall s | peak MB |", "|---|---|---|---|---|"]
    for bench, arguments, code, seconds, peak in processes:
        lines.append(f"| {bench} | `{' '.join(arguments)}` | {code} | {seconds:,.1f} | {peak:,.0f} |")
    lines.append(f"<!-- /run_all:{size} -->")
    return "\n".join(lines)


def write_results(size, text):
    """Replace (or append) the section of ``size`` in RESULTS.md."""
    old = open(RESULTS).read() if os.path.exists(RESULTS) else "# Benchmark results\n"
    pattern = re.compile(rf"<!-- run_all:{size} -->.*?<!-- /run_all:{size} -->", re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text + "\n"
    with open(RESULTS, "w") as handle:
        handle.write(new)


def benchmarks(only):
    found = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(HERE, "bench_*.py")))
    ordered = [b for b in ORDER if b in found] + [b for b in found if b not in ORDER]
    return [b for b in ordered if not only or b in only]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        return measure(int(sys.argv[2]), sys.argv[sys.argv.index("--") + 1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument("--only", default="", help="comma-separated benchmark modules (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    arguments = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    os.makedirs(SCRATCH, exist_ok=True)
    rows, processes, failed = [], [], []
    for bench in benchmarks(set(filter(None, arguments.only.split(",")))):
        small, large = ARGUMENTS.get(bench, (["--size", "small"], ["--size", "large"]))
        bench_arguments = small if arguments.size == "small" else large
        print(f"== {bench} {' '.join(bench_arguments)}", flush=True)
        code, output, seconds, peak = measured([sys.executable, "-m", f"benchmarks.{bench}"] + bench_arguments,
                                               TIMEOUT[arguments.size])
        print("\n".join(line for line in output.splitlines()
                        if "Warning" not in line and line.strip() and not line.startswith("MEASURED"))[-6000:],
              flush=True)
        results = parse_results(output)
        if code != 0:
            failed.append(bench)
        rows += [(bench, r) for r in results] or [(bench, {"name": "(no RESULT lines)"})]
        processes.append((bench, bench_arguments, code, seconds, peak))
    text = section(arguments.size, started, rows, processes)
    print(text)
    if not arguments.no_write:
        write_results(arguments.size, text)
        print(f"written: {RESULTS}")
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
