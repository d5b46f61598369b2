"""A small OpenStreetMap extract (.osm XML) written by the tests: one administrative district crossed by
two streets, land use that overlaps, nests and has a hole, buildings with levels.

All coordinates are on a grid of 0.0005 degrees around (114.300 E, 30.500 N) in Wuhan; shapes are
given as (west, south, east, north) grid steps so the tests can rebuild them in lon/lat.
"""
import xml.sax.saxutils as saxutils

LON0, LAT0, STEP = 114.300, 30.500, 0.0005

DISTRICT = (0, 0, 8, 8)
"""The admin_level 8 boundary: 8 x 8 steps (about 383 x 443 m)."""

ROADS = [("primary", "Jiefang Road", [(-1, 4), (9, 4)]), ("residential", None, [(4, -1), (4, 9)]),
         ("footway", None, [(1, 1), (3, 1)]), ("service", None, [(5, 1), (5, 3)])]
"""(highway, name, points in steps): the primary and residential streets cut the district into four
blocks; the footway and service road are left out."""

LANDUSE = [
    ({"landuse": "residential"}, [(0, 0, 8, 8)], []),       # 0: the whole district
    ({"leisure": "garden"}, [(1, 5, 3, 7)], []),           # 1: garden nested in the NW block
    ({"natural": "water"}, [(2, 6, 3, 7)], []),            # 2: pond inside the garden
    ({"leisure": "park"}, [(5, 5, 7.5, 8)], [(6, 6, 7, 7)]),  # 3: NE park with a hole (a relation)
    ({"landuse": "grass"}, [(7, 5, 8, 8)], []),              # 4: grass overlapping the park's east strip
    ({"landuse": "brownfield"}, [(0, 0, 2, 2)], []),       # 5: SW brownfield
    ({"landuse": "railway"}, [(6, 0, 8, 1)], []),          # 6: not mapped: listed, left out
]
"""(tags, outer rings, inner rings) in steps."""

BUILDINGS = [({"building": "apartments", "building:levels": "6"}, (5.2, 1.2, 5.8, 1.8)),
             ({"building": "yes", "building:levels": "2"}, (0.5, 5.2, 0.9, 5.6)),
             ({"building": "school"}, (2.2, 2.2, 2.8, 2.8)),
             ({"building": "retail", "building:levels": "2"}, (5.2, 2.2, 5.8, 2.8)),
             ({"building": "industrial"}, (6.5, 2.2, 7.5, 2.8))]


def lon_lat(x, y):
    return LON0 + STEP * x, LAT0 + STEP * y


def ring(west, south, east, north):
    """A closed ring of grid steps, counter-clockwise."""
    return [(west, south), (east, south), (east, north), (west, north), (west, south)]


class _Writer:
    def __init__(self):
        self.nodes, self.ways, self.relations = [], [], []
        self.ids = {}

    def node(self, point):
        if point not in self.ids:
            self.ids[point] = len(self.ids) + 1
            lon, lat = lon_lat(*point)
            self.nodes.append(f'<node id="{self.ids[point]}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>')
        return self.ids[point]

    def way(self, points, tags):
        way_id = 100 + len(self.ways)
        refs = "".join(f'<nd ref="{self.node(p)}"/>' for p in points)
        self.ways.append(f'<way id="{way_id}" version="1">{refs}{_tags(tags)}</way>')
        return way_id

    def relation(self, outers, inners, tags):
        members = [("outer", self.way(ring(*r), {})) for r in outers] + [("inner", self.way(ring(*r), {}))
                                                                           for r in inners]
        relation_id = 900 + len(self.relations)
        text = "".join(f'<member type="way" ref="{ref}" role="{role}"/>' for role, ref in members)
        self.relations.append(f'<relation id="{relation_id}" version="1">{text}{_tags(tags)}</relation>')
        return relation_id


def _tags(tags):
    return "".join(f'<tag k="{saxutils.escape(k)}" v="{saxutils.escape(v)}"/>' for k, v in tags.items())


def write_extract(path, bow_tie=False):
    """Write the extract to ``path`` (.osm) and return the path; ``bow_tie``: add a self-intersecting
    landuse=meadow way (2,1)-(3,2)-(3,1)-(2,2): two triangles, each a quarter of the square step."""
    writer = _Writer()
    if bow_tie:
        writer.way([(2, 1), (3, 2), (3, 1), (2, 2), (2, 1)], {"landuse": "meadow"})
    writer.relation([DISTRICT], [], {"type": "boundary", "boundary": "administrative", "admin_level": "8",
                                     "name": "Test district"})
    for highway, name, points in ROADS:
        writer.way(points, {"highway": highway, **({"name": name} if name else {})})
    for tags, outers, inners in LANDUSE:
        if inners:
            writer.relation(outers, inners, {"type": "multipolygon", **tags})
        else:
            writer.way(ring(*outers[0]), tags)
    for tags, box in BUILDINGS:
        writer.way(ring(*box), tags)
    body = "\n".join(writer.nodes + writer.ways + writer.relations)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="tests">\n{body}\n</osm>\n')
    return path
