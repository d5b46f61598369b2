"""Where the plugin's data live: the one locator of ``resources/`` (CSV tables, styles, layouts)."""
import os

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "resources")


def resource_path(*parts):
    """Absolute path of a file or folder under the plugin's ``resources/``."""
    return os.path.join(RESOURCES, *parts)
