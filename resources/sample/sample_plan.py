"""The invented city's plan for the teaching district (``generate_sample.py``): seed, CRS and extent
(m, EPSG:4547), land-cover codes, land uses, road classes and the named road grid, districts and
facilities. Everything is made up."""
SEED = 20240601
EPSG = 4547
X0, Y0 = 528000.0, 3380000.0  # south-west corner of the extent (m, EPSG:4547)
W, H = 4000.0, 3000.0  # extent width and height (m)
GPKG_DATE = "2024-06-01T00:00:00.000Z"  # fixed GeoPackage timestamps, for byte-stable output

# Land-cover codes shared with the sink algorithms (README.md, "Land-cover codes").
LC = {"forest": 1, "urban_trees": 2, "grassland": 3, "lawn": 4, "cropland": 5, "wetland": 6,
      "water": 7, "built_up": 8, "paved": 9, "bare_land": 10}
LAND_USES = ["residential", "commercial", "industrial", "public", "park", "forest", "grassland",
             "wetland", "water", "cropland", "bare_land", "parking"]
BUILT_USES = ("residential", "commercial", "industrial", "public")

# Road classes: half-width of the paved corridor (m), lanes, AADT range (vehicles/day).
ROAD_CLASS = {
    "arterial": {"half_width": 16.0, "lanes": (6, 8), "aadt": (20000, 40000)},
    "secondary": {"half_width": 10.0, "lanes": (4, 4), "aadt": (8000, 15000)},
    "local": {"half_width": 5.0, "lanes": (2, 2), "aadt": (1000, 4000)},
}
# Grid lines of the road network: (local position m, class, name).
COLUMNS = [(300, "local", "Tianxin Road"), (620, "local", "Yangliu Street"),
           (950, "secondary", "Hubei Road"), (1280, "local", "Lianhua Street"),
           (1700, "arterial", "Zhongshan Avenue"), (2020, "local", "Guangming Road"),
           (2350, "secondary", "Heping Road"), (2680, "local", "Xinmin Street"),
           (3000, "arterial", "Jiangcheng Avenue"), (3330, "local", "Gongye Road"),
           (3660, "secondary", "Dongfeng Road")]
ROWS = [(250, "local", "Nantian Road"), (580, "arterial", "Hubin Avenue"),
        (900, "secondary", "Jinqiao Road"), (1250, "local", "Shuian Street"),
        (1600, "secondary", "Beihe Road"), (1900, "local", "Xingfu Street"),
        (2200, "arterial", "Qingshan Avenue"), (2550, "local", "Songlin Street"),
        (2820, "local", "Beiling Street")]

DISTRICTS = [("D01", "Lakeside District", "湖滨区"), ("D02", "North Garden District", "北苑区"),
             ("D03", "Southport District", "南港区")]
FACILITY_NAMES = ["Southport Ceramics Kiln", "Nangang Dyeing Works Boiler House",
                  "Jinqiao Food Processing Steam Plant", "Dongfeng Metal Finishing Furnace",
                  "Gongye Road Paper Mill Boiler", "Riverside Brewery Boiler House"]
FACILITY_CARRIERS = ["coal", "natural_gas", "natural_gas", "coal", "natural_gas", "natural_gas"]
