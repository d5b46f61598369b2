"""The vocabulary of model specs: each model declares its id, inputs and outputs once.

A ModelSpec is read by every front end: the Processing algorithm builds its parameters from it
(``processing_provider/parameters.py``), the command line its options (``cli/options.py``) and
``scripts/parameter_tables.py`` the tables of ``docs/parameters.md``. Input ids are the public
parameter names (upper case, as in Processing); their order is the order of the parameters.
"""
from dataclasses import dataclass

from .errors import LedgerInputError
from .messages import tr

GROUPS = {
    "tape_measure": "Tape measure",
    "scale": "Scale",
    "chessboard": "Chessboard",
    "green_space": "Green space",
    "reports": "Reports",
}
"""Group id -> display name (translated by the front ends)."""

LEDGER = "LEDGER"
"""Id of the ledger GeoPackage input of every model."""


@dataclass(frozen=True)
class Input:
    """One input of a model: ``id`` (the public parameter name), ``label`` (one line, shown in forms)."""

    id: str
    label: str
    optional: bool = False
    default: object = None

    KIND = "value"

    def describe(self):
        """Type as one phrase for the documentation, e.g. 'integer' or 'raster'."""
        return self.KIND

    def allowed(self):
        """Allowed values or range as one phrase for the documentation ('' if anything of the type)."""
        return ""


@dataclass(frozen=True)
class FileInput(Input):
    """An existing file: ``extension`` (one, without dot) or ``file_filter`` ('Name (*.a *.b)');
    ``folder`` for an existing folder instead."""

    extension: str = ""
    file_filter: str = ""
    folder: bool = False

    KIND = "file"

    def describe(self):
        if self.folder:
            return "folder"
        return f"file (.{self.extension})" if self.extension else f"file ({self.file_filter})" if self.file_filter \
            else "file"


@dataclass(frozen=True)
class RasterInput(Input):
    """A raster layer or file."""

    KIND = "raster"


GEOMETRIES = ("any", "point", "line", "polygon")
"""Geometry types a VectorInput may require ('any' includes tables without geometry)."""


@dataclass(frozen=True)
class VectorInput(Input):
    """A vector layer or table (``geometry`` one of GEOMETRIES; 'any' takes CSV tables too)."""

    geometry: str = "any"

    KIND = "vector"

    def describe(self):
        return "table or vector layer" if self.geometry == "any" else f"vector layer ({self.geometry})"


@dataclass(frozen=True)
class FieldInput(Input):
    """A field name of the vector input ``parent`` (``numeric`` fields only if set)."""

    parent: str = ""
    numeric: bool = False

    KIND = "field"

    def describe(self):
        return f"{'numeric ' if self.numeric else ''}field of {self.parent}"


@dataclass(frozen=True)
class BandInput(Input):
    """A band number (1-based) of the raster input ``parent``."""

    parent: str = ""

    KIND = "band"

    def describe(self):
        return f"band of {self.parent}"


@dataclass(frozen=True)
class NumberInput(Input):
    """A number in ``unit``, ``integer`` or real, within [minimum, maximum] (None: unbounded)."""

    unit: str = ""
    integer: bool = False
    minimum: float = None
    maximum: float = None

    KIND = "number"

    def describe(self):
        kind = "integer" if self.integer else "number"
        return f"{kind} ({self.unit})" if self.unit else kind

    def allowed(self):
        low, high = (None if bound is None else f"{bound:.0f}" if float(bound).is_integer() else f"{bound:g}"
                     for bound in (self.minimum, self.maximum))
        if low is None and high is None:
            return ""
        if high is None:
            return f">= {low}"
        if low is None:
            return f"<= {high}"
        return f"{low} .. {high}"


