"""Collect the plugin's user-facing strings into resources/i18n/*.ts, keeping existing translations.

pylupdate5 cannot see our strings: the Processing wrappers take names, labels and help texts from
the model specs (``algorithms/*/spec.py``) and translate them at run time (``self.tr(spec.help)``), and
every ``tr`` of the plugin uses one context, "CarbonLedger" (``LedgerAlgorithm.tr``,
``CarbonLedgerProvider.tr``, ``ui/i18n.tr``), whatever the class. So the strings are collected
twice over, in context CarbonLedger:

- at run time: a recording QTranslator is installed and every algorithm of the provider is
  built and asked for its name, group, help, parameter and output labels; every source text
  that reaches ``translate`` is recorded (``runtime_strings``);
- from the sources with ``ast``, for strings shown only while running or in the docks: string
  literals passed to ``tr(...)``/``self.tr(...)``/``QCoreApplication.translate("CarbonLedger", ...)``,
  the values of the GROUPS dict;
- the names and descriptions of the measures library, its parameters' labels, descriptions and units (shown
  translated in the chessboard dock), and the quantities of the plausible ranges (named in refusals).

Existing translations are kept; new strings are marked unfinished; strings no longer in the
sources are dropped. Then ``lrelease`` compiles each .ts into its .qm
(scripts/update_translations.sh does both).
"""
import ast
import csv
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = "CarbonLedger"
SKIP = {".venv", "build", "tests", "scripts", "benchmarks", ".git", "out", "dist"}
DATA_COLUMNS = [("measures/measures.csv", ("name", "description")),
                ("measures/measure_parameters.csv", ("label", "description", "unit")),
                ("plausible_ranges.csv", ("description",)),
                ("sector_names.csv", ("name",))]
"""Shipped tables (under resources/) whose columns the front ends show translated."""


def _text(node):
    """The string value of a constant (implicitly concatenated literals are one Constant), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def strings_in_source(source):
    """Translatable strings of one Python source, in order of appearance."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name == "tr" and node.args:
                found.append((node.lineno, _text(node.args[0])))
            elif name == "translate" and len(node.args) >= 2 and _text(node.args[0]) == CONTEXT:
                found.append((node.lineno, _text(node.args[1])))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id == "GROUPS" and isinstance(node.value, ast.Dict):
                found.extend((node.lineno, _text(value)) for value in node.value.values)
    return [text for _, text in sorted(found, key=lambda item: item[0]) if text]


def runtime_strings():
    """Source texts the provider and its algorithms pass to ``translate`` (context CarbonLedger)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    class Recorder(QTranslator):
        def __init__(self):
            super().__init__()
            self.seen = []

        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt signature)
            if context == CONTEXT and source:
                self.seen.append(source)
            return ""

        def isEmpty(self):  # noqa: N802 (Qt name)
            return False

    application = QCoreApplication.instance() or QgsApplication([], False)
    recorder = Recorder()
    QCoreApplication.installTranslator(recorder)
    try:
        from urban_carbon_ledger.processing_provider.provider import ALGORITHMS, CarbonLedgerProvider

        provider = CarbonLedgerProvider()
        provider.name()
        provider.longName()
        for algorithm_class in ALGORITHMS:
            algorithm = algorithm_class()
            algorithm.initAlgorithm()
            algorithm.displayName()
            algorithm.group()
            algorithm.shortHelpString()
    finally:
        QCoreApplication.removeTranslator(recorder)
    del application
    return recorder.seen


def collect(with_runtime=True):
    """All translatable strings of the plugin, without repeats, in a stable order."""
    strings = runtime_strings() if with_runtime else []
    for folder, directories, files in os.walk(ROOT):
        directories[:] = sorted(d for d in directories if d not in SKIP)
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    strings.extend(strings_in_source(handle.read()))
    for table, columns in DATA_COLUMNS:
        path = os.path.join(ROOT, "resources", table)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    strings.extend(row[c] for c in columns if row.get(c))
    return list(dict.fromkeys(strings))


def read_ts(path):
    """{source: (translation, finished)} of an existing .ts file (empty if there is none)."""
    if not os.path.exists(path):
        return {}
    known = {}
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        known[message.findtext("source")] = (translation.text or "", translation.get("type") is None)
    return known


def write_ts(path, language, strings, known):
    """Write the .ts with ``strings``; known translations kept, others unfinished."""
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = 0
    for source in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not (finished and text):
            translation.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    with open(path, "wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        handle.write(ET.tostring(root, encoding="utf-8"))
        handle.write(b"\n")
    return missing


def main():
    strings = collect()
    folder = os.path.join(ROOT, "resources", "i18n")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".ts"):
            path = os.path.join(folder, name)
            language = ET.parse(path).getroot().get("language") or name.rsplit("_", 1)[-1][:-3]
            missing = write_ts(path, language, strings, read_ts(path))
            print(f"{name}: {len(strings)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
