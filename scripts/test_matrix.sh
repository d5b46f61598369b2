#!/usr/bin/env bash
# `make test-matrix`: runs the test suite under QGIS 3.40 LTR (Debian 13) and QGIS 3.44 (Debian 13
# backports), each in a Debian 13 root made by debootstrap under $MATRIX_CACHE (outside git).
# A root is reused while its package list is unchanged: its directory name carries a hash of the
# suite, the apt sources and the package list, so a changed list builds a new root and removes the
# stale one. The checkout is bind-mounted at its own path inside the root (plus the git directory of
# a worktree) and `make test` runs there with the root's /usr/bin/python3; the checkout's .venv is
# replaced there by the root's own (/opt/ucl-venv mounted over it), so the host's .venv is left alone.
# Usage: scripts/test_matrix.sh [build|test] VERSION...   (VERSION: 3.40 or 3.44)
# Needs root (debootstrap, chroot, mount) and Debian's debootstrap package.
set -euo pipefail

MATRIX_CACHE=${MATRIX_CACHE:-/var/cache/urban_carbon_ledger/matrix}
MIRROR=${MATRIX_MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd)
# What `make system` installs (the Makefile passes DEBIAN_PACKAGES) plus what the root itself needs:
# proj-bin, a recommendation of GDAL that recommendations-free roots lack, is how pyproj finds PROJ's
# data (/usr/share/proj, next to the proj binary) from inside a venv.
PACKAGES="${DEBIAN_PACKAGES:?set by the Makefile} make git ca-certificates locales proj-bin"

apt_sources() {  # $1 = version: the apt sources of its root
	echo "deb $MIRROR $SUITE main"
	echo "deb $MIRROR $SUITE-updates main"
	echo "deb http://deb.debian.org/debian-security $SUITE-security main"
	[ "$1" = 3.44 ] && echo "deb $MIRROR $SUITE-backports main"
	return 0
}

qgis_target() {  # $1 = version: the apt release QGIS is taken from
	if [ "$1" = 3.44 ]; then echo "$SUITE-backports"; else echo "$SUITE"; fi
}

root_dir() {  # $1 = version: the root's path, named by a hash of what is installed in it
	local hash
	hash=$( { apt_sources "$1"; qgis_target "$1"; echo "$PACKAGES" | tr ' \t' '\n\n' | grep . | sort; } \
		| sha256sum | cut -c1-12)
	echo "$MATRIX_CACHE/qgis-$1-$hash"
}

build_root() {  # $1 = version: builds its root unless an identical one is there
	local root tmp
	root=$(root_dir "$1")
	if [ -e "$root/.complete" ]; then
		echo "QGIS $1: reusing $root"
		return 0
	fi
	for stale in "$MATRIX_CACHE"/qgis-"$1"-*; do
		[ -d "$stale" ] && [ "$stale" != "$root" ] && { echo "QGIS $1: removing stale root $stale"; rm -rf --one-file-system "$stale"; }
	done
	tmp="$root.building"
	rm -rf --one-file-system "$tmp"
	mkdir -p "$MATRIX_CACHE"
	echo "QGIS $1: debootstrap $SUITE into $tmp"
	debootstrap --variant=minbase "$SUITE" "$tmp" "$MIRROR"
	apt_sources "$1" > "$tmp/etc/apt/sources.list"
	cp /etc/resolv.conf "$tmp/etc/resolv.conf"
	mkdir -p "$tmp/etc/ssl/certs"
	[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$tmp/etc/ssl/certs/host-ca-certificates.crt"
	[ -f /etc/pip.conf ] && sed 's#/etc/ssl/certs/ca-certificates.crt#/etc/ssl/certs/host-ca-certificates.crt#' /etc/pip.conf > "$tmp/etc/pip.conf"
	in_root "$tmp" apt-get update -qq
	# shellcheck disable=SC2086
	in_root "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-t "$(qgis_target "$1")" $PACKAGES
	in_root "$tmp" apt-get clean
	touch "$tmp/.complete"
	mv "$tmp" "$root"
	echo "QGIS $1: root ready at $root"
}

in_root() {  # $1 = root, then a command: runs it chrooted, with /proc, /sys, /dev and the checkout
	# mounted in a private mount namespace (the mounts vanish when the command ends).
	local root=$1 common
	shift
	common=$(git -C "$CHECKOUT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	unshare --mount --propagation private -- bash -euc '
		root=$1 checkout=$2 common=$3; shift 3
		mount -t proc proc "$root/proc"
		mount --rbind /sys "$root/sys"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmpfs "$root/tmp"
		mkdir -p "$root$checkout" && mount --bind "$checkout" "$root$checkout"
		mkdir -p "$checkout/.venv" "$root/opt/ucl-venv" && mount --bind "$root/opt/ucl-venv" "$root$checkout/.venv"
		case "$common" in ""|"$checkout"/*) ;; *) mkdir -p "$root$common" && mount --bind "$common" "$root$common";; esac
		exec chroot "$root" "$@"' in_root "$root" "$CHECKOUT" "$common" "$@"
}

test_root() {  # $1 = version: `make test` in its root
	local root
	root=$(root_dir "$1")
	echo "QGIS $1: make test in $root"
	in_root "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 bash -c "cd '$CHECKOUT' && nice make test"
	in_root "$root" /usr/bin/python3 -c 'from qgis.core import Qgis; print("QGIS", Qgis.version(), "passed")'
}

main() {  # one function, so bash has read the whole script before running it
	local action=$1 version
	shift
	for version in "$@"; do
		case "$version" in 3.40|3.44) ;; *) echo "unknown QGIS version '$version' (3.40 or 3.44)" >&2; exit 2;; esac
		build_root "$version"
		if [ "$action" = test ]; then test_root "$version"; fi
	done
}

main "$@"