@dataclass(frozen=True)
class EnumInput(Input):
    """One (or, with ``multiple``, several) of ``options``, in this order; ``by_name``: the value is
    the option's name (else its index, and ``default`` is an index)."""

    options: tuple = ()
    multiple: bool = False
    by_name: bool = True

    KIND = "choice"

    def describe(self):
        return "choices" if self.multiple else "choice"

    def allowed(self):
        shown = ", ".join(self.options) if self.by_name else ", ".join(
            f"{index} {option}" for index, option in enumerate(self.options))
        if self.multiple:
            return tr("any of {options}").format(options=shown)
        return tr("one of {options}").format(options=shown)

    def resolve(self, value):
        """The option name (a list of names with ``multiple``) that ``value`` stands for: an option's
        name or its index (0-based, as int or digits), whichever ``by_name`` says is canonical, so
        scripts may pass either (qgis_process METHOD=approach1 or METHOD=0). Several options come as
        a list or comma-separated text. None or '' gives the default (as names). Raises
        LedgerInputError naming this input for anything else."""
        if value is None or value == "" or value == []:
            value = self.default
        if self.multiple:
            items = value.split(",") if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) \
                else [value]
            return [self._option(item) for item in items if str(item).strip()]
        return self._option(value)

    def _option(self, value):
        """One option's name from its name or index."""
        text = str(value).strip()
        if text in self.options:
            return text
        if text.isdigit() and int(text) < len(self.options):
            return self.options[int(text)]
        raise LedgerInputError(tr("{parameter}: {value!r} is not {allowed} (by name or number)").format(
            parameter=self.id, value=value, allowed=self.allowed()))


@dataclass(frozen=True)
class StringInput(Input):
    """A text."""

    KIND = "text"


@dataclass(frozen=True)
class CrsInput(Input):
    """A coordinate reference system (authority id such as EPSG:4547)."""

    KIND = "CRS"


@dataclass(frozen=True)
class ExtentInput(Input):
    """A rectangle (Processing: any CRS, taken in lon/lat; command line: west,south,east,north in degrees)."""

    KIND = "extent"


@dataclass(frozen=True)
class FileDestination(Input):
    """A file the model writes (``file_filter``: 'Name (*.a);;Other (*.b)')."""

    file_filter: str = ""

    KIND = "file to write"

    def describe(self):
        return f"file to write ({self.file_filter.replace(';;', ', ')})"


@dataclass(frozen=True)
class FolderDestination(Input):
    """A folder the model writes into (``create_by_default``: made even when not asked for)."""

    create_by_default: bool = True

    KIND = "folder to write"


@dataclass(frozen=True)
class TableDestination(Input):
    """A layer or table the model writes (``geometry`` one of GEOMETRIES; 'any' for a table)."""

    geometry: str = "any"
    create_by_default: bool = True

    KIND = "layer to write"

    def describe(self):
        return "table to write" if self.geometry == "any" else f"{self.geometry} layer to write"


@dataclass(frozen=True)
class Output:
    """One result of a model: ``kind`` 'number', 'text', 'file' or 'html'; ``fill``: (name, value)
    pairs put into the {name} fields of ``label`` after it is translated."""

    id: str
    label: str
    kind: str = "number"
    fill: tuple = ()

    def shown(self, translate=str):
        """The label as shown: ``translate`` (the front end's tr) of the template, then filled."""
        return translate(self.label).format(**dict(self.fill))


@dataclass(frozen=True)
class ModelSpec:
    """A model: ``id`` (Processing name, without provider), ``name`` (display name), ``group`` (a
    GROUPS key), ``help`` (the help text), ``inputs`` and ``outputs`` (tuples, in order)."""

    id: str
    name: str
    group: str
    help: str
    inputs: tuple
    outputs: tuple = ()

    def __post_init__(self):
        if self.group not in GROUPS:
            raise ValueError(f"{self.id}: unknown group {self.group!r}")
        ids = [item.id for item in self.inputs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: an input id is declared twice")

    def input(self, input_id):
        """The input ``input_id`` (KeyError if the model has none of that id)."""
        for item in self.inputs:
            if item.id == input_id:
                return item
        raise KeyError(f"{self.id} has no input {input_id}")


def ledger_input(label="Ledger GeoPackage"):
    """The LEDGER input of a model that reads and writes an existing ledger (.gpkg)."""
    return FileInput(LEDGER, label, extension="gpkg")



LANGUAGE_OPTIONS = ("auto", "en", "zh")
"""Languages of the reports and maps; 'auto' follows the QGIS user locale."""


def language_input():
    """The LANGUAGE input of a model that writes texts for readers (reports, atlas)."""
    return EnumInput("LANGUAGE", "Language of the texts (auto: the language QGIS runs in)", default="auto",
                     options=LANGUAGE_OPTIONS)
