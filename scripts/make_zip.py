"""Build the plugin ZIP for QGIS's 'Install from ZIP': one top folder `urban_carbon_ledger`,
the tracked plugin files only (no tests, benchmarks, scripts, CI or development files)."""
import argparse
import os
import subprocess
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = "urban_carbon_ledger"
EXCLUDED_PREFIXES = ("tests/", "benchmarks/", "scripts/", ".ci/", "docs/", ".")
EXCLUDED_FILES = {"Makefile", "requirements.txt", "CONTRIBUTING.md", "pytest.ini", "ruff.toml"}


def plugin_files():
    """Tracked files that belong in the installed plugin, relative to the repository root."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sorted(
        path for path in listed.splitlines()
        if not path.startswith(EXCLUDED_PREFIXES) and path not in EXCLUDED_FILES
        and os.path.isfile(os.path.join(ROOT, path))
    )


def build(out):
    """Write the ZIP to ``out`` and return the number of files in it."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    files = plugin_files()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(os.path.join(ROOT, path), f"{FOLDER}/{path}")
    return len(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(ROOT, "dist", f"{FOLDER}.zip"))
    out = parser.parse_args().out
    print(f"{out}: {build(out)} files")


if __name__ == "__main__":
    main()
