"""Freed heap given back to the system between batches (issue 22: resident memory that follows what is live).

glibc keeps the pages of freed memory in its arenas (one for each thread that allocates: the ``ahead`` workers'
GEOS work among them) and returns only the free top of each; a city cut batch by batch then stays resident at the
high water of every arena. ``give_back`` asks glibc to return every whole free page (``malloc_trim(0)``); with
another C library (Windows, macOS, musl) it does nothing.
"""
import ctypes
import functools


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the process has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return None


def give_back():
    """Return the free pages of the process's heap to the system; whether any was returned (False: none, or no
    glibc)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
