"""Command line: an OpenStreetMap extract as the four layers carbonledger:segmentunits takes
(``algorithms/units/osm_import.py``), without QGIS.

    python -m urban_carbon_ledger.cli.importosm --input city.osm.pbf --output city_layers.gpkg \\
        [--extent 114.25,30.52,114.32,30.58] [--crs EPSG:32650] [--admin-level 6] [--default-floors 3]

The options are made from the model's spec (docs/parameters.md, importosm); --extent is
west,south,east,north in degrees (lon/lat). Prints the notes (values no table maps, with their
counts) and the features per layer.
"""
import argparse
import sys

from ..algorithms.core.errors import LedgerInputError
from ..algorithms.core.progress import Progress
from ..algorithms.units import osm_import
from ..algorithms.units.spec import IMPORT_OSM, OSM_COUNTS
from .options import add_model_options


def parse_extent(text):
    """'west,south,east,north' (degrees) -> tuple of 4 floats; refused unless west < east, south < north."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"EXTENT must be west,south,east,north in degrees, not {text}") from None
    if not (west < east and south < north):
        raise argparse.ArgumentTypeError(f"EXTENT {text}: west must be below east and south below north")
    return west, south, east, north


parse_extent.__name__ = "west,south,east,north"


def _parser():
    parser = argparse.ArgumentParser(prog="python -m urban_carbon_ledger.cli.importosm",
                                     description=IMPORT_OSM.name)
    add_model_options(parser, IMPORT_OSM, INPUT={"required": True}, OUTPUT={"required": True},
                      EXTENT={"type": parse_extent})
    parser.add_argument("--quiet", action="store_true", help="print the counts only")
    return parser


def main(argv=None):
    arguments = _parser().parse_args(argv)
    progress = Progress() if arguments.quiet else Progress(log=print)
    try:
        layers = osm_import.import_osm(arguments.INPUT, arguments.EXTENT, arguments.CRS or None,
                                       arguments.ADMIN_LEVEL or None, arguments.DEFAULT_FLOORS, progress)
    except LedgerInputError as error:
        sys.exit(f"error: {error}")
    for note in layers.notes:
        progress.log(note)
    osm_import.write_layers(layers, arguments.OUTPUT)
    counts = ", ".join(f"{len(getattr(layers, layer))} {layer}" for layer in OSM_COUNTS.values())
    print(f"{arguments.OUTPUT} ({layers.crs}): {counts}")


if __name__ == "__main__":
    main()
