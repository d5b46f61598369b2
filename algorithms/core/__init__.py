"""Foundation under every tool: the input error that names layer, field and row
(``errors``), progress and cancel (``progress``), plugin and algorithm versions (``version``), and the
one locator of ``resources/`` (``resources``). Imports nothing else of the plugin."""
