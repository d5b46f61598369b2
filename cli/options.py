"""Model specs (``algorithms/core/spec.py``) -> argparse options, in one place.

An input becomes ``--id-in-lower-case`` (or the flag given), stored under the input's id, with
its type, choices, default and range from the spec, so the command line checks what the
Processing form checks. Several models sharing an input id (SCENARIO, YEAR) share one option.
"""
import argparse

from ..algorithms.core import spec
from ..algorithms.ledger.provenance import input_fingerprints

DATA = (spec.FileInput, spec.RasterInput, spec.VectorInput)
"""Input kinds that are data (paths), fingerprinted for the runs table rather than recorded as values."""


def flag(item):
    """The default option of input ``item``: --id in lower case, '_' as '-'."""
    return "--" + item.id.lower().replace("_", "-")


def _number(item):
    """argparse type of a NumberInput: int or float, refused outside [minimum, maximum]."""
    kind = int if item.integer else float

    def convert(text):
        value = kind(text)
        if (item.minimum is not None and value < item.minimum) or (item.maximum is not None and value > item.maximum):
            raise argparse.ArgumentTypeError(f"{item.id} must be {item.allowed()}, not {text}")
        return value

    convert.__name__ = "integer" if item.integer else "number"
    return convert


def _choices(item):
    """argparse type of a multiple EnumInput: comma-separated names -> list, each one of the options."""

    def convert(text):
        names = [name.strip() for name in text.split(",") if name.strip()]
        wrong = [name for name in names if name not in item.options]
        if wrong:
            raise argparse.ArgumentTypeError(f"{item.id}: {', '.join(wrong)} not {item.allowed()}")
        return names

    convert.__name__ = "comma-separated list"
    return convert


def add_option(parser, item, option=None, note="", **overrides):
    """Add the option of spec input ``item`` to ``parser`` (a parser or argument group).

    option: the flag if not ``flag(item)``; note: text after the spec's label in the help;
    overrides: argparse keywords where the command differs from the form (e.g. required=True).
    """
    keywords = {"dest": item.id, "default": item.default, "metavar": item.id}
    if isinstance(item, spec.NumberInput):
        keywords["type"] = _number(item)
    elif isinstance(item, spec.EnumInput) and item.multiple:
        keywords.update(type=_choices(item), default=list(item.default or ()))
    elif isinstance(item, spec.EnumInput):
        keywords.update(choices=item.options, metavar=None)
    keywords.update(overrides)
    checked = "type" not in overrides and "choices" not in overrides
    keywords["help"] = _help(item, note, checked, keywords["default"] not in (None, "", []))
    parser.add_argument(option or flag(item), **keywords)


def _help(item, note, checked, has_default):
    """Help of an option: the spec's label, ``note``, the allowed values if ``checked``, the default."""
    allowed = item.allowed() if checked else ""
    text = " ".join(part for part in (f"{item.label}.", note, allowed and f"{allowed[0].upper()}{allowed[1:]}.")
                    if part)
    return f"{text} (default: %(default)s)" if has_default else text


def add_model_options(parser, model, *ids, **options):
    """Options of the inputs ``ids`` of ``model`` (all but LEDGER if none given), each by add_option;
    ``options``: {input id: dict of add_option keywords} for those that differ."""
    for item in model.inputs:
        if (item.id in ids) if ids else item.id != spec.LEDGER:
            add_option(parser, item, **options.get(item.id, {}))


def run_values(arguments, model):
    """{input id: value} of the options of ``model`` given on the command line, data inputs aside."""
    return {item.id: getattr(arguments, item.id) for item in model.inputs
            if hasattr(arguments, item.id) and not isinstance(item, DATA)}


def run_fingerprints(arguments, model):
    """{input id: SHA-256} of the data inputs of ``model`` given on the command line (its files)."""
    return input_fingerprints({item.id: getattr(arguments, item.id) for item in model.inputs
                               if hasattr(arguments, item.id) and isinstance(item, DATA)})
