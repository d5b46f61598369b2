# Urban Carbon Ledger: `make demo` and `make test` work on a fresh Debian 12 machine (as root, or
# with sudo) and on one that already has QGIS. See README.md.
# Tests: `make check` is ruff and the fast tier (no slow, qgis_process, cluster or desktop tests:
# markers in pytest.ini); `make test` runs every test (what .ci/run calls).
SHELL := /bin/bash
PYTHON_SYSTEM := /usr/bin/python3
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
PYVER := $(shell $(PYTHON_SYSTEM) -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null)
PLUGINS := $(CURDIR)/build/plugins
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SIZE ?= small

# Debian's qgis_process wrapper passes --noversioncheck, which QGIS 3.22 rejects: we call the binary.
QGIS_PROCESS := qgis_process.bin
export QT_QPA_PLATFORM := offscreen
export QGIS_PLUGINPATH := $(PLUGINS)
export PYTHONPATH := $(VENV)/lib/python$(PYVER)/site-packages:$(PLUGINS)
export MPLBACKEND := Agg

DEBIAN_PACKAGES := qgis python3-qgis qgis-providers python3-venv python3-pip \
	python3-numpy python3-pandas python3-geopandas python3-scipy python3-skimage python3-matplotlib \
	python3-gdal python3-openpyxl python3-cryptography python3-dask python3-distributed python3-pytest python3-yaml \
	pyqt5-dev-tools qttools5-dev-tools xvfb xauth fonts-wqy-microhei poppler-utils

.PHONY: setup system venv plugin-link test check lint demo zip bench translations env qgis clean \
	test-matrix matrix-tools matrix-roots repo

setup: system venv plugin-link

system:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Stamp files, not .venv/bin/python: that is a symlink to /usr/bin/python3, whose old date would
# make the venv look stale on every run.
$(VENV)/.installed: requirements.txt tests/requirements.txt
	$(PYTHON_SYSTEM) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -r tests/requirements.txt
	touch $@

$(VENV)/.bench-installed: $(VENV)/.installed benchmarks/requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check -r benchmarks/requirements.txt
	touch $@

venv: $(VENV)/.installed

plugin-link:
	@mkdir -p $(PLUGINS) && ln -sfn $(CURDIR) $(PLUGINS)/urban_carbon_ledger

test: setup
	$(PY) -m pytest -q tests

# The matrix: `make test` again under QGIS 3.40 LTR and 3.44 in Debian 13 roots (debootstrap, as
# root) cached under MATRIX_CACHE and rebuilt when their package list changes. One version alone:
# make test-matrix QGIS=3.40
QGIS ?= 3.40 3.44
MATRIX_CACHE ?= /var/cache/urban_carbon_ledger/matrix
MATRIX_ENV := DEBIAN_PACKAGES="$(DEBIAN_PACKAGES)" MATRIX_CACHE=$(MATRIX_CACHE)

matrix-tools:
	@command -v debootstrap >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq debootstrap; }

matrix-roots: matrix-tools
	$(SUDO) $(MATRIX_ENV) bash scripts/test_matrix.sh build $(QGIS)

test-matrix: matrix-tools
	$(SUDO) $(MATRIX_ENV) bash scripts/test_matrix.sh test $(QGIS)

FAST := not slow and not qgis_process and not cluster and not desktop

check: setup lint
	$(PY) -m pytest -q -m "$(FAST)" tests

lint: setup
	$(VENV)/bin/ruff check .

demo: setup
	$(PY) scripts/demo.py --out $(CURDIR)/out

# A plugin repository folder (plugins.xml, ZIP, icon) to serve at REPO_URL; QGIS's plugin manager
# installs from REPO_URL/plugins.xml. The ZIP is checked as plugins.qgis.org checks uploads.
REPO_DIR ?= $(CURDIR)/dist/repo
REPO_URL ?= http://localhost:8000
repo: setup
	$(PY) scripts/plugin_repo.py --out $(REPO_DIR) --url $(REPO_URL)

zip: setup
	$(PY) scripts/make_zip.py --out $(CURDIR)/dist/urban_carbon_ledger.zip

bench: setup $(VENV)/.bench-installed
	$(PY) benchmarks/run_all.py --size $(SIZE)

translations: setup
	bash scripts/update_translations.sh

# The desktop: QGIS with the venv's packages (shapely 2) on its Python path, the plugin as installed
# in the profile (no QGIS_PLUGINPATH to this checkout) and a real display: none of the headless
# settings exported above (QT_QPA_PLATFORM=offscreen crashes QGIS desktop at start).
# QGIS_ARGS passes options, e.g. make qgis QGIS_ARGS="--profile teaching".
qgis: setup
	env -u QT_QPA_PLATFORM -u QGIS_PLUGINPATH -u MPLBACKEND PYTHONPATH=$(VENV)/lib/python$(PYVER)/site-packages qgis $(QGIS_ARGS)

env:
	@echo "export QT_QPA_PLATFORM=$(QT_QPA_PLATFORM) QGIS_PLUGINPATH=$(QGIS_PLUGINPATH) PYTHONPATH=$(PYTHONPATH) MPLBACKEND=$(MPLBACKEND)"

clean:
	rm -rf build out dist .pytest_cache
