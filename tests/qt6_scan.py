"""What QGIS's PyQt5-to-PyQt6 migration script (QGIS/scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py) would
rewrite in a file, found statically with the running QGIS's bindings: unscoped enum values
(`QgsWkbTypes.NoGeometry` for `QgsWkbTypes.Type.NoGeometry`), `QVariant` types and `QVariant()`
values, `PyQt5` imports, `exec_`, `qApp`, the enum names Qt 6 removed, the 8-argument `QDateTime`
and `QDateTime(QDate)` constructors, plus the Qt5-only matplotlib backend. Each finding is
(line, text)."""
import ast
import enum
import importlib

QT_MODULE_PREFIXES = ("qgis.core", "qgis.gui", "qgis.analysis", "qgis.PyQt.", "qgis._3d")
# Qt 5 enum names that Qt 6 removed (the migration script's table of renamed enums).
REMOVED_ENUMS = {("Qt", "MidButton"), ("Qt", "TextColorRole"), ("Qt", "BackgroundColorRole"),
                 ("QPainter", "HighQualityAntialiasing")}
QT5_ONLY_MODULES = ("PyQt5", "matplotlib.backends.backend_qt5agg", "matplotlib.backends.backend_qt5")


def is_enum_value(value):
    """True for a member of a sip enum (PyQt5 and QGIS's sip classes) or of a Python enum."""
    return isinstance(value, enum.Enum) or type(type(value)).__name__ in ("enumtype", "EnumType")


def imported_classes(tree):
    """{local name: object} of the names a module imports from QGIS or qgis.PyQt."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(QT_MODULE_PREFIXES):
            module = importlib.import_module(node.module)
            for alias in node.names:
                if hasattr(module, alias.name):
                    found[alias.asname or alias.name] = getattr(module, alias.name)
    return found


def unscoped_enum(classes, node):
    """'Class.Enum.Value' when ``node`` is `Class.Value` and Value is an enum value reached
    through its class instead of its enum; else None."""
    if not (isinstance(node.value, ast.Name) and node.value.id in classes):
        return None
    owner = classes[node.value.id]
    value = getattr(owner, node.attr, None)
    if not isinstance(owner, type) or not is_enum_value(value) or type(value) is owner:
        return None
    return f"{node.value.id}.{type(value).__name__}.{node.attr}"


def qt5_only_import(node):
    """The Qt5-only module an import statement names, or None."""
    if isinstance(node, ast.ImportFrom):
        names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
    elif isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        return None
    return next((n for n in names if n.split(".")[0] == "PyQt5" or n in QT5_ONLY_MODULES), None)


def call_finding(node):
    """What the migration script rewrites in a call: exec_(), QVariant() and QDateTime forms."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "exec_":
        return "exec_() (exec() in Qt 6)"
    if isinstance(func, ast.Name) and func.id == "QVariant" and len(node.args) <= 1:
        return "QVariant() as a null value (NULL)"
    if isinstance(func, ast.Name) and func.id == "QDateTime":
        first = node.args[0] if node.args else None
        if len(node.args) == 8 or (len(node.args) == 1 and isinstance(first, ast.Call)
                                   and isinstance(first.func, ast.Name) and first.func.id == "QDate"):
            return "QDateTime constructor Qt 6 removed"
    return None


def attribute_finding(classes, node):
    """What the migration script rewrites in an attribute: QVariant types, qApp, enums."""
    if isinstance(node.value, ast.Name):
        if node.value.id == "QVariant":
            return f"QVariant.{node.attr} (QMetaType.Type in Qt 6)"
        if node.value.id == "qApp":
            return "qApp (QApplication.instance())"
        if (node.value.id, node.attr) in REMOVED_ENUMS:
            return f"{node.value.id}.{node.attr} (removed in Qt 6)"
    scoped = unscoped_enum(classes, node)
    return f"unscoped enum {node.value.id}.{node.attr} ({scoped})" if scoped else None


def findings(source):
    """[(line, what)] the migration script would rewrite in Python ``source``."""
    tree = ast.parse(source)
    classes = imported_classes(tree)
    found = []
    for parent in ast.walk(tree):
        for node in ast.iter_child_nodes(parent):
            what = None
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = qt5_only_import(node)
                what = f"import of {module}" if module else None
            elif isinstance(node, ast.FunctionDef) and node.name == "exec_":
                what = "def exec_ (exec in Qt 6)"
            elif isinstance(node, ast.Call):
                what = call_finding(node)
            elif isinstance(node, ast.Attribute) and not isinstance(parent, ast.Attribute):
                what = attribute_finding(classes, node)
            if what:
                found.append((node.lineno, what))
    return sorted(found)
