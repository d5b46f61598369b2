"""`make repo`: a QGIS plugin repository in a folder any web server can serve: plugins.xml (the
format QGIS's plugin manager reads, pyplugin_installer/installer_data.py), the plugin ZIP named
<folder>.<version>.zip and its icon. A lab adds <url>/plugins.xml in Plugins > Manage and Install
Plugins > Settings > Add and gets this plugin and its updates from there.

The ZIP is first checked with the rules plugins.qgis.org's upload validator applies
(QGIS-Django, qgis-app/plugins/validator.py): size, safe member names, no compiled or hidden
folders, one top folder with a valid name holding __init__.py, metadata.txt and LICENSE, the
required metadata, well-formed URLs, an author without slashes, the icon in the ZIP. The
validator's last check, that the homepage, tracker and repository answer over the network, is
not made here (no network in CI): `make repo` prints those URLs to check by hand.
"""
import argparse
import configparser
import io
import os
import re
import shutil
import sys
import zipfile
from datetime import datetime, timezone
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_zip  # noqa: E402

MAX_BYTES = 25_000_000
"""plugins.qgis.org's upload limit (PLUGIN_MAX_UPLOAD_SIZE, 25 MB)."""
REQUIRED = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about", "tracker",
            "repository")
"""Metadata plugins.qgis.org refuses a ZIP without (PLUGIN_REQUIRED_METADATA)."""
URL_KEYS = ("tracker", "repository", "homepage")
FORBIDDEN_PARTS = ("__MACOSX", ".git", "__pycache__")


def read_metadata(archive, folder):
    """metadata.txt's [general] section of the ZIP as a dict (keys in their case)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_file(io.StringIO(archive.read(f"{folder}/metadata.txt").decode("utf-8")))
    return dict(parser.items("general"))


def member_problems(names):
    """What the validator refuses in the ZIP's member names."""
    problems = []
    for name in names:
        if ".." in name or name.startswith("/"):
            problems.append(f"{name}: path information")
        if ".pyc" in name:
            problems.append(f"{name}: compiled Python file")
        problems += [f"{name}: '{part}' folder" for part in FORBIDDEN_PARTS if part in name.split("/")]
    folders = {name.split("/")[0] for name in names}
    if len(folders) != 1:
        problems.append(f"more than one top folder: {', '.join(sorted(folders))}")
    return problems


def metadata_problems(metadata, names, folder):
    """What the validator refuses in metadata.txt."""
    problems = [f"metadata.txt: no {key}" for key in REQUIRED if not metadata.get(key, "").strip()]
    for key in URL_KEYS:
        parsed = urlparse(metadata.get(key, "").strip())
        if key in metadata and not (parsed.scheme and parsed.netloc) or " " in metadata.get(key, "").strip():
            problems.append(f"metadata.txt: {key} is not a URL: {metadata.get(key)!r}")
    if "/" in metadata.get("author", ""):
        problems.append("metadata.txt: author contains a slash")
    icon = metadata.get("icon", "").removeprefix("./")
    if not icon or f"{folder}/{icon}" not in names:
        problems.append(f"metadata.txt: icon {icon!r} is not in the ZIP")
    for flag in ("experimental", "deprecated", "server"):
        if flag in metadata and metadata[flag].lower() not in ("true", "false", "1", "0", "yes", "no"):
            problems.append(f"metadata.txt: {flag} is not a boolean: {metadata[flag]!r}")
    return problems


def check_package(path):
    """Problems plugins.qgis.org's validator would refuse ``path`` (a plugin ZIP) for; [] if none."""
    if os.path.getsize(path) > MAX_BYTES:
        return [f"{path}: over {MAX_BYTES} bytes"]
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        problems = member_problems(names)
        if archive.testzip():
            problems.append(f"bad ZIP member {archive.testzip()}")
        folder = names[0].split("/")[0] if names else ""
        if not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", folder):
            problems.append(f"top folder {folder!r} is not a valid package name")
        for needed in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{folder}/{needed}" not in names:
                problems.append(f"no {folder}/{needed}")
        if f"{folder}/metadata.txt" in names:
            problems += metadata_problems(read_metadata(archive, folder), names, folder)
    return problems


def plugin_xml(metadata, file_name, base_url, icon_name, when):
    """plugins.xml listing the one plugin of ``metadata`` (metadata.txt's [general] section)."""
    def element(tag, text):
        return f"    <{tag}>{escape(str(text))}</{tag}>"

    minimum, maximum = metadata["qgisMinimumVersion"], metadata.get("qgisMaximumVersion", "")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<plugins>",
        f"  <pyqgis_plugin name={quoteattr(metadata['name'])} version={quoteattr(metadata['version'])}>",
        element("description", metadata["description"]),
        element("about", metadata["about"]),
        element("version", metadata["version"]),
        element("qgis_minimum_version", minimum),
        element("qgis_maximum_version", maximum),
        element("homepage", metadata.get("homepage", "")),
        element("file_name", file_name),
        element("icon", f"{base_url}/{icon_name}"),
        element("author_name", metadata["author"]),
        element("author_email", metadata["email"]),
        element("download_url", f"{base_url}/{file_name}"),
        element("create_date", when),
        element("update_date", when),
        element("experimental", metadata.get("experimental", "False")),
        element("deprecated", metadata.get("deprecated", "False")),
        element("tracker", metadata["tracker"]),
        element("repository", metadata["repository"]),
        element("tags", metadata.get("tags", "")),
        element("category", metadata.get("category", "")),
        element("changelog", metadata.get("changelog", "")),
        element("plugin_dependencies", metadata.get("plugin_dependencies", "")),
        element("server", metadata.get("server", "False")),
        "  </pyqgis_plugin>",
        "</plugins>",
    ]
    return "\n".join(lines) + "\n"


def write_repository(out, base_url):
    """Build and check the ZIP, then write it, its icon and plugins.xml into folder ``out``; returns
    the path of plugins.xml. Raises SystemExit listing the problems if the ZIP would be refused."""
    os.makedirs(out, exist_ok=True)
    staging = os.path.join(out, f"{make_zip.FOLDER}.zip")
    make_zip.build(staging)
    problems = check_package(staging)
    if problems:
        os.remove(staging)
        raise SystemExit("The plugin ZIP would be refused:\n" + "\n".join(problems))
    with zipfile.ZipFile(staging) as archive:
        metadata = read_metadata(archive, make_zip.FOLDER)
    file_name = f"{make_zip.FOLDER}.{metadata['version']}.zip"
    os.replace(staging, os.path.join(out, file_name))
    icon_name = f"{make_zip.FOLDER}{os.path.splitext(metadata['icon'])[1]}"
    shutil.copyfile(os.path.join(make_zip.ROOT, metadata["icon"]), os.path.join(out, icon_name))
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = os.path.join(out, "plugins.xml")
    with open(xml, "w", encoding="utf-8") as handle:
        handle.write(plugin_xml(metadata, file_name, base_url.rstrip("/"), icon_name, when))
    return xml, [metadata.get(key, "") for key in URL_KEYS]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(make_zip.ROOT, "dist", "repo"))
    parser.add_argument("--url", default="http://localhost:8000",
                        help="the URL the folder is served at (download links in plugins.xml)")
    arguments = parser.parse_args()
    xml, urls = write_repository(arguments.out, arguments.url)
    print(f"{xml}: add {arguments.url.rstrip('/')}/plugins.xml as a repository in QGIS's plugin manager")
    print("plugins.qgis.org also checks that these answer (not checked here): " + ", ".join(urls))


if __name__ == "__main__":
    main()
