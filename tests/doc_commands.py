"""Run the shell commands of a manual page, as a reader would, so the page stays true.

A page's ```sh blocks hold variable assignments (NAME=value), ``mkdir -p``, ``gdalwarp`` and
``qgis_process.bin run ALGORITHM -- NAME=value ...`` lines (continued with a trailing backslash).
Assignments can be overridden (the test's files instead of the reader's); ``qgis_process.bin``
lines run in-process through Processing with the same algorithm id and parameter strings.
"""
import os
import re
import shlex
import string
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSIGNMENT = re.compile(r"^([A-Z_]+)=(.*)$")


def sh_blocks(page):
    """The ```sh blocks of docs/<page>, as text."""
    with open(os.path.join(ROOT, "docs", page), encoding="utf-8") as handle:
        return re.findall(r"```sh\n(.*?)```", handle.read(), flags=re.S)


def lines(block):
    """Command lines of a block: continuations joined, comments and blank lines left out."""
    joined = block.replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        line = re.split(r"\s{2,}#", line)[0].strip()
        if line and not line.startswith("#"):
            found.append(line)
    return found


def run_block(block, overrides, run_algorithm):
    """Run one block; returns [(algorithm id, parameters, results)] of its qgis_process lines."""
    names, ran = {}, []
    for line in lines(block):
        assignment = ASSIGNMENT.match(line)
        if assignment:
            name = assignment.group(1)
            names[name] = overrides[name] if name in overrides else shlex.split(
                string.Template(assignment.group(2)).safe_substitute(names))[0]
            continue
        words = shlex.split(string.Template(line).safe_substitute(names))
        if words[:2] == ["mkdir", "-p"]:
            os.makedirs(words[2], exist_ok=True)
        elif words[0] == "gdalwarp":
            subprocess.run(words, check=True, capture_output=True)
        elif words[:2] == ["qgis_process.bin", "run"] and words[3] == "--":
            parameters = dict(word.split("=", 1) for word in words[4:])
            ran.append((words[2], parameters, run_algorithm(words[2], parameters)))
        else:
            raise AssertionError(f"the page holds a command the test cannot run: {line}")
    return ran
