"""The house rules of the code, checked on the source text (README "Architecture")."""
import ast
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALGORITHMS = os.path.join(ROOT, "algorithms")
# each package may import only those listed before it (and itself)
LAYERS = ["core", "ledger", "units", "sources", "sinks", "greenspace", "scenarios", "mrv", "reports", "scale_out"]



def python_files(folder):
    for base, _dirs, names in os.walk(folder):
        for name in names:
            if name.endswith(".py"):
                yield os.path.join(base, name)


def imported_modules(path):
    """(absolute-within-plugin module, line) of every import in ``path``; relative ones resolved."""
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    package = rel[:-1]
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                names = [module + "." + alias.name for alias in node.names]
                yield module, names, node.lineno
            else:
                yield node.module, [node.module], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [alias.name], node.lineno


def test_algorithms_import_no_qgis_nor_qt():
    found = [(os.path.relpath(p, ROOT), line) for p in python_files(ALGORITHMS)
             for module, _names, line in imported_modules(p)
             if module and module.split(".")[0] in ("qgis", "PyQt5", "PyQt6", "processing")]
    assert not found


def test_algorithm_packages_import_only_the_layers_below():
    upward = []
    for path in python_files(ALGORITHMS):
        parts = os.path.relpath(path, ALGORITHMS).split(os.sep)
        if len(parts) == 1:
            continue
        own = parts[0]
        allowed = set(LAYERS[: LAYERS.index(own) + 1])
        for _module, names, line in imported_modules(path):
            for name in names:
                pieces = name.split(".")
                if pieces[0] == "algorithms" and len(pieces) > 1 and pieces[1] not in allowed:
                    upward.append((os.path.relpath(path, ROOT), line, name))
    assert not upward


def test_algorithms_is_packages_not_a_flat_list():
    flat = [n for n in os.listdir(ALGORITHMS) if n.endswith(".py") and n != "__init__.py"]
    assert not flat
    packages = [n for n in os.listdir(ALGORITHMS) if os.path.isdir(os.path.join(ALGORITHMS, n)) and n != "__pycache__"]
    assert sorted(packages) == sorted(LAYERS)


def test_processing_never_imports_the_desktop():
    found = [(os.path.relpath(p, ROOT), line, module)
             for p in python_files(os.path.join(ROOT, "processing_provider"))
             for module, names, line in imported_modules(p)
             if any(n.split(".")[0] == "ui" for n in names + [module or ""])]
    assert not found
