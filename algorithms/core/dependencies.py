"""The Python packages the plugin needs, checked when it loads (never at import).

``resources/dependencies.csv`` lists each package with its minimum version, what needs it (``all``:
every tool, since the ledger itself reads and writes through it; otherwise the algorithm ids, space
separated) and how to install it on Debian, OSGeo4W (Windows) and macOS.
"""
import csv
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys

from .messages import joined, tr
from .resources import resource_path

EVERY_TOOL = "all"


def requirements(path=None):
    """The requirement rows (dicts with the CSV's columns) of ``path`` or the shipped table."""
    with open(path or resource_path("dependencies.csv"), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def installed_version(requirement):
    """Version of the requirement's package as importable here, or None when it cannot be imported.

    Read from the package's metadata in the folder an import would load it from, without importing it
    (importing them all cost about 1 CPU s at every start of qgis_process); only a package without
    metadata there is imported for its ``__version__``.
    """
    try:
        spec = importlib.util.find_spec(requirement["module"])
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    location = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin
    for distribution in importlib.metadata.distributions(name=requirement["package"],
                                                        path=[os.path.dirname(location or "")]):
        return distribution.version
    try:
        module = importlib.import_module(requirement["module"])
    except ImportError:
        return None
    version = getattr(module, "__version__", None)
    return version if version else importlib.metadata.version(requirement["package"])


def _release(version):
    """(major, minor, patch, ...) of a version string, digits only ('2.0.7' -> (2, 0, 7), '1.8.5rc1' -> (1, 8, 5))."""
    return tuple(int(re.match(r"\d+", part).group()) for part in version.split(".") if re.match(r"\d+", part))


def platform_key():
    """The install-hint column for this platform: osgeo4w (Windows), macos or debian (Linux)."""
    return {"win32": "osgeo4w", "darwin": "macos"}.get(sys.platform, "debian")


def unmet(algorithm_id=None, table=None):
    """Requirements not met here, as dicts with package, minimum, found (None: missing), needed_by and
    hint (the install step for this platform). With ``algorithm_id``, only those that algorithm needs."""
    missing = []
    for requirement in table if table is not None else requirements():
        users = requirement["needed_by"].split()
        if algorithm_id is not None and EVERY_TOOL not in users and algorithm_id not in users:
            continue
        found = installed_version(requirement)
        if found is None or _release(found) < _release(requirement["minimum"]):
            missing.append({"package": requirement["package"], "minimum": requirement["minimum"], "found": found,
                            "needed_by": requirement["needed_by"], "hint": requirement[platform_key()]})
    return missing


def every_tool_needs(missing):
    """The ones of ``missing`` without which no tool of the plugin can run."""
    return [row for row in missing if EVERY_TOOL in row["needed_by"].split()]


def describe(missing):
    """One line per unmet requirement: what is needed, what was found, and how to install it (a ``messages.tr``
    message, its lines messages too, so that a front end can say it translated)."""
    lines = []
    for row in missing:
        found = tr("found {version}").format(version=row["found"]) if row["found"] else tr("not installed")
        users = tr("every tool") if EVERY_TOOL in row["needed_by"].split() else row["needed_by"]
        line = tr("{package} >= {minimum} ({found}; needed by {users}): {hint}").format(
            package=row["package"], minimum=row["minimum"], found=found, users=users, hint=row["hint"])
        lines.append(line)
    return joined(lines, tr("{earlier}\n{later}")) if lines else ""
