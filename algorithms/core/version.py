"""Version of the plugin and of the accounting algorithms, recorded on every entry and run."""

PLUGIN_VERSION = "0.1.0"
ALGORITHM_VERSION = "0.1.0"
