"""Write docs/parameters.md from the model specs (``algorithms/*/spec.py``): per model its help text
(the one Processing shows), a table of its parameters and one of its outputs, and the options of the
command line that are model inputs. tests/test_parameter_tables.py checks the file is up to date.

    PYTHONPATH=build/plugins .venv/bin/python scripts/parameter_tables.py
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))

from urban_carbon_ledger.algorithms.core.spec import GROUPS, EnumInput  # noqa: E402
from urban_carbon_ledger.cli import scale  # noqa: E402
from urban_carbon_ledger.processing_provider.provider import ALGORITHMS  # noqa: E402

PATH = os.path.join(ROOT, "docs", "parameters.md")

HEADER = """# Parameters of the algorithms

Generated from the model specs (`algorithms/*/spec.py`) by `scripts/parameter_tables.py`; do not
edit by hand. The same specs make the Processing parameters (ids, labels, defaults, ranges,
option order), their help texts and the options of the command line, so the three agree.
Algorithm ids are `carbonledger:<id>`; parameter names are the ids in the tables.
"""


def _cell(text):
    """Text fit for a Markdown table cell ('|' and '*' escaped, no line breaks)."""
    return str(text).replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def _default(item):
    """The default of an input as shown in the tables ('' if none)."""
    if item.default is None or item.default == "":
        return ""
    if isinstance(item, EnumInput) and not item.by_name:
        return f"`{item.default}` ({item.options[item.default]})"
    if isinstance(item.default, tuple):
        return ", ".join(f"`{value}`" for value in item.default)
    return f"`{item.default}`"


def model_section(model):
    """One model: title, group, help text, parameters table, outputs table."""
    lines = [f"## `carbonledger:{model.id}`: {model.name}", "", f"Group: {GROUPS[model.group]}.", ""]
    lines += [part for line in model.help.split("\n") if line.strip() for part in (line.replace("*", "\\*"), "")]
    lines += ["| parameter | label | type | default | allowed | optional |", "|---|---|---|---|---|---|"]
    lines += [f"| `{item.id}` | {_cell(item.label)} | {_cell(item.describe())} | {_default(item)} | "
              f"{_cell(item.allowed())} | {'yes' if item.optional else ''} |" for item in model.inputs]
    if model.outputs:
        lines += ["", "| output | label | kind |", "|---|---|---|"]
        lines += [f"| `{item.id}` | {_cell(item.shown())} | {item.kind} |" for item in model.outputs]
    return "\n".join(lines) + "\n"


def command_line_section():
    """The options of ``cli/scale.py`` that are model inputs: option -> parameter name."""
    lines = ["## Command line: `python -m urban_carbon_ledger.cli.scale`", "",
             "Runs accountsources, accountsinks, serviceflows, indirectbenefits and the Monte Carlo of "
             "uncertainty on a Dask cluster (`--help` lists every option). These options are made from "
             "the parameters of the same name, with their defaults, choices and ranges:", "",
             "| option | parameter | default |", "|---|---|---|"]
    for action in scale._parser()._actions:
        if action.dest.isupper() and action.option_strings:
            default = "" if action.default in (None, "", []) else f"`{action.default}`"
            if isinstance(action.default, list):
                default = ", ".join(f"`{value}`" for value in action.default)
            lines.append(f"| `{action.option_strings[0]}` | `{action.dest}` | {default} |")
    return "\n".join(lines) + "\n"


def markdown():
    """The whole of docs/parameters.md."""
    return "\n".join([HEADER, command_line_section()] + [model_section(a.SPEC) for a in ALGORITHMS])


def main():
    with open(PATH, "w", encoding="utf-8") as handle:
        handle.write(markdown())
    print(PATH)


if __name__ == "__main__":
    main()
