"""Shape helpers of the teaching district generator: machine-independent trigonometry, smooth
noise, irregular blobs, the road-grid warp and polygon parts (local metres)."""
import math

import numpy as np
import shapely


def libm(function, values):
    """``function`` of Python's math module (the C library) applied elementwise, as a float array.

    The same bits on every CPU: numpy's own cos, sin and exp take AVX-512 paths on CPUs that have
    them, which differ from the C library in the last bit and would make the files depend on the machine.
    """
    return np.asarray(np.frompyfunc(function, 1, 1)(values), dtype=float)


def noise(u, v, seed, wavelength, n=16):
    """Smooth random field ~ N(0, 1) at local coordinates u, v (m); features ~ wavelength (m)."""
    r = np.random.default_rng(seed)
    ang = r.uniform(0.0, math.pi, n)
    lam = wavelength * libm(math.exp, r.uniform(-0.6, 0.6, n))
    phase = r.uniform(0.0, 2.0 * math.pi, n)
    total = np.zeros(np.broadcast(u, v).shape)
    for a, la, ph in zip(ang, lam, phase, strict=False):
        total += libm(math.cos, 2.0 * math.pi / la * (u * math.cos(a) + v * math.sin(a)) + ph)
    return total / math.sqrt(n / 2.0)


def noisy_blob(cx, cy, rx, ry, rot_deg, seed, rough=0.08, n=96):
    """Closed irregular ellipse-like polygon centred on (cx, cy) with semi-axes rx, ry (m)."""
    r = np.random.default_rng(seed)
    t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    radius = np.ones(n)
    for k in (2, 3, 5, 7):
        radius += rough / k * 2.0 * r.uniform(0.5, 1.0) * libm(math.cos, k * t + r.uniform(0, 2 * math.pi))
    x, y = rx * radius * libm(math.cos, t), ry * radius * libm(math.sin, t)
    c, s = math.cos(math.radians(rot_deg)), math.sin(math.radians(rot_deg))
    return shapely.make_valid(shapely.Polygon(np.c_[cx + c * x - s * y, cy + s * x + c * y]))


def warp(u, v):
    """Gentle smooth displacement (m) applied to the road grid so that it is not a ruler grid."""
    du = 22.0 * math.sin(2 * math.pi * v / 1300.0 + 0.7) + 9.0 * math.sin(2 * math.pi * (u + v) / 700.0)
    dv = 18.0 * math.sin(2 * math.pi * u / 1500.0 + 1.3) + 8.0 * math.sin(2 * math.pi * (u - v) / 900.0)
    return u + du, v + dv


def polygons(geom):
    """Polygon parts of a geometry (list), dropping lines, points and empty parts."""
    return [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0.0]


def orientation(geom):
    """Angle (degrees) of the long side of the minimum rotated rectangle of geom."""
    rect = np.asarray(shapely.minimum_rotated_rectangle(geom).exterior.coords)
    edges = np.diff(rect[:3], axis=0)
    long_edge = edges[np.argmax(np.hypot(edges[:, 0], edges[:, 1]))]
    return math.degrees(math.atan2(long_edge[1], long_edge[0]))
