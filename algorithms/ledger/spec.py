"""Model spec of carbonledger:createledger (inputs, outputs and help, declared once)."""
from ..core.spec import LEDGER, CrsInput, FileDestination, ModelSpec, Output

CREATE_LEDGER = ModelSpec(
    id="createledger",
    name="Create or upgrade ledger",
    group="reports",
    help=(
        "Creates the ledger GeoPackage that every Urban Carbon Ledger algorithm reads and writes: the "
        "units (polygons) and links (lines) layers and the entries, factors, runs, scenarios, edits, stocks "
        "and unit_stats tables. The CRS must be projected (metres), because areas (m2) and lengths (m) are "
        "accounted; a geographic CRS is refused. An existing ledger is upgraded in place: missing layers, "
        "tables and columns are added, data and CRS are kept.\n\n"
        "LEDGER: the .gpkg file to create or upgrade.\n"
        "CRS: projected CRS of a new ledger, e.g. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).\n"
        "Outputs: UNITS, LINKS, ENTRIES counts and SUMMARY (JSON)."
    ),
    inputs=(
        FileDestination(LEDGER, "Ledger GeoPackage", file_filter="GeoPackage (*.gpkg)"),
        CrsInput("CRS", "Projected CRS of a new ledger (metres)", default="EPSG:4547"),
    ),
    outputs=(
        Output("UNITS", "Units in the ledger"),
        Output("LINKS", "Road links in the ledger"),
        Output("ENTRIES", "Entries in the ledger"),
        Output("SUMMARY", "What the ledger holds (JSON)", "text"),
    ),
)
"""carbonledger:createledger: a new ledger, or an old one upgraded in place."""
