"""docs/parameters.md is generated from the model specs and up to date."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import parameter_tables  # noqa: E402


def test_parameters_md_is_generated_from_the_specs():
    with open(parameter_tables.PATH, encoding="utf-8") as handle:
        committed = handle.read()
    assert committed == parameter_tables.markdown(), "run: .venv/bin/python scripts/parameter_tables.py"


def test_every_algorithm_and_parameter_has_its_row():
    text = parameter_tables.markdown()
    for algorithm in parameter_tables.ALGORITHMS:
        section = text.split(f"## `carbonledger:{algorithm.SPEC.id}`")[1].split("\n## ")[0]
        assert algorithm.SPEC.help.split("\n")[0].replace("*", "\\*") in section
        rows = [line.split(" | ")[0] for line in section.splitlines() if line.startswith("| `")]
        expected = [f"| `{item.id}`" for item in algorithm.SPEC.inputs + algorithm.SPEC.outputs]
        assert rows == expected, algorithm.SPEC.id
    assert "| `--montecarlo` | `ITERATIONS` | `0` |" in text
    assert "| `--levels` | `LEVELS` | `parcel`, `segment` |" in text
