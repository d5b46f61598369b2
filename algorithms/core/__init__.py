"""Foundation under every tool: the input error that names layer, field and row (``errors``),
progress and cancel (``progress``), plugin and algorithm versions (``version``), the one locator of
``resources/`` (``resources``) and GDAL errors as exceptions inside the plugin's calls only
(``gdal_errors``). Imports nothing else of the plugin."""
