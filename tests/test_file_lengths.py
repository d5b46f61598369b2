"""House rule: small modules. No Python file of the repository is over MAX_LINES lines."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_LINES = 450
SKIPPED_FOLDERS = {".git", ".venv", "build", "dist", "__pycache__"}


def line_counts():
    """{path relative to the repository: lines} of every Python file of the repository."""
    counts = {}
    for folder, folders, names in os.walk(ROOT):
        folders[:] = [f for f in folders if f not in SKIPPED_FOLDERS]
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    counts[os.path.relpath(path, ROOT)] = sum(1 for _ in handle)
    return counts


def test_no_python_file_over_the_limit():
    counts = line_counts()
    assert os.path.join("algorithms", "units", "zonal.py") in counts  # the walk sees the package
    too_long = {path: n for path, n in counts.items() if n > MAX_LINES}
    assert too_long == {}

