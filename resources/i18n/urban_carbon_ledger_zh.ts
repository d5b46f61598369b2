<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>CarbonLedger</name>
    <message>
      <source>Urban Carbon Ledger</source>
      <translation>城市碳账本</translation>
    </message>
    <message>
      <source>Urban Carbon Ledger {version}</source>
      <translation>城市碳账本 {version}</translation>
    </message>
    <message>
      <source>Ledger GeoPackage</source>
      <translation>账本 GeoPackage</translation>
    </message>
    <message>
      <source>Projected CRS of a new ledger (metres)</source>
      <translation>新账本的投影坐标系（米）</translation>
    </message>
    <message>
      <source>Units in the ledger</source>
      <translation>账本中的单元数</translation>
    </message>
    <message>
      <source>Road links in the ledger</source>
      <translation>账本中的道路路段数</translation>
    </message>
    <message>
      <source>Entries in the ledger</source>
      <translation>账本中的条目数</translation>
    </message>
    <message>
      <source>What the ledger holds (JSON)</source>
      <translation>账本内容摘要（JSON）</translation>
    </message>
    <message>
      <source>Create or upgrade ledger</source>
      <translation>创建或升级账本</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>报告</translation>
    </message>
    <message>
      <source>Creates the ledger GeoPackage that every Urban Carbon Ledger algorithm reads and writes: the units (polygons) and links (lines) layers and the entries, factors, runs, scenarios, edits, stocks and unit_stats tables. The CRS must be projected (metres), because areas (m2) and lengths (m) are accounted; a geographic CRS is refused. An existing ledger is upgraded in place: missing layers, tables and columns are added, data and CRS are kept.

LEDGER: the .gpkg file to create or upgrade.
CRS: projected CRS of a new ledger, e.g. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).
Outputs: UNITS, LINKS, ENTRIES counts and SUMMARY (JSON).</source>
      <translation>创建城市碳账本所有算法读写的账本 GeoPackage：units（面）和 links（线）图层，以及 entries、factors、runs、scenarios、edits、stocks 和 unit_stats 表。坐标系必须是投影坐标系（米），因为要核算面积（m2）和长度（m）；地理坐标系将被拒绝。已有账本将就地升级：补充缺失的图层、表和字段，保留数据和坐标系。

LEDGER：要创建或升级的 .gpkg 文件。
CRS：新账本的投影坐标系，如 EPSG:4547（CGCS2000 / 3 度高斯-克吕格 中央经线 114E）。
输出：UNITS、LINKS、ENTRIES 计数和 SUMMARY（JSON）。</translation>
    </message>
    <message>
      <source>OpenStreetMap file (.osm, .osm.pbf)</source>
      <translation>OpenStreetMap 文件（.osm、.osm.pbf）</translation>
    </message>
    <message>
      <source>Extent</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Projected CRS (default: UTM zone of the extent)</source>
      <translation>投影坐标系（默认：范围所在的 UTM 分带）</translation>
    </message>
    <message>
      <source>admin_level of the districts (empty: the extent is one district)</source>
      <translation>分区的 admin_level（留空：整个范围为一个分区）</translation>
    </message>
    <message>
      <source>Floors of buildings without building:levels</source>
      <translation>无 building:levels 的建筑层数</translation>
    </message>
    <message>
      <source>GeoPackage of the four layers</source>
      <translation>四个图层的 GeoPackage</translation>
    </message>
    <message>
      <source>Features: {layer}</source>
      <translation>要素：{layer}</translation>
    </message>
    <message>
      <source>Import OpenStreetMap (tape measure)</source>
      <translation>导入 OpenStreetMap（卷尺）</translation>
    </message>
    <message>
      <source>Tape measure</source>
      <translation>卷尺</translation>
    </message>
    <message>
      <source>Turns an OpenStreetMap extract into the four layers Segment units takes, in one GeoPackage, so no hand editing is needed: boundaries, roads, landuse, buildings. Read with GDAL's OSM driver (shipped with QGIS).
boundaries: administrative boundaries (boundary=administrative) at ADMIN_LEVEL cut to EXTENT, coded D01, D02 ... in OSM id order; without ADMIN_LEVEL the extent is one district.
roads: highway=* mapped to the road classes motorway, arterial, secondary, local by resources/osm/highway_classes.csv (footways, paths and service roads are left out), with road_id (w&lt;way id&gt;), name and an empty aadt.
landuse: landuse=*, leisure=*, natural=*, amenity=* polygons mapped to the land-use classes by resources/landuse_maps/osm.csv (leisure=garden and park -&gt; park, landuse=grass -&gt; grassland, natural=wood -&gt; forest, natural=water -&gt; water, landuse=brownfield -&gt; bare_land ...), with osm_tag and osm_id.
buildings: building=* to uses (resources/osm/building_uses.csv; building=yes takes the use of the residential, commercial, public or industrial land use it stands in; others 'other'), building:levels to floors (else DEFAULT_FLOORS), building_id (w&lt;way id&gt; or r&lt;relation id&gt;); use_from and floors_from say where each came from.
Values no table maps are listed with their counts and left out.

INPUT: .osm or .osm.pbf file (e.g. a Geofabrik or BBBike extract).
EXTENT (optional): area to import; default the whole file.
CRS (optional): projected CRS of the layers; default the WGS 84 / UTM zone of the extent's centre.
ADMIN_LEVEL (optional): OSM admin_level of the districts (e.g. 6 for a Chinese district, 8 for a municipality in much of Europe).
DEFAULT_FLOORS (optional): floors of buildings without building:levels (an assumption you state; empty leaves them empty, and floor-area proxies then give them no share).
OUTPUT: the GeoPackage to write (replaced).
Outputs: N_BOUNDARIES, N_ROADS, N_LANDUSE, N_BUILDINGS (features per layer).</source>
      <translation>将 OpenStreetMap 数据摘录转换为“划分核算单元”所需的四个图层，写入一个 GeoPackage，无需手工编辑：boundaries、roads、landuse、buildings。使用 GDAL 的 OSM 驱动读取（QGIS 自带）。
boundaries：ADMIN_LEVEL 级别的行政边界（boundary=administrative），裁切到 EXTENT，按 OSM 编号顺序编码为 D01、D02 ……；未给出 ADMIN_LEVEL 时整个范围作为一个分区。
roads：highway=* 按 resources/osm/highway_classes.csv 映射为道路等级 motorway、arterial、secondary、local（人行道、小径和服务道路被排除），带 road_id（w&lt;way 编号&gt;）、name 和空的 aadt。
landuse：landuse=*、leisure=*、natural=*、amenity=* 面按 resources/landuse_maps/osm.csv 映射为土地利用类别（leisure=garden 和 park -&gt; park，landuse=grass -&gt; grassland，natural=wood -&gt; forest，natural=water -&gt; water，landuse=brownfield -&gt; bare_land ……），带 osm_tag 和 osm_id。
buildings：building=* 映射为建筑用途（resources/osm/building_uses.csv；building=yes 取其所在居住、商业、公共或工业用地的用途；其余为“other”），building:levels 作为层数（否则取 DEFAULT_FLOORS），building_id（w&lt;way 编号&gt; 或 r&lt;relation 编号&gt;）；use_from 和 floors_from 说明各自来源。
任何映射表都未列出的取值连同数量一并列出并被排除。

INPUT：.osm 或 .osm.pbf 文件（如 Geofabrik 或 BBBike 的摘录）。
EXTENT（可选）：导入范围；默认整个文件。
CRS（可选）：图层的投影坐标系；默认范围中心所在的 WGS 84 / UTM 分带。
ADMIN_LEVEL（可选）：分区的 OSM admin_level（例如中国的区为 6，欧洲多数地区的市镇为 8）。
DEFAULT_FLOORS（可选）：无 building:levels 的建筑的层数（由您声明的假设；留空则保持为空，按建筑面积分配的代理指标不会分给这些建筑）。
OUTPUT：要写入的 GeoPackage（将被替换）。
输出：N_BOUNDARIES、N_ROADS、N_LANDUSE、N_BUILDINGS（各图层要素数）。</translation>
    </message>
    <message>
      <source>District boundaries</source>
      <translation>分区边界</translation>
    </message>
    <message>
      <source>District code field (unique)</source>
      <translation>分区代码字段（唯一）</translation>
    </message>
    <message>
      <source>District name field</source>
      <translation>分区名称字段</translation>
    </message>
    <message>
      <source>Roads</source>
      <translation>道路</translation>
    </message>
    <message>
      <source>Road class field</source>
      <translation>道路等级字段</translation>
    </message>
    <message>
      <source>AADT field (vehicles/day)</source>
      <translation>AADT 字段（辆/日）</translation>
    </message>
    <message>
      <source>Road id field</source>
      <translation>道路编号字段</translation>
    </message>
    <message>
      <source>Road name field</source>
      <translation>道路名称字段</translation>
    </message>
    <message>
      <source>Land use</source>
      <translation>土地利用</translation>
    </message>
    <message>
      <source>Land-use class field</source>
      <translation>土地利用类别字段</translation>
    </message>
    <message>
      <source>Land-use map (CSV value,land_use)</source>
      <translation>土地利用映射表（CSV value,land_use）</translation>
    </message>
    <message>
      <source>Buildings</source>
      <translation>建筑</translation>
    </message>
    <message>
      <source>Building id field</source>
      <translation>建筑编号字段</translation>
    </message>
    <message>
      <source>Building use field</source>
      <translation>建筑用途字段</translation>
    </message>
    <message>
      <source>Floors field</source>
      <translation>层数字段</translation>
    </message>
    <message>
      <source>Population field (persons)</source>
      <translation>人口字段（人）</translation>
    </message>
    <message>
      <source>Construction year field</source>
      <translation>建设年份字段</translation>
    </message>
    <message>
      <source>Id of the city unit</source>
      <translation>城市单元编号</translation>
    </message>
    <message>
      <source>Sliver area (m2)</source>
      <translation>碎片面积阈值（m2）</translation>
    </message>
    <message>
      <source>Area reconciliation tolerance (ratio)</source>
      <translation>面积平差容差（比值）</translation>
    </message>
    <message>
      <source>Snap input coordinates to a grid of (m)</source>
      <translation>将输入坐标取整到网格（m）</translation>
    </message>
    <message>
      <source>Accept plausible but extreme values (resources/plausible_ranges.csv)</source>
      <translation>接受合理但极端的数值（resources/plausible_ranges.csv）</translation>
    </message>
    <message>
      <source>Least share of the earlier results a run may replace them with (ratio)</source>
      <translation>运行可替换先前结果的最低比例（比值）</translation>
    </message>
    <message>
      <source>Replace earlier results with much less</source>
      <translation>以少得多的结果替换先前结果</translation>
    </message>
    <message>
      <source>Units: {level}</source>
      <translation>单元：{level}</translation>
    </message>
    <message>
      <source>Area residual {key}</source>
      <translation>面积残差 {key}</translation>
    </message>
    <message>
      <source>Old units {status}</source>
      <translation>旧单元 {status}</translation>
    </message>
    <message>
      <source>Reconciliation table of the run (layer URI)</source>
      <translation>本次运行的对账表（图层 URI）</translation>
    </message>
    <message>
      <source>Segment units (tape measure)</source>
      <translation>划分核算单元（卷尺）</translation>
    </message>
    <message>
      <source>Cuts the city into the units it is accounted by: city &gt; districts &gt; blocks &gt; parcels &gt; buildings, and road links, and writes them into the ledger's units and links layers (replacing the city to building levels and all links).

Blocks are the areas enclosed by the roads inside each district (roads polygonized with the district boundaries); parcels are blocks cut by land-use polygons, one class each; buildings go to the parcel holding most of their footprint; links are the roads split at crossings and district boundaries, with class, AADT (vehicles/day) and length (m).
Ids: city CITY, districts their code (D01), blocks D01-B0001, parcels D01-B0001-P01, buildings D01-B0001-P01-G001, links D01-L00001, numbered north to south, west to east.

BOUNDARIES: district polygons; CODE_FIELD (unique code; without it codes D01, D02 ... in feature-id order, with a warning), NAME_FIELD.
ROADS: road lines; ROAD_CLASS_FIELD, AADT_FIELD, ROAD_ID_FIELD, ROAD_NAME_FIELD.
LANDUSE: land-use polygons; LANDUSE_FIELD with the classes of resources/landuse_classes.csv (residential, commercial, industrial, public, park, forest, grassland, wetland, water, cropland, bare_land, parking, unclassified; Chinese names and GB 50137 codes accepted). Where land-use polygons overlap or nest, the class of higher priority (water &gt; wetland &gt; forest &gt; park &gt; grassland &gt; cropland &gt; bare_land &gt; parking &gt; public, commercial, industrial &gt; residential) keeps the overlap, then the smaller polygon; block area outside every polygon becomes parcels of class 'unclassified'.
LANDUSE_MAP (optional): CSV value,land_use[,key,source] mapping other values to these classes, e.g. resources/landuse_maps/osm.csv (OpenStreetMap landuse/leisure/natural/amenity values), gbt21010_2017.csv (GB/T 21010-2017), gb50137_2011.csv (GB 50137-2011); values it does not list are left out with a warning listing them with their counts (without a map they stop the run).
BUILDINGS (optional): footprints; BUILDING_ID_FIELD, BUILDING_USE_FIELD, FLOORS_FIELD, POPULATION_FIELD (persons), BUILT_YEAR_FIELD. Optional fields missing from a layer are skipped.
MIN_AREA: slivers below this area (m2) are merged into the neighbour sharing the longest edge.
TOLERANCE: largest relative area residual |parent - sum of children| / parent before a warning; parcels that do not tile their blocks within it, and within MIN_AREA m2, stop the run (nothing is written).
SNAP: grid (m) every input coordinate is rounded to before the roads are noded (default 1 mm; 0: none); a land-use corner within it of a block's corner is moved onto that corner, so land use drawn to the roads makes no slivers. The inputs are then taken in a canonical order (source ids where given, else the snapped geometry), so the same features in any order, or shifted by less than half the grid (a reprojection's rounding), give the same units and ids; where land-use polygons overlap, the class of higher priority keeps the overlap, then the smaller polygon.
ACCEPT_EXTREME: yes to account plausible but extreme values (floors above 100) instead of refusing them; values outside resources/plausible_ranges.csv (floors 1-200) are always refused.
LEDGER: the ledger .gpkg; created in the CRS of BOUNDARIES when missing (it must be projected).
Layers in other CRSs are reprojected to the ledger's. Invalid (self-intersecting) district or land-use polygons and districts without geometry are refused, naming the feature; invalid buildings are repaired and listed. Repeated building ids are refused; buildings without floors are listed.
Re-segmenting a ledger reconciles: a new unit whose area (links: length) overlaps an old one of the same level and parent by more than half of their union keeps the old id; other new units get numbers no unit used before. Image segments of unchanged parcels stay. Entries, stocks, unit statistics and scenario edits are never deleted nor moved to another unit: the reconciliation table lists, per old unit, kept (same geometry), moved (geometry changed) or orphaned (gone: its rows stay under its id) with its rows. A unit or link that entries name must not change (outline, attributes, or its id gone): an entry's content digest covers its unit, so those entries would no longer verify and no later run could copy them; the run stops and changes nothing, unless REPLACE is yes (then account the latest inventory year again; earlier years stay as accounted on the old units).
COVERAGE: a run that would replace earlier units (district area) or their entries with less than this share of them (rows; segments: their area; ratio, default 0.5) stops and changes nothing; REPLACE yes lets it write, and the notice of what it replaced goes into the run_notices table under the run's id.
Outputs: N_DISTRICTS, N_BLOCKS, N_PARCELS, N_BUILDINGS, N_LINKS, N_BUILDINGS_OUTSIDE and the area residuals per level: DISTRICT_/BLOCK_/PARCEL_RESIDUAL_M2 (m2, summed over parents) and _RATIO (largest); N_KEPT, N_MOVED, N_ORPHANED: old units per status, and RECONCILIATION, the reconciliation table (layer URI; select run_id of this run).</source>
      <translation>将城市划分为核算单元：城市 &gt; 分区 &gt; 街区 &gt; 地块 &gt; 建筑，以及道路路段，并写入账本的 units 和 links 图层（替换从城市到建筑各层级以及全部路段）。

街区是各分区内由道路围合的区域（道路与分区边界一起构面）；地块是被土地利用面切分的街区，每块一个类别；建筑归入占其占地面积最多的地块；路段是在交叉口和分区边界处打断的道路，带有等级、AADT（辆/日）和长度（m）。
编号：城市 CITY，分区为其代码（D01），街区 D01-B0001，地块 D01-B0001-P01，建筑 D01-B0001-P01-G001，路段 D01-L00001，按自北向南、自西向东编号。

BOUNDARIES：分区面；CODE_FIELD（唯一代码；缺失时按要素编号顺序生成 D01、D02 …… 并发出警告）、NAME_FIELD。
ROADS：道路线；ROAD_CLASS_FIELD、AADT_FIELD、ROAD_ID_FIELD、ROAD_NAME_FIELD。
LANDUSE：土地利用面；LANDUSE_FIELD 取 resources/landuse_classes.csv 中的类别（residential、commercial、industrial、public、park、forest、grassland、wetland、water、cropland、bare_land、parking、unclassified；也接受中文名称和 GB 50137 代码）。土地利用面重叠或嵌套时，优先级较高的类别（water &gt; wetland &gt; forest &gt; park &gt; grassland &gt; cropland &gt; bare_land &gt; parking &gt; public、commercial、industrial &gt; residential）保留重叠部分，其次为较小的面；不在任何面内的街区面积成为 unclassified 类地块。
LANDUSE_MAP（可选）：CSV value,land_use[,key,source]，将其他取值映射到上述类别，如 resources/landuse_maps/osm.csv（OpenStreetMap 的 landuse/leisure/natural/amenity 取值）、gbt21010_2017.csv（GB/T 21010-2017）、gb50137_2011.csv（GB 50137-2011）；映射表未列出的取值被排除，并在警告中列出其数量（无映射表时这些取值使运行终止）。
BUILDINGS（可选）：建筑轮廓；BUILDING_ID_FIELD、BUILDING_USE_FIELD、FLOORS_FIELD、POPULATION_FIELD（人）、BUILT_YEAR_FIELD。图层中缺失的可选字段将被跳过。
MIN_AREA：面积小于此值（m2）的碎片并入共享边界最长的相邻单元。
TOLERANCE：发出警告前允许的最大相对面积残差 |上级 - 下级之和| / 上级；地块与街区的残差既超出该值又超出 MIN_AREA 平方米时终止运行（不写入任何内容）。
SNAP：道路构网前将所有输入坐标取整到的网格（m，默认 1 mm；0 为不取整）；土地利用面的角点距街区角点在此范围内时移到该角点上，因此沿道路绘制的土地利用不产生碎片。随后按规范顺序读取输入（有源编号时按源编号，否则按取整后的几何），因此相同要素无论顺序如何、或平移小于半个网格（重投影的舍入误差），都得到相同的单元和编号；土地利用面重叠时，优先级较高的类别保留重叠部分，其次为较小的面。
ACCEPT_EXTREME：设为 yes 时，合理但极端的数值（层数超过 100）照常核算而不拒绝；超出 resources/plausible_ranges.csv 范围的数值（层数 1-200）始终拒绝。
LEDGER：账本 .gpkg；不存在时以 BOUNDARIES 的坐标系创建（必须为投影坐标系）。
其他坐标系的图层重投影到账本坐标系。无效（自相交）的分区或土地利用面以及没有几何的分区将被拒绝，并指明要素；无效的建筑被修复并列出。重复的建筑编号将被拒绝；缺少层数的建筑将被列出。
对已有账本重新划分时进行对账：新单元与同层级、同上级的旧单元的面积（路段为长度）重叠超过二者并集的一半时沿用旧编号；其他新单元使用此前从未用过的编号。未变化地块的影像分割单元保留。条目、碳储量、单元统计和情景编辑从不删除，也不改挂到其他单元：reconciliation 表按旧单元列出 kept（几何相同）、moved（几何已变）或 orphaned（已消失：其数据行仍保留在原编号下）及其数据行数。条目所指向的单元或路段不得改变（轮廓、属性，或其编号消失）：条目的内容摘要涵盖其单元，因此这些条目将无法再通过核验，之后的运行也无法复制它们；此时运行终止且不做任何更改，除非 REPLACE 为 yes（之后请重新核算最新的清单年份；较早的年份保持按旧单元核算的结果）。
COVERAGE：若一次运行将以不足此比例的结果替换先前的单元（分区面积）或其条目（按行数；分割单元按面积；比值，默认 0.5），则运行终止且不做任何更改；REPLACE 为 yes 时允许写入，替换内容的说明以运行编号记入 run_notices 表。
输出：N_DISTRICTS、N_BLOCKS、N_PARCELS、N_BUILDINGS、N_LINKS、N_BUILDINGS_OUTSIDE 以及各层级的面积残差：DISTRICT_/BLOCK_/PARCEL_RESIDUAL_M2（m2，对各上级求和）和 _RATIO（最大值）；N_KEPT、N_MOVED、N_ORPHANED：各状态的旧单元数，以及 RECONCILIATION：对账表（图层 URI；按本次运行的 run_id 筛选）。</translation>
    </message>
    <message>
      <source>Multiband image</source>
      <translation>多波段影像</translation>
    </message>
    <message>
      <source>Mean segment area (m2)</source>
      <translation>平均分割单元面积（m2）</translation>
    </message>
    <message>
      <source>Red band</source>
      <translation>红光波段</translation>
    </message>
    <message>
      <source>Near-infrared band</source>
      <translation>近红外波段</translation>
    </message>
    <message>
      <source>Land-cover raster (integer codes)</source>
      <translation>土地覆盖栅格（整数编码）</translation>
    </message>
    <message>
      <source>Window size (pixels)</source>
      <translation>窗口大小（像元）</translation>
    </message>
    <message>
      <source>segments</source>
      <translation>分割单元</translation>
    </message>
    <message>
      <source>parcels without segment</source>
      <translation>无分割单元的地块</translation>
    </message>
    <message>
      <source>parcels outside image</source>
      <translation>位于影像外的地块</translation>
    </message>
    <message>
      <source>Segment imagery inside parcels (tape measure)</source>
      <translation>地块内影像分割（卷尺）</translation>
    </message>
    <message>
      <source>Object-based image segmentation where no cadastre exists: SLIC superpixels (scikit-image) of the image inside every parcel of the ledger, written as 'segment' units under their parcel (ids &lt;parcel&gt;-S0001), replacing earlier segments (a new segment overlapping an old one of its parcel by more than half of their union keeps the old id; entries of old segments are kept and listed in the reconciliation table; a segment that entries name must not change or go: their content digests cover it, so the run stops and changes nothing unless REPLACE is yes). No segment crosses a parcel boundary: SLIC sees a channel that differs per parcel, and its clusters are then split by parcel and connected component; the pixel outlines are then cut to the parcel and the parcel area along its edges that no pixel centre holds goes to the segment of the parcel in the neighbouring pixel, so the segments of a parcel tile it exactly. The image is read window by window (each parcel in the window holding its centre, so windows never cut a parcel).
Per segment, unit_stats gets mean:band_&lt;i&gt; (image values), mean:ndvi (ratio, (NIR - red) / (NIR + red) per pixel) when NIR_BAND is set, and area_m2:lc_&lt;code&gt; (m2 of each land-cover code, sampled at the image's pixel centres) when LANDCOVER is given.

LEDGER: a ledger holding parcels (run Segment units first).
IMAGE: multiband raster (e.g. B, G, R, NIR) in a projected CRS; nodata pixels are left out.
SCALE: mean segment area wanted, m2; under 20 pixels (e.g. 18,000 m2 on 30 m Landsat pixels, 2,000 m2 on 10 m Sentinel-2 pixels) a warning says segments follow noise.
RED_BAND, NIR_BAND: bands for NDVI (no NDVI without NIR_BAND); they must hold surface reflectance (0..1, or x 10,000 as Sentinel-2 Level-2A stores it): digital numbers (98th percentile above 10,000) are refused.
LANDCOVER: optional classified raster (integer codes), any grid and CRS.
WINDOW: window side in pixels (memory grows with its square).
COVERAGE: a run that would replace earlier results with less than this share of them (rows; segments: their area; ratio, default 0.5) stops and changes nothing; REPLACE yes lets it write, and the notice of what it replaced goes into the run_notices table under the run's id.
Outputs: N_SEGMENTS, N_PARCELS_WITHOUT_SEGMENT (parcels holding no pixel centre), N_PARCELS_OUTSIDE_IMAGE.</source>
      <translation>在没有地籍数据时进行面向对象的影像分割：对账本中每个地块内的影像做 SLIC 超像素分割（scikit-image），结果作为“segment”单元写在所属地块之下（编号 &lt;地块&gt;-S0001），替换先前的分割单元（新分割单元与所在地块中旧分割单元的重叠超过二者并集的一半时沿用旧编号；旧分割单元的条目保留并列入 reconciliation 表；条目所指向的分割单元不得改变或消失：条目的内容摘要涵盖该单元，因此除非 REPLACE 为 yes，否则运行终止且不做任何更改）。分割单元不跨越地块边界：SLIC 使用一个按地块取不同值的通道，其聚类再按地块和连通分量拆分；随后像元轮廓被裁切到地块边界，地块边缘未被任何像元中心占据的面积并入相邻像元中属于同一地块的分割单元，因此一个地块的分割单元恰好拼满该地块。影像按窗口逐块读取（每个地块归入包含其中心的窗口，因此窗口不会切开地块）。
每个分割单元在 unit_stats 中记录 mean:band_&lt;i&gt;（影像值）；设置 NIR_BAND 时记录 mean:ndvi（比值，逐像元 (NIR - red) / (NIR + red)）；给出 LANDCOVER 时记录 area_m2:lc_&lt;代码&gt;（各土地覆盖代码的面积，m2，按影像像元中心采样）。

LEDGER：含有地块的账本（先运行“划分核算单元”）。
IMAGE：投影坐标系下的多波段栅格（如 B、G、R、NIR）；无数据像元被排除。
SCALE：期望的平均分割单元面积，m2；小于 20 个像元时（如 30 m Landsat 像元下 18,000 m2，10 m Sentinel-2 像元下 2,000 m2）发出警告：分割单元将跟随噪声。
RED_BAND、NIR_BAND：用于 NDVI 的波段（无 NIR_BAND 则不计算 NDVI）；须为地表反射率（0..1，或如 Sentinel-2 L2A 那样乘以 10,000 存储）：原始数字量值（第 98 百分位数超过 10,000）将被拒绝。
LANDCOVER：可选的分类栅格（整数编码），任意格网和坐标系。
WINDOW：窗口边长（像元；内存随其平方增长）。
COVERAGE：若一次运行将以不足此比例的结果替换先前的结果（按行数；分割单元按面积；比值，默认 0.5），则运行终止且不做任何更改；REPLACE 为 yes 时允许写入，替换内容的说明以运行编号记入 run_notices 表。
输出：N_SEGMENTS、N_PARCELS_WITHOUT_SEGMENT（不含任何像元中心的地块）、N_PARCELS_OUTSIDE_IMAGE。</translation>
    </message>
    <message>
      <source>Activity data (CSV or table)</source>
      <translation>活动数据（CSV 或表）</translation>
    </message>
    <message>
      <source>Factor overrides (CSV, optional)</source>
      <translation>排放因子覆盖（CSV，可选）</translation>
    </message>
    <message>
      <source>Industrial point sources</source>
      <translation>工业点源</translation>
    </message>
    <message>
      <source>Accounting year</source>
      <translation>核算年份</translation>
    </message>
    <message>
      <source>Regional grid</source>
      <translation>区域电网</translation>
    </message>
    <message>
      <source>Year of the grid factor (empty: YEAR)</source>
      <translation>电网因子年份（空：取 YEAR）</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <source>Reason for recalculating the year</source>
      <translation>重新计算该年份的原因</translation>
    </message>
    <message>
      <source>Entries written</source>
      <translation>写入的条目数</translation>
    </message>
    <message>
      <source>Total sources (t CO2e/yr)</source>
      <translation>排放源合计（t CO2e/年）</translation>
    </message>
    <message>
      <source>Account sources</source>
      <translation>核算排放源</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>秤</translation>
    </message>
    <message>
      <source>Turns activity data into ledger entries per unit (t CO2e/yr): activity x factor x conversion, one entry per gas for fuels (CO2, CH4, N2O; GWP100 from AR5 folded into the conversion), each with its factor's cited source, a 95% interval (IPCC Approach 1), a fingerprint, GPC sector and scope.

Activity rows are bottom-up (a metered or reported amount on a unit, building, road link or facility) or top-down (a district or city total with a proxy: floor_area, population, traffic, facilities). Metered amounts inside a top-down total are subtracted before it is downscaled, so nothing is counted twice. The format is in the README, section 'Scale: sources'.

LEDGER: the ledger GeoPackage (units and links from the tape measure).
ACTIVITY: CSV file or table with row_id, target, sector, carrier, amount, unit, low/high or uncertainty_pct, year, proxy, profile.
FACTORS: optional CSV whose rows replace shipped factor rows by factor_id (or add new ones).
FACILITIES: optional point layer of industrial point sources (facility_id, building_id, carrier).
YEAR: accounting year, the inventory year of the entries; rows of other years are skipped; the grid factor of YEAR is used, and a YEAR without one stops the run naming the years there are. A year not in the ledger is added beside the others.
REASON: why an inventory year already in the ledger is recalculated (a corrected factor, a new method): the run becomes a new version of the year, with the reason recorded in inventory_years, and earlier versions stay as they were. Needed for a year sealed by a later one; runs with the same REASON continue one version.
GRID_REGION: China grid: national, a regional grid (north, northeast, east, central, northwest, south, southwest) or a province (beijing ... hainan; the MEE/NBS provincial factors, used for provincial and city inventories).
GRID_YEAR: optional year of the grid factor when the inventory year has none (e.g. 2023 for a 2024 inventory); it is recorded with the run.
SCENARIO: scenario the entries belong to (default baseline); earlier entries of this algorithm in the scenario are replaced.
ACCEPT_EXTREME: yes to account plausible but extreme values (a grid factor above 1.2 kg CO2/kWh, an electricity row above 200 TWh) instead of refusing them; values outside resources/plausible_ranges.csv (grid factor 0-1.5 kg CO2/kWh) are always refused.
Outputs: ENTRIES written and TOTAL_T (t CO2e/yr). Bad input stops the run naming the row; the ledger is left unchanged.</source>
      <translation>将活动数据转为各单元的账本条目（t CO2e/年）：活动水平 × 排放因子 × 换算系数；燃料按气体各一条（CO2、CH4、N2O；AR5 的 GWP100 计入换算系数），每条都带有排放因子的引用来源、95% 区间（IPCC 方法 1）、数据指纹、GPC 部门与范围。

活动数据行可以是自下而上的（单元、建筑、道路路段或设施上计量或报送的量），也可以是自上而下的（分区或全市总量加分配代理：floor_area、population、traffic、facilities）。自上而下总量中已计量的部分在降尺度前先扣除，因此不会重复计算。格式见 README 的“Scale: sources”一节。

LEDGER：账本 GeoPackage（单元和路段来自“卷尺”）。
ACTIVITY：CSV 文件或表，含 row_id、target、sector、carrier、amount、unit、low/high 或 uncertainty_pct、year、proxy、profile。
FACTORS：可选 CSV，按 factor_id 替换内置排放因子行（或新增）。
FACILITIES：可选的工业点源点图层（facility_id、building_id、carrier）。
YEAR：核算年份，即条目的清单年份；其他年份的行被跳过；使用 YEAR 年的电网排放因子，该年没有因子时运行终止并列出已有的年份。账本中没有的年份将与其他年份并列加入。
REASON：重新计算账本中已有清单年份的原因（修正的排放因子、新方法）：本次运行成为该年份的新版本，原因记入 inventory_years，较早版本保持不变。被更晚年份封存的年份必须给出；原因相同的运行续写同一版本。
GRID_REGION：中国电网：national（全国）、区域电网（north、northeast、east、central、northwest、south、southwest）或省份（beijing … hainan；生态环境部、国家统计局发布的省级因子，用于省级和城市清单）。
GRID_YEAR：可选，核算年份没有因子时所用电网因子的年份（如 2024 年清单用 2023）；随运行记录。
SCENARIO：条目所属情景（默认 baseline）；本算法在该情景中的旧条目将被替换。
ACCEPT_EXTREME：设为 yes 时，合理但极端的数值（电网排放因子高于 1.2 kg CO2/kWh、单行电量超过 200 TWh）照常核算而不拒绝；超出 resources/plausible_ranges.csv 范围的数值（电网排放因子 0-1.5 kg CO2/kWh）始终拒绝。
输出：写入的条目数 ENTRIES 和 TOTAL_T（t CO2e/年）。输入有误时运行终止并指明所在行；账本保持不变。</translation>
    </message>
    <message>
      <source>Land-cover raster (class codes)</source>
      <translation>土地覆盖栅格（类别编码）</translation>
    </message>
    <message>
      <source>Class table (CSV, optional)</source>
      <translation>类别表（CSV，可选）</translation>
    </message>
    <message>
      <source>Tree-cover fraction raster 0..1</source>
      <translation>树冠覆盖率栅格 0..1</translation>
    </message>
    <message>
      <source>NDVI raster</source>
      <translation>NDVI 栅格</translation>
    </message>
    <message>
      <source>Land-cover raster of another year</source>
      <translation>另一年份的土地覆盖栅格</translation>
    </message>
    <message>
      <source>Year of the other land-cover raster</source>
      <translation>另一土地覆盖栅格的年份</translation>
    </message>
    <message>
      <source>Year of the land-cover raster</source>
      <translation>土地覆盖栅格的年份</translation>
    </message>
    <message>
      <source>Soil carbon transition after a land conversion (years)</source>
      <translation>土地转换后土壤碳的过渡期（年）</translation>
    </message>
    <message>
      <source>Maintenance level of urban trees (pruning booked as a loss)</source>
      <translation>城市树木的养护等级（修剪计为碳损失）</translation>
    </message>
    <message>
      <source>Annual uptake method</source>
      <translation>年吸收量计算方法</translation>
    </message>
    <message>
      <source>Light-use efficiency parameters (CSV, optional)</source>
      <translation>光能利用率参数（CSV，可选）</translation>
    </message>
    <message>
      <source>Unit levels that get sink entries</source>
      <translation>获得碳汇条目的单元层级</translation>
    </message>
    <message>
      <source>Inventory year (empty: YEAR)</source>
      <translation>清单年份（留空：YEAR）</translation>
    </message>
    <message>
      <source>Sinks (t CO2e/yr, negative)</source>
      <translation>碳汇（t CO2e/年，负值）</translation>
    </message>
    <message>
      <source>Net of the entries written (t CO2e/yr)</source>
      <translation>写入条目的净值（t CO2e/年）</translation>
    </message>
    <message>
      <source>Carbon stock in YEAR (t C)</source>
      <translation>YEAR 年的碳储量（t C）</translation>
    </message>
    <message>
      <source>Units more than 1% without valid pixels</source>
      <translation>超过 1% 面积无有效像元的单元数</translation>
    </message>
    <message>
      <source>Account sinks and carbon stocks</source>
      <translation>核算碳汇与碳储量</translation>
    </message>
    <message>
      <source>What each unit's vegetation, soil, wetland and water take up (t CO2e/yr, negative) and store (t C), from a classified land-cover raster and a class table with cited rates and carbon pools.

Every parcel, building or segment is overlaid on the rasters exactly: pixels on a unit's edge count with the fraction of the pixel inside it (no pixel-centre rule), in one windowed pass. Class areas (m2), mean NDVI and canopy and the share of each unit no valid pixel covers go to unit_stats.

LEDGER: the ledger GeoPackage (units from the tape measure).
LANDCOVER: integer class raster in a projected CRS (units are reprojected to it if the ledger's CRS differs; a geographic raster is refused).
CLASSES: optional CSV (code, class, rate_t_c_ha_yr, rate_low, rate_high, distribution, c_above, c_below, c_soil, c_dead in t C/ha, stock_low, stock_high (95% range of the summed pools, t C/ha), stock_distribution, source[, profile, sealed (true for paved and built-up)]); default resources/sinks/landcover_classes.csv; shipped tables for land-cover products in resources/sinks/products/ (esa_worldcover, dynamic_world, clcd, glc_fcs30, nlcd). InVEST's Carbon table is accepted as InVEST ships it (lucode or LULC, C_above, C_below, C_soil, C_dead, a name column). Missing rates credit no uptake; missing ranges give a zero-width interval with 'no uncertainty given' in the source. Codes under units missing from the table stop the run and are listed.
CANOPY: optional tree-cover fraction raster (0..1); urban_trees is then accounted per ha of crown cover (IPCC Tier 2a).
NDVI: optional NDVI raster; needed by METHOD lue.
LANDCOVER_ALT and ALT_YEAR: optional second land-cover map and its year; land converted between them gets one net entry per unit and transition (class then -&gt; class now, IPCC 2006 Vol 4 Ch 2 and 8, Tier 1): the old biomass and dead organic matter are lost at conversion (new biomass starts from zero and grows by its class rate), soil carbon moves to the new class's over SOIL_YEARS; land sealed as paved or built-up never yields a sink.
SOIL_YEARS: years soil carbon takes to reach its new level after a conversion (IPCC default 20).
PRUNING: maintenance level of urban trees; the pruning of that level in the green-space maintenance table is booked as a biomass loss beside the trees' growth (IPCC Eq 8.1, gains minus losses); none books no loss.
YEAR: year of LANDCOVER. INVENTORY_YEAR: inventory year of the entries and stocks (empty: YEAR).
REASON: why an inventory year already in the ledger is recalculated (a corrected factor, a new method): the run becomes a new version of the year, with the reason recorded in inventory_years, and earlier versions stay as they were. Needed for a year sealed by a later one; runs with the same REASON continue one version.
METHOD: rates (class area x cited rate x -44/12) or lue (light-use efficiency from NDVI: fAPAR x PAR x efficiency minus heterotrophic respiration).
LUE_PARAMETERS: optional factor CSV replacing resources/sinks/lue_parameters.csv.
LEVELS: unit levels that get entries (default parcel and segment); a unit's entries cover only the part of it not covered by accounted descendants, so nothing is counted twice.
SCENARIO: scenario of the entries and stocks (earlier ones of this algorithm are replaced).
COVERAGE: a run that would replace earlier results with less than this share of them (rows; segments: their area; ratio, default 0.5) stops and changes nothing; REPLACE yes lets it write, and the notice of what it replaced goes into the run_notices table under the run's id.
Carbon stocks per unit and pool go to the stocks table, never into the annual net. Sink entries use the 'vegetation' hourly profile (daytime uptake, night-time respiration). Bad input stops the run with a message; the ledger is left unchanged.</source>
      <translation>各单元的植被、土壤、湿地和水体的年吸收量（t CO2e/年，负值）与碳储量（t C），依据分类土地覆盖栅格和附有引用来源的吸收率与碳库类别表计算。

每个地块、建筑或分割单元都与栅格精确叠加：单元边缘的像元按其落在单元内的面积比例计入（不采用像元中心规则），一次分窗遍历完成。各类别面积（m2）、NDVI 与树冠覆盖均值，以及单元内无有效像元覆盖的比例写入 unit_stats。

LEDGER：账本 GeoPackage（单元来自“卷尺”）。
LANDCOVER：投影坐标系下的整数类别栅格（账本坐标系不同时将单元重投影到栅格；拒绝地理坐标系栅格）。
CLASSES：可选 CSV（code、class、rate_t_c_ha_yr、rate_low、rate_high、distribution、c_above、c_below、c_soil、c_dead，单位 t C/公顷，stock_low、stock_high（各碳库合计的 95% 区间，t C/公顷）、stock_distribution、source[、profile、sealed（铺装和建成区为 true）]）；默认 resources/sinks/landcover_classes.csv；常用土地覆盖产品的类别表位于 resources/sinks/products/（esa_worldcover、dynamic_world、clcd、glc_fcs30、nlcd）。InVEST 碳模型的表可按 InVEST 原样使用（lucode 或 LULC、C_above、C_below、C_soil、C_dead、一列名称）。缺少吸收率时不计吸收；缺少区间时区间宽度为零，并在来源中注明“no uncertainty given”（未给出不确定性）。单元内出现而表中缺失的编码将终止运行并列出。
CANOPY：可选树冠覆盖率栅格（0..1）；此时 urban_trees 按每公顷树冠覆盖核算（IPCC Tier 2a）。
NDVI：可选 NDVI 栅格；METHOD 为 lue 时必需。
LANDCOVER_ALT 与 ALT_YEAR：可选的另一年份土地覆盖图及其年份；两图之间转换的土地按单元和转换类型（原类别 -&gt; 现类别）各计一条净条目（IPCC 2006 第4卷第2、8章，Tier 1）：原有生物量和死有机质在转换时损失（新生物量从零开始，按其类别吸收率生长），土壤碳在 SOIL_YEARS 年内过渡到新类别的水平；转为铺装或建成区的土地绝不产生碳汇。
SOIL_YEARS：土地转换后土壤碳达到新水平所需的年数（IPCC 默认 20）。
PRUNING：城市树木的养护等级；绿地养护表中该等级的修剪量作为生物量损失与树木生长并列计入（IPCC 式 8.1，增长减损失）；none 不计损失。
YEAR：LANDCOVER 的年份。INVENTORY_YEAR：条目和碳储量所属的清单年份（留空：YEAR）。
REASON：重新计算账本中已有清单年份的原因（修正的排放因子、新方法）：本次运行成为该年份的新版本，原因记入 inventory_years，较早版本保持不变。被更晚年份封存的年份必须给出；原因相同的运行续写同一版本。
METHOD：rates（类别面积 × 引用吸收率 × -44/12）或 lue（基于 NDVI 的光能利用率：fAPAR × PAR × 光能利用效率，减去异养呼吸）。
LUE_PARAMETERS：可选的因子 CSV，替换 resources/sinks/lue_parameters.csv。
LEVELS：获得条目的单元层级（默认地块和分割单元）；一个单元的条目只覆盖其未被已核算下级单元覆盖的部分，因此不会重复计算。
SCENARIO：条目和碳储量所属情景（本算法在该情景中的旧条目将被替换）。
COVERAGE：若一次运行将以不足此比例的结果替换先前的结果（按行数；分割单元按面积；比值，默认 0.5），则运行终止且不做任何更改；REPLACE 为 yes 时允许写入，替换内容的说明以运行编号记入 run_notices 表。
各单元各碳库的碳储量写入 stocks 表，从不计入年净排放。碳汇条目使用“vegetation”逐时曲线（白天吸收、夜间呼吸）。输入有误时运行终止并给出提示；账本保持不变。</translation>
    </message>
    <message>
      <source>First day (YYYY-MM-DD)</source>
      <translation>起始日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <source>Last day (YYYY-MM-DD)</source>
      <translation>结束日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <source>Hourly emissions table</source>
      <translation>逐时排放表</translation>
    </message>
    <message>
      <source>Units with one field per hour</source>
      <translation>每小时一个字段的单元图层</translation>
    </message>
    <message>
      <source>Road links with one field per hour</source>
      <translation>每小时一个字段的道路路段图层</translation>
    </message>
    <message>
      <source>Rows in the hourly table</source>
      <translation>逐时表的行数</translation>
    </message>
    <message>
      <source>Total over the range (t CO2e)</source>
      <translation>时段内合计（t CO2e）</translation>
    </message>
    <message>
      <source>Hourly emissions</source>
      <translation>逐时排放</translation>
    </message>
    <message>
      <source>Spreads every entry's annual value (t CO2e/yr) over the hours of the chosen days with its temporal profile (resources/profiles: month x weekday/weekend x hour; entries without a profile are flat) and sums per unit. Weights are normalised per calendar year, so the hours of a whole year add up to the annual ledger. Sinks with a day/night profile give negative hours by day and positive ones at night.

LEDGER: the ledger GeoPackage. SCENARIO: baseline or a stored scenario.
START_DATE, END_DATE: first and last day (YYYY-MM-DD), inclusive.
OUTPUT: table unit_id, date, hour (0-23, local start hour), co2e_t (t CO2e in that hour; sources minus sinks).
OUTPUT_LAYER: optional polygon layer of units, one feature per unit and day with fields h00..h23 (t CO2e). OUTPUT_LINKS: the same for road links (lines).
Outputs: ROWS written to OUTPUT and TOTAL_T over the range (t CO2e).</source>
      <translation>将每条条目的年值（t CO2e/年）按其时间曲线（resources/profiles：月 × 工作日/周末 × 小时；无曲线的条目均匀分布）分摊到所选日期的各小时，并按单元汇总。权重按自然年归一化，因此全年各小时之和等于账本年值。带昼夜曲线的碳汇在白天为负、夜间为正。

LEDGER：账本 GeoPackage。SCENARIO：baseline 或已保存的情景。
START_DATE、END_DATE：起止日期（YYYY-MM-DD），含首尾。
OUTPUT：表 unit_id、date、hour（0-23，当地起始小时）、co2e_t（该小时的 t CO2e；排放源减碳汇）。
OUTPUT_LAYER：可选的单元面图层，每个单元每天一个要素，字段 h00..h23（t CO2e）。OUTPUT_LINKS：道路路段（线）的同类图层。
输出：写入 OUTPUT 的行数 ROWS 和时段内合计 TOTAL_T（t CO2e）。</translation>
    </message>
    <message>
      <source>Parameter overrides (CSV, optional)</source>
      <translation>参数覆盖（CSV，可选）</translation>
    </message>
    <message>
      <source>Design type and regime per unit (table, optional)</source>
      <translation>各单元的设计类型与养护方式（表，可选）</translation>
    </message>
    <message>
      <source>Grid factor id (resources/factors)</source>
      <translation>电网排放因子编号（resources/factors）</translation>
    </message>
    <message>
      <source>Construction year of units without built_year</source>
      <translation>无 built_year 单元的建设年份</translation>
    </message>
    <message>
      <source>Inventory year</source>
      <translation>清单年份</translation>
    </message>
    <message>
      <source>Irrigation electricity inside the electricity totals</source>
      <translation>灌溉用电已包含在电力总量中</translation>
    </message>
    <message>
      <source>Green units</source>
      <translation>绿地单元</translation>
    </message>
    <message>
      <source>Gross uptake (t CO2e/yr, negative)</source>
      <translation>总吸收量（t CO2e/年，负值）</translation>
    </message>
    <message>
      <source>Maintenance (t CO2e/yr)</source>
      <translation>养护（t CO2e/年）</translation>
    </message>
    <message>
      <source>Amortised construction (t CO2e/yr)</source>
      <translation>摊销的建设排放（t CO2e/年）</translation>
    </message>
    <message>
      <source>Net (t CO2e/yr)</source>
      <translation>净值（t CO2e/年）</translation>
    </message>
    <message>
      <source>Green units that are net sources</source>
      <translation>净排放源的绿地单元</translation>
    </message>
    <message>
      <source>Green-space life-cycle budget</source>
      <translation>绿地全生命周期碳收支</translation>
    </message>
    <message>
      <source>Green space</source>
      <translation>绿地</translation>
    </message>
    <message>
      <source>Counts green space honestly: for each green unit, construction (earthwork, materials, machinery per m2 by design type, amortised over its lifetime) and yearly maintenance (irrigation water x pumping kWh/m3 x grid factor, mowing fuel, fertiliser N2O, pruning and green-waste composting, replanting) against the gross uptake of the sink accounting. Each term is an entry (sector greenspace_*) with its parameter rows, interval and fingerprint: mowing, fertiliser, pruning waste and irrigation are 'source' entries in the territorial net; construction and replanting (GPC VI, scope 3), and irrigation electricity when the electricity totals already hold it (IE), are 'lifecycle' entries, outside the net and GPC BASIC. Construction is charged only to units built within their design life (built_year, from the units or GREEN_UNITS). The greenspace_budget table holds per unit gross uptake, maintenance, amortised and total construction, net (t CO2e/yr; &gt; 0 is a net source) and the payback year. A heavily irrigated lawn comes out as a net source.

LEDGER: the ledger, with sink entries (run carbonledger:accountsinks first) and land-cover areas per unit in unit_stats.
PARAMETERS: optional CSV in factor format (factor_id, value, unit, low, high, distribution, source, year, region; optional parameter, applies_to) whose rows replace the shipped rows of resources/greenspace/ by factor_id or add new ones.
GREEN_UNITS: optional table (unit_id, design_type, regime) that makes a unit green or changes its design type (park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn) and maintenance regime (intensive, standard, extensive). Without it, parcels are green by land_use (resources/greenspace/design_types.csv).
SCENARIO: scenario written (default baseline); earlier results of this algorithm there are replaced.
GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh), e.g. china_grid_central_2023.
CONSTRUCTION_YEAR: year payback starts for units without built_year.
INVENTORY_YEAR: year of the inventory; construction is charged when 0 &lt;= INVENTORY_YEAR - built_year &lt; design life.
IRRIGATION_IN_ELECTRICITY: auto (included when the ledger's electricity is downscaled from a total), included (IE) or separate (a scope-2 source entry).
Outputs: UNITS, ENTRIES, GROSS_UPTAKE_T, MAINTENANCE_T, CONSTRUCTION_T (amortised), NET_T (t CO2e/yr), NET_SOURCES (units whose net is a source).</source>
      <translation>如实核算绿地：对每个绿地单元，将建设（按设计类型每平方米的土方、材料、机械排放，在使用年限内摊销）和每年养护（灌溉用水 × 提水能耗 kWh/m3 × 电网排放因子、割草燃料、化肥 N2O、修剪及园林废弃物堆肥、补植）与碳汇核算得到的总吸收量相对照。每一项都是一条条目（部门 greenspace_*），带有其参数行、区间和数据指纹：割草、化肥、修剪废弃物和灌溉是计入辖区净排放的“source”条目；建设和补植（GPC VI，范围 3），以及电力总量已包含时的灌溉用电（IE，已计入他处），是“lifecycle”条目，不计入净排放和 GPC BASIC。建设排放只计给处于设计使用年限内的单元（built_year，来自单元图层或 GREEN_UNITS）。greenspace_budget 表记录每个单元的总吸收量、养护、摊销及总建设排放、净值（t CO2e/年；&gt; 0 为净排放源）和回收年份。大量灌溉的草坪会成为净排放源。

LEDGER：账本，需含碳汇条目（先运行 carbonledger:accountsinks）和 unit_stats 中各单元的土地覆盖面积。
PARAMETERS：可选的排放因子格式 CSV（factor_id、value、unit、low、high、distribution、source、year、region；可选 parameter、applies_to），按 factor_id 替换 resources/greenspace/ 中的内置行或新增行。
GREEN_UNITS：可选表（unit_id、design_type、regime），可将某单元设为绿地或更改其设计类型（park、pocket_park、green_belt、street_trees、urban_forest、grassland、wetland、lawn）和养护方式（intensive、standard、extensive）。未提供时，按地块的 land_use 判定绿地（resources/greenspace/design_types.csv）。
SCENARIO：写入的情景（默认 baseline）；本算法在该情景中的旧结果将被替换。
GRID_FACTOR：电网电力的排放因子编号（kg CO2/kWh），如 china_grid_central_2023。
CONSTRUCTION_YEAR：无 built_year 单元的回收期起算年份。
INVENTORY_YEAR：清单年份；当 0 &lt;= INVENTORY_YEAR - built_year &lt; 设计使用年限时计入建设排放。
IRRIGATION_IN_ELECTRICITY：auto（账本电力由总量分解得到时视为已包含）、included（IE）或 separate（一条范围 2 的排放源条目）。
输出：UNITS、ENTRIES、GROSS_UPTAKE_T、MAINTENANCE_T、CONSTRUCTION_T（摊销）、NET_T（t CO2e/年）、NET_SOURCES（净值为排放源的单元数）。</translation>
    </message>
    <message>
      <source>Hydrologic soil group</source>
      <translation>水文土壤组</translation>
    </message>
    <message>
      <source>Reference cover for stormwater</source>
      <translation>雨洪计算的参照下垫面</translation>
    </message>
    <message>
      <source>Avoided by cooling (t CO2e/yr)</source>
      <translation>降温避免的排放（t CO2e/年）</translation>
    </message>
    <message>
      <source>Avoided by stormwater retention (t CO2e/yr)</source>
      <translation>雨水滞留避免的排放（t CO2e/年）</translation>
    </message>
    <message>
      <source>Pollutants removed (kg/yr, JSON)</source>
      <translation>去除的污染物（kg/年，JSON）</translation>
    </message>
    <message>
      <source>Green-space indirect benefits</source>
      <translation>绿地间接效益</translation>
    </message>
    <message>
      <source>Emissions avoided elsewhere because green space exists, as 'avoided' entries (negative t CO2e/yr, kept apart from direct sources and sinks), each tagged with the green unit that causes it (related_unit_id).
Cooling (InVEST Urban Cooling form): cooling capacity CC = 0.6 shade + 0.2 albedo + 0.2 ETI per land-cover class; park cooling at each building = CC of green units weighted by exp(-d/d_cool) over their area (cut off at 5 d_cool, at least 2 ha of green within d_cool); temperature drop = (HM - CC) x UHI_max; saved kWh = kWh/degC/m2 (by building use) x footprint x drop; x grid factor. Entries go on the buildings.
Stormwater (InVEST Urban Stormwater Retention form): retention 1 - runoff coefficient by land cover and soil group; m3 = P x (RE - RE of REFERENCE_COVER) x area x 0.001; x kWh/m3 of drainage pumping and treatment; x grid factor. Entries go on the green units.
Air quality (i-Tree Eco form): kg per pollutant (o3, no2, so2, co, pm25) = deposition velocity x concentration x canopy x in-leaf time, in the pollutant_removal table, never in CO2.

LEDGER: the ledger with units (green parcels, buildings) and, ideally, land-cover areas in unit_stats.
PARAMETERS: optional CSV in factor format (factor_id, value, unit, low, high, distribution, source, year, region; optional parameter, applies_to) whose rows replace the shipped rows of resources/greenspace/ by factor_id or add new ones.
GREEN_UNITS: optional table (unit_id, design_type, regime) that makes a unit green or changes its design type (park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn) and maintenance regime (intensive, standard, extensive). Without it, parcels are green by land_use (resources/greenspace/design_types.csv).
SCENARIO: scenario written (default baseline); earlier results of this algorithm there are replaced.
GRID_FACTOR: factor id of the grid electricity (kg CO2/kWh).
SOIL_GROUP: hydrologic soil group A-D of the runoff coefficients.
REFERENCE_COVER: land-cover class the green ground is credited against (paved; water gives InVEST's absolute retention).
Outputs: ENTRIES, COOLING_T and STORMWATER_T (t CO2e/yr, negative), POLLUTANTS_KG (JSON, kg/yr).</source>
      <translation>因绿地存在而在别处避免的排放，记为“avoided”条目（负的 t CO2e/年，与直接排放源和碳汇分开），每条标注产生它的绿地单元（related_unit_id）。
降温（InVEST 城市降温模型形式）：各土地覆盖类别的降温能力 CC = 0.6 遮荫 + 0.2 反照率 + 0.2 ETI；每栋建筑处的公园降温 = 绿地单元 CC 按面积以 exp(-d/d_cool) 加权（截断于 5 d_cool，d_cool 内至少有 2 公顷绿地）；降温幅度 = (HM - CC) × UHI_max；节电 kWh = kWh/°C/m2（按建筑用途）× 占地面积 × 降温幅度；再乘以电网排放因子。条目记在建筑上。
雨洪（InVEST 城市雨水滞留模型形式）：滞留率 = 1 - 按土地覆盖和土壤组的径流系数；m3 = P × (RE - REFERENCE_COVER 的 RE) × 面积 × 0.001；乘以排水泵送和处理的 kWh/m3；再乘以电网排放因子。条目记在绿地单元上。
空气质量（i-Tree Eco 形式）：各污染物（o3、no2、so2、co、pm25）千克数 = 沉降速度 × 浓度 × 树冠 × 有叶期，记入 pollutant_removal 表，从不计入 CO2。

LEDGER：含单元（绿地地块、建筑）的账本，最好在 unit_stats 中有土地覆盖面积。
PARAMETERS：可选的排放因子格式 CSV（factor_id、value、unit、low、high、distribution、source、year、region；可选 parameter、applies_to），按 factor_id 替换 resources/greenspace/ 中的内置行或新增行。
GREEN_UNITS：可选表（unit_id、design_type、regime），可将某单元设为绿地或更改其设计类型（park、pocket_park、green_belt、street_trees、urban_forest、grassland、wetland、lawn）和养护方式（intensive、standard、extensive）。未提供时，按地块的 land_use 判定绿地（resources/greenspace/design_types.csv）。
SCENARIO：写入的情景（默认 baseline）；本算法在该情景中的旧结果将被替换。
GRID_FACTOR：电网电力的排放因子编号（kg CO2/kWh）。
SOIL_GROUP：径流系数所用的水文土壤组 A-D。
REFERENCE_COVER：绿地地面相对比较的土地覆盖类别（paved；取 water 则为 InVEST 的绝对滞留量）。
输出：ENTRIES、COOLING_T 和 STORMWATER_T（t CO2e/年，负值）、POLLUTANTS_KG（JSON，kg/年）。</translation>
    </message>
    <message>
      <source>Supply</source>
      <translation>供给</translation>
    </message>
    <message>
      <source>Distance-decay kernel</source>
      <translation>距离衰减核函数</translation>
    </message>
    <message>
      <source>Flow lines to draw</source>
      <translation>绘制的流线数</translation>
    </message>
    <message>
      <source>Residents</source>
      <translation>居民</translation>
    </message>
    <message>
      <source>Residents under-served</source>
      <translation>服务不足的居民</translation>
    </message>
    <message>
      <source>Gini of supply per person</source>
      <translation>人均供给的基尼系数</translation>
    </message>
    <message>
      <source>Share of supply crossing districts</source>
      <translation>跨分区的供给比例</translation>
    </message>
    <message>
      <source>Green units with nobody in reach</source>
      <translation>服务范围内无人的绿地单元</translation>
    </message>
    <message>
      <source>Flow lines written</source>
      <translation>写出的流线数</translation>
    </message>
    <message>
      <source>Green-space service flows</source>
      <translation>绿地服务流</translation>
    </message>
    <message>
      <source>Where green space's benefits go, as a two-step floating catchment from green units to the residents of building units (units.population): the supply of each green unit (SUPPLY: area m2, sink t CO2e/yr or cooling CC-weighted m2) is shared among the people within its search radius (per design type, resources/greenspace/access.csv) with a distance-decay KERNEL (dichotomy, exponential, gaussian, density); each resident's supply per person is the sum over the green units reaching them, and its balance against the demand standard (m2/person) marks the under-served.
Writes service_access (per green unit and building), service_districts (population, under-served population, Gini of supply per person, own and received supply), service_flow_matrix (district to district: who benefits from whose green space) and the service_flows line layer of the MAX_LINES largest green-unit-to-district flows.

LEDGER: the ledger with green parcels, districts and populated buildings.
PARAMETERS: optional CSV in factor format (factor_id, value, unit, low, high, distribution, source, year, region; optional parameter, applies_to) whose rows replace the shipped rows of resources/greenspace/ by factor_id or add new ones.
GREEN_UNITS: optional table (unit_id, design_type, regime) that makes a unit green or changes its design type (park, pocket_park, green_belt, street_trees, urban_forest, grassland, wetland, lawn) and maintenance regime (intensive, standard, extensive). Without it, parcels are green by land_use (resources/greenspace/design_types.csv).
SCENARIO: scenario written (default baseline); earlier results of this algorithm there are replaced.
Outputs: POPULATION, UNDER_SERVED (persons), GINI, CROSS_DISTRICT_SHARE (share of the supply used by residents of another district), UNREACHED (green units with nobody in reach), LINES.</source>
      <translation>绿地效益流向何处：以两步移动搜索法从绿地单元到建筑单元的居民（units.population）：每个绿地单元的供给（SUPPLY：面积 m2、碳汇 t CO2e/年或按 CC 加权的降温面积 m2）按距离衰减核函数 KERNEL（dichotomy、exponential、gaussian、density）在其搜索半径内（按设计类型，resources/greenspace/access.csv）的人群中分配；每位居民的人均供给为所有可达绿地单元之和，与需求标准（m2/人）比较的差额标记服务不足人群。
写出 service_access（按绿地单元和建筑）、service_districts（人口、服务不足人口、人均供给基尼系数、本区与外区供给）、service_flow_matrix（分区到分区：谁受益于谁的绿地），以及 MAX_LINES 条最大的绿地单元到分区流量的 service_flows 线图层。

LEDGER：含绿地地块、分区和有人口的建筑的账本。
PARAMETERS：可选的排放因子格式 CSV（factor_id、value、unit、low、high、distribution、source、year、region；可选 parameter、applies_to），按 factor_id 替换 resources/greenspace/ 中的内置行或新增行。
GREEN_UNITS：可选表（unit_id、design_type、regime），可将某单元设为绿地或更改其设计类型（park、pocket_park、green_belt、street_trees、urban_forest、grassland、wetland、lawn）和养护方式（intensive、standard、extensive）。未提供时，按地块的 land_use 判定绿地（resources/greenspace/design_types.csv）。
SCENARIO：写入的情景（默认 baseline）；本算法在该情景中的旧结果将被替换。
输出：POPULATION、UNDER_SERVED（人）、GINI、CROSS_DISTRICT_SHARE（被其他分区居民使用的供给比例）、UNREACHED（服务范围内无人的绿地单元）、LINES。</translation>
    </message>
    <message>
      <source>Scenario ('baseline' or a stored scenario)</source>
      <translation>情景（“baseline”或已保存的情景）</translation>
    </message>
    <message>
      <source>District atlas (PDF)</source>
      <translation>分区地图集（PDF）</translation>
    </message>
    <message>
      <source>Folder for one PNG per district</source>
      <translation>每个分区一张 PNG 的输出文件夹</translation>
    </message>
    <message>
      <source>Language of the texts (auto: the language QGIS runs in)</source>
      <translation>文字语言（auto：与 QGIS 界面语言相同）</translation>
    </message>
    <message>
      <source>Change page from inventory year</source>
      <translation>变化页的起始清单年份</translation>
    </message>
    <message>
      <source>Change page to inventory year (optional; default the latest)</source>
      <translation>变化页的终止清单年份（可选；默认最新年份）</translation>
    </message>
    <message>
      <source>Pages written (one per district, two with FROM_YEAR)</source>
      <translation>已写入的页数（每个分区一页，给出 FROM_YEAR 时两页）</translation>
    </message>
    <message>
      <source>District map atlas</source>
      <translation>分区地图集</translation>
    </message>
    <message>
      <source>Renders one page per district of the ledger, from the print layout template resources/layouts/district_atlas.qpt: a map centred on the district, its neighbours greyed, of net flux per unit (t CO2e per hectare per year, sources red, sinks green, classes from the data; parcels or else blocks; for a scenario its change against the baseline, edited units outlined in blue) with road links by net per km (t CO2e/km/yr), a legend, a scale bar and a north arrow; the district's net with its 95% interval; a table of its largest sources and sinks (t CO2e/yr with 95% intervals, summed per unit and sector); the cited sources of the eight factors that weigh most (the others are counted; all are in the ledger's factors table); the scenario, the time the entries were computed, the plugin version and the print date.

LEDGER: the ledger GeoPackage.
SCENARIO: 'baseline' or a scenario stored in the ledger (its entries are composed on its base).
OUTPUT: the PDF file, one page per district.
PNG_FOLDER: optional folder for one PNG per page (district_D01.png for district D01).
LANGUAGE: en or zh for the titles, legend, table and notes (auto: the language QGIS runs in).
FROM_YEAR: optional inventory year; when given, each district gets a second page: a map of the change per block from FROM_YEAR to TO_YEAR (carbonledger:yearchange's numbers, styled as resources/styles/units_year_change.qml: pale where the 95% interval of the change spans zero), its legend, and a line with the district's change, its 95% interval and its activity, factor and method parts (t CO2e/yr). The first page shows the latest year, as without FROM_YEAR.
TO_YEAR: optional later inventory year (default the latest).
Outputs: PAGES, the number of pages written (one per district, two with FROM_YEAR).</source>
      <translation>按照版式模板 resources/layouts/district_atlas.qpt，为账本中的每个分区绘制一页：以该分区为中心、相邻分区灰显的各单元净通量地图（t CO2e/公顷/年，排放源为红色、碳汇为绿色，分级取自数据；显示地块，无地块时显示街区；对情景则显示相对基准的变化，编辑过的单元以蓝色勾边）及按每公里净排放（t CO2e/公里/年）着色的道路路段、图例、比例尺和指北针；分区净排放及其 95% 区间；最大排放源和碳汇表（t CO2e/年及 95% 区间，按单元和部门汇总）；权重最大的八个排放因子的引用来源（其余只计数；全部见账本的 factors 表）；情景、条目计算时间、插件版本和打印日期。

LEDGER：账本 GeoPackage。
SCENARIO：“baseline”或账本中保存的情景（其条目在其基准情景上合成）。
OUTPUT：PDF 文件，每个分区一页。
PNG_FOLDER：可选文件夹，每页一张 PNG（分区 D01 即 district_D01.png）。
LANGUAGE：标题、图例、表格和说明所用语言 en 或 zh（auto：与 QGIS 界面语言相同）。
FROM_YEAR：可选的清单年份；给出时每个分区增加第二页：按街区显示从 FROM_YEAR 到 TO_YEAR 变化的地图（数值取自 carbonledger:yearchange，样式为 resources/styles/units_year_change.qml：变化的 95% 区间跨越零时以浅色显示）、其图例，以及一行说明该分区的变化、其 95% 区间及活动、因子和方法三部分（t CO2e/年）。第一页显示最新年份，与不给 FROM_YEAR 时相同。
TO_YEAR：可选的较晚清单年份（默认最新年份）。
输出：PAGES，写入的页数（每个分区一页，给出 FROM_YEAR 时两页）。</translation>
    </message>
    <message>
      <source>Scenario name</source>
      <translation>情景名称</translation>
    </message>
    <message>
      <source>Base scenario</source>
      <translation>基准情景</translation>
    </message>
    <message>
      <source>Edits file (CSV or JSON with unit_id, measure_id, parameters)</source>
      <translation>编辑文件（含 unit_id、measure_id、parameters 的 CSV 或 JSON）</translation>
    </message>
    <message>
      <source>Or edits as a layer or table (fields unit_id, measure_id, parameters)</source>
      <translation>或以图层或表提供编辑（字段 unit_id、measure_id、parameters）</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Replace a stored scenario of the same name</source>
      <translation>替换已保存的同名情景</translation>
    </message>
    <message>
      <source>Scenario stored</source>
      <translation>已保存的情景</translation>
    </message>
    <message>
      <source>Edits applied</source>
      <translation>已应用的编辑</translation>
    </message>
    <message>
      <source>Units re-accounted</source>
      <translation>重新核算的单元</translation>
    </message>
    <message>
      <source>City net delta (t CO2e/yr)</source>
      <translation>全市净排放变化（t CO2e/年）</translation>
    </message>
    <message>
      <source>Apply scenario</source>
      <translation>应用情景</translation>
    </message>
    <message>
      <source>Chessboard</source>
      <translation>棋盘</translation>
    </message>
    <message>
      <source>Stores a scenario in the ledger: a list of edits (a unit and a measure from the measures library, with parameters) applied in order on a base scenario. Only the units the edits touch are re-accounted (the edited unit, and for a land-use conversion the units below it); their entries are written under the scenario's name with factors, provenance and 95% intervals like the baseline. A scenario's full account is its base's with those units replaced, so scenarios can build on scenarios. An existing scenario of the same name is refused unless REPLACE is yes.

LEDGER: the ledger .gpkg.
SCENARIO: name of the scenario to store.
BASE: scenario it builds on (default baseline).
EDITS: a CSV or JSON file with fields unit_id, measure_id and parameters (a JSON object, e.g. {"canopy_share": 0.5}); further columns named as parameters also count. JSON: a list of such objects. EDITS_LAYER: or the same fields on a layer or table (e.g. selected parcels).
Measures and their parameters (units, defaults, ranges, sources) are in resources/measures/.
DESCRIPTION: what the scenario rehearses.
REPLACE: yes to replace a stored scenario of the same name (default no: refused).
Bad input (unknown unit or measure, a land use with no rule, a parameter out of range, one unit given the same measure twice) stops the run with the edit's row named; nothing is written.
Outputs: EDITS_APPLIED, TOUCHED_UNITS, ENTRIES_WRITTEN, CITY_DELTA_T (t CO2e/yr, scenario minus base).</source>
      <translation>在账本中保存一个情景：一组编辑（一个单元和措施库中的一项措施及其参数），按顺序应用于基准情景。只重新核算编辑涉及的单元（被编辑的单元；对于土地用途转换，还包括其下级单元）；它们的条目以情景名称写入，与基准一样带有排放因子、溯源信息和 95% 区间。情景的完整账目等于其基准情景的账目替换这些单元后的结果，因此情景可以在情景之上叠加。同名的已有情景将被拒绝，除非 REPLACE 为 yes。

LEDGER：账本 .gpkg。
SCENARIO：要保存的情景名称。
BASE：所基于的情景（默认 baseline）。
EDITS：含 unit_id、measure_id 和 parameters（JSON 对象，如 {"canopy_share": 0.5}）字段的 CSV 或 JSON 文件；以参数命名的其他列也会计入。JSON：此类对象的列表。EDITS_LAYER：或在图层或表上提供相同字段（如选中的地块）。
措施及其参数（单位、默认值、范围、来源）见 resources/measures/。
DESCRIPTION：情景所演练的内容。
REPLACE：设为 yes 时替换已保存的同名情景（默认 no：拒绝）。
输入有误（未知单元或措施、无规则的土地用途、参数超出范围、同一单元重复施加同一措施）时运行终止并指明编辑所在行；不写入任何内容。
输出：EDITS_APPLIED、TOUCHED_UNITS、ENTRIES_WRITTEN、CITY_DELTA_T（t CO2e/年，情景减基准）。</translation>
    </message>
    <message>
      <source>Scenarios (comma-separated)</source>
      <translation>情景（以逗号分隔）</translation>
    </message>
    <message>
      <source>Comparison (folder, .html or .csv)</source>
      <translation>比较结果（文件夹、.html 或 .csv）</translation>
    </message>
    <message>
      <source>Discount rate (% per yr)</source>
      <translation>折现率（%/年）</translation>
    </message>
    <message>
      <source>First year of the timetable</source>
      <translation>时间表起始年份</translation>
    </message>
    <message>
      <source>Last year of the timetable</source>
      <translation>时间表结束年份</translation>
    </message>
    <message>
      <source>Growth of sources without measures (% per yr)</source>
      <translation>无措施时排放源的增长率（%/年）</translation>
    </message>
    <message>
      <source>Last year the past land-conversion rate counts</source>
      <translation>历史土地转换速率计入的最后年份</translation>
    </message>
    <message>
      <source>Comparison report</source>
      <translation>比较报告</translation>
    </message>
    <message>
      <source>MAC curve (PNG)</source>
      <translation>边际减排成本曲线（PNG）</translation>
    </message>
    <message>
      <source>Neutrality year per scenario (JSON)</source>
      <translation>各情景的碳中和年份（JSON）</translation>
    </message>
    <message>
      <source>Compare scenarios</source>
      <translation>比较情景</translation>
    </message>
    <message>
      <source>Compares scenarios with a base: per unit, per district and per sector the change in sources, sinks and net (t CO2e/yr) with 95% intervals; per measure the t CO2e avoided per year, capital, annual cost and the cost per t CO2e = (capital x capital recovery factor + O&amp;M per yr) / t avoided per yr; a marginal abatement cost curve (PNG and SVG); and the carbon-neutrality timetable: the first year the city's net reaches zero, or 'not before END_YEAR'.

LEDGER: the ledger .gpkg.
BASE: scenario compared against (default baseline).
SCENARIOS: scenario names, comma-separated.
OUTPUT: a folder (comparison.html and comparison_*.csv inside), a .html report or a .csv summary (the other tables and the MAC curve are written beside it with the same name stem).
DISCOUNT_RATE: % per yr for annualising capital. START_YEAR, END_YEAR: timetable span. SOURCE_GROWTH: % per yr change of sources without measures. Each edit's rollout_year parameter (default START_YEAR) says when it acts; new planting reaches full uptake over its maturity_years, and its cost per t uses the uptake levelised over the measure's life.
LAND_CONVERSION_UNTIL: the ledger's land-conversion entries (the average between two land-cover maps) count in the timetable up to this year only (default the later map year: history, not a forecast).
LANGUAGE: en or zh for the report's headers and notes (auto: the language QGIS runs in).
Defaults and their sources: resources/measures/economics.csv.</source>
      <translation>将情景与基准比较：按单元、分区和部门给出排放源、碳汇和净排放的变化（t CO2e/年）及 95% 区间；按措施给出每年避免的 t CO2e、投资、年成本和每 t CO2e 成本 =（投资 × 资本回收系数 + 每年运维费用）/ 每年避免的吨数；边际减排成本曲线（PNG 和 SVG）；以及碳中和时间表：全市净排放首次降至零的年份，或“不早于 END_YEAR”。

LEDGER：账本 .gpkg。
BASE：比较所对照的情景（默认 baseline）。
SCENARIOS：情景名称，以逗号分隔。
OUTPUT：文件夹（内含 comparison.html 和 comparison_*.csv）、.html 报告或 .csv 汇总（其他表格和边际减排成本曲线以相同文件名主干写在旁边）。
DISCOUNT_RATE：年化投资所用的折现率（%/年）。START_YEAR、END_YEAR：时间表起止年份。SOURCE_GROWTH：无措施时排放源的年变化率（%/年）。每项编辑的 rollout_year 参数（默认 START_YEAR）表示其生效年份；新种植在其 maturity_years 内达到全部吸收量，其每吨成本按措施寿命期内平准化的吸收量计算。
LAND_CONVERSION_UNTIL：账本中的土地转换条目（两期土地覆盖图之间的平均值）只在此年份之前计入时间表（默认较晚一期图的年份：这是历史，而非预测）。
LANGUAGE：报告表头和说明所用语言 en 或 zh（auto：与 QGIS 界面语言相同）。
默认值及其来源：resources/measures/economics.csv。</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>方法</translation>
    </message>
    <message>
      <source>Monte Carlo iterations</source>
      <translation>蒙特卡洛迭代次数</translation>
    </message>
    <message>
      <source>Random seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Net of the ledger (t CO2e/yr)</source>
      <translation>账本净值（t CO2e/年）</translation>
    </message>
    <message>
      <source>2.5th percentile of the net (t CO2e/yr)</source>
      <translation>净值的第 2.5 百分位数（t CO2e/年）</translation>
    </message>
    <message>
      <source>97.5th percentile of the net (t CO2e/yr)</source>
      <translation>净值的第 97.5 百分位数（t CO2e/年）</translation>
    </message>
    <message>
      <source>Intervals widened to reach their estimate</source>
      <translation>为包含其估计值而加宽的区间数</translation>
    </message>
    <message>
      <source>District intervals (JSON)</source>
      <translation>各分区区间（JSON）</translation>
    </message>
    <message>
      <source>Uncertainty (Approach 1 or Monte Carlo)</source>
      <translation>不确定性（方法 1 或蒙特卡洛）</translation>
    </message>
    <message>
      <source>Computes the 95% interval (2.5th and 97.5th percentile, t CO2e/yr) of every entry of a scenario and, for the baseline, net_low_t and net_high_t of every unit, road link, district and the city.

METHOD approach1: IPCC 2006 Vol 1 Ch 3 error propagation; relative deviations of activity and factor add in quadrature per entry, absolute deviations of entries add in quadrature up the hierarchy (entries independent). Fast, closed form.
METHOD montecarlo: IPCC Approach 2. Each iteration draws every factor row once from its distribution (normal, lognormal, triangular, uniform, fitted to the row's low and high as 2.5th/97.5th percentiles) and uses that draw for every entry naming the factor, so a shared factor such as the grid factor is fully correlated across the city; activities are drawn from two-piece normals with median activity and percentiles activity_low/activity_high, once per input amount (entries sharing inputs_hash, e.g. the downscaled shares of one district total, move together; other activities are independent). Avoided flows are never in the net. Units are streamed in chunks, so memory stays bounded on large ledgers.

LEDGER: the ledger .gpkg. METHOD: approach1 or montecarlo. ITERATIONS: Monte Carlo draws (1,000 is the IPCC minimum for a stable 95% interval). SEED: the same seed gives the same numbers. SCENARIO: baseline (units are updated) or a stored scenario (its own entries are updated).
Outputs: NET_T, NET_LOW_T, NET_HIGH_T of the whole ledger (t CO2e/yr), WIDENED (intervals widened to reach a central estimate left out by skewed inputs) and DISTRICTS (JSON).</source>
      <translation>计算一个情景每条条目的 95% 区间（第 2.5 和第 97.5 百分位数，t CO2e/年），对于基准情景，还计算每个单元、道路路段、分区和全市的 net_low_t 和 net_high_t。

METHOD approach1：IPCC 2006 第 1 卷第 3 章误差传递；每条条目的活动水平和排放因子的相对偏差按平方和开方合成，条目的绝对偏差沿层级逐级按平方和开方合成（各条目独立）。快速，解析式。
METHOD montecarlo：IPCC 方法 2。每次迭代对每个排放因子行按其分布（正态、对数正态、三角、均匀，以该行的 low 和 high 作为第 2.5/97.5 百分位数拟合）抽样一次，并将该抽样值用于引用该因子的所有条目，因此电网排放因子等共享因子在全市完全相关；活动水平从以活动值为中位数、以 activity_low/activity_high 为百分位数的双片正态分布中抽样，每个输入量抽一次（共享 inputs_hash 的条目，如同一分区总量的各降尺度份额，同步变化；其他活动水平相互独立）。避免排放从不计入净排放。单元分块流式处理，因此大账本的内存占用有上限。

LEDGER：账本 .gpkg。METHOD：approach1 或 montecarlo。ITERATIONS：蒙特卡洛抽样次数（1,000 次是 IPCC 为得到稳定 95% 区间给出的最低次数）。SEED：相同种子得到相同结果。SCENARIO：baseline（更新单元）或已保存的情景（更新其自身条目）。
输出：整个账本的 NET_T、NET_LOW_T、NET_HIGH_T（t CO2e/年），WIDENED（因输入偏斜而将中心估计排除在外、为包含中心估计而加宽的区间数）和 DISTRICTS（JSON）。</translation>
    </message>
    <message>
      <source>Original activity table (CSV)</source>
      <translation>原始活动数据表（CSV）</translation>
    </message>
    <message>
      <source>... or a folder of original activity tables (CSV)</source>
      <translation>……或原始活动数据表（CSV）所在文件夹</translation>
    </message>
    <message>
      <source>Public key of the metering centre (PEM)</source>
      <translation>计量中心的公钥（PEM）</translation>
    </message>
    <message>
      <source>Mismatches</source>
      <translation>不一致项</translation>
    </message>
    <message>
      <source>Problems found (entries, unit totals, green-space budget rows and seal links that differ)</source>
      <translation>发现的问题（不一致的条目、单元总量、绿地碳收支行和封印链环）</translation>
    </message>
    <message>
      <source>Entry fields that differ</source>
      <translation>不一致的条目字段</translation>
    </message>
    <message>
      <source>Units whose stored totals differ from their entries</source>
      <translation>存储总量与其条目不一致的单元</translation>
    </message>
    <message>
      <source>Broken links of the seal chain</source>
      <translation>封印链的断裂环节</translation>
    </message>
    <message>
      <source>First broken link of the seal chain</source>
      <translation>封印链的第一个断裂环节</translation>
    </message>
    <message>
      <source>Verify ledger</source>
      <translation>核验账本</translation>
    </message>
    <message>
      <source>Recomputes every entry of the ledger as a third party would, from the ledger alone (and, optionally, the original activity tables), and lists every entry and field that differs.

Checks: the factor value, unit and source of each entry equal its row in the factors table; co2e_t = activity x factor x conversion; the content digest and the fingerprint (SHA-256) are recomputed; the 95% interval contains co2e_t and equals the Approach 1 interval unless a Monte Carlo run set it; each activities row's SHA-256 equals its row_hash. An altered activity row marks the entries it produced and those of the top-down total it was subtracted from. The content digest covers every column of the entry but its interval, and the attributes and geometry of its unit; the fingerprint covers the content digest and the interval. Each unit's stored source_t, sink_t and net_t equal the sum of its baseline entries. The run seals form an unbroken chain (no runs row deleted, inserted, reordered or altered) and the last one matches the entries, units and factor rows as they are (a factor row no entry names, a GWP or a calorific value, and a factor's range or distribution too); entries whose run's row was deleted are listed.

A run without INPUTS and PUBLIC_KEY records its result in the QGIS profile under the SHA-256 of the ledger file's bytes: carbonledger:inventoryreport quotes that record for a file of the very same bytes instead of verifying it again (a file that differs by one byte is verified again).

LEDGER: the ledger .gpkg.
INPUTS: optional original ACTIVITY CSV, or INPUTS_FOLDER: a folder of them (every CSV with row_id and amount columns); each row must match the row stored in the ledger with the same row_id.
PUBLIC_KEY: optional Ed25519 public key (PEM) of the metering centre; every run must then be signed by its private key (carbonledger:signledger), so that a forger who recomputes fingerprints and seals is caught.
OUTPUT: table entry_id, unit_id, field, stored, recomputed (empty on a clean ledger): first the broken links of the seal chain in chain order, then the units whose stored totals differ, then the green-space budget rows that differ from the life-cycle entries they sum (field greenspace_budget.&lt;column&gt;), then the entries.
Outputs: MISMATCHES, the number of problems: entries, unit totals, green-space budget rows and seal links that differ (0 = the ledger verifies), FIELDS, UNITS, LINKS and FIRST_BROKEN_LINK.</source>
      <translation>像第三方一样，仅依据账本（以及可选的原始活动数据表）重新计算账本中的每条条目，并列出所有不一致的条目和字段。

检查内容：每条条目的排放因子值、单位和来源与 factors 表中对应行一致；co2e_t = 活动水平 × 排放因子 × 换算系数；重新计算内容摘要和数据指纹（SHA-256）；95% 区间包含 co2e_t，且除非由蒙特卡洛运行设定，否则等于方法 1 区间；每个活动数据行的 SHA-256 等于其 row_hash。被改动的活动数据行会标记由它产生的条目，以及从中扣除它的自上而下总量的条目。内容摘要涵盖条目除区间外的每一列及其单元的属性和几何；数据指纹涵盖内容摘要和区间。每个单元存储的 source_t、sink_t 和 net_t 等于其基准情景条目之和。运行封印构成一条完整的链（没有 runs 行被删除、插入、重排或改动），且最后一个封印与现有的条目、单元和排放因子行相符（没有条目引用的排放因子行，如 GWP 或热值，以及排放因子的范围或分布，也在其中）；列出其运行记录行已被删除的条目。

不带 INPUTS 和 PUBLIC_KEY 的运行会把结果记录在 QGIS 配置文件中，以账本文件字节的 SHA-256 为键：对字节完全相同的文件，carbonledger:inventoryreport 引用这条记录，不再重新核验（哪怕只差一个字节的文件也会重新核验）。

LEDGER：账本 .gpkg。
INPUTS：可选的原始 ACTIVITY CSV，或 INPUTS_FOLDER：这类 CSV 所在的文件夹（所有含 row_id 和 amount 列的 CSV）；每行须与账本中相同 row_id 的存储行一致。
PUBLIC_KEY：可选的计量中心 Ed25519 公钥（PEM）；此时每次运行都须由其私钥签名（carbonledger:signledger），这样重新计算数据指纹和封印的伪造者也会被发现。
OUTPUT：表 entry_id、unit_id、field、stored、recomputed（账本无误时为空）：先按链的顺序列出封印链的断裂环节，再列出存储总量不一致的单元，然后列出与其所汇总的生命周期条目不一致的绿地碳收支行（field 为 greenspace_budget.&lt;列名&gt;），最后列出条目。
输出：MISMATCHES，问题数：不一致的条目、单元总量、绿地碳收支行和封印链环（0 表示账本核验通过），以及 FIELDS、UNITS、LINKS 和 FIRST_BROKEN_LINK。</translation>
    </message>
    <message>
      <source>Private key of the metering centre (PEM)</source>
      <translation>计量中心的私钥（PEM）</translation>
    </message>
    <message>
      <source>Runs signed</source>
      <translation>已签名的运行</translation>
    </message>
    <message>
      <source>Id of the signing key</source>
      <translation>签名密钥的标识</translation>
    </message>
    <message>
      <source>Sign ledger seals</source>
      <translation>签署账本封印</translation>
    </message>
    <message>
      <source>Signs the seal of every run of the ledger not yet signed, and of this run, with the metering centre's Ed25519 private key, so that carbonledger:verifyledger with the matching PUBLIC_KEY catches a forger who recomputes fingerprints and seals with the plugin's own functions. Run it after every run you deliver (a run is only as safe as the time between it and its signature). Make a key pair with python -m urban_carbon_ledger.cli.keys PRIVATE.pem PUBLIC.pem; keep the private key where only the metering centre reads it.

LEDGER: the ledger .gpkg. SIGNING_KEY: the private key (PEM, PKCS#8, unencrypted).
Outputs: SIGNED, the runs signed (this one included), and KEY_ID, the first 16 hex digits of the SHA-256 of the public key.</source>
      <translation>用计量中心的 Ed25519 私钥签署账本中每个尚未签名的运行封印以及本次运行的封印，使带有对应 PUBLIC_KEY 的 carbonledger:verifyledger 能发现用插件自身函数重新计算数据指纹和封印的伪造者。请在交付每次运行后运行它（一次运行的安全性取决于它与其签名之间的时间）。用 python -m urban_carbon_ledger.cli.keys PRIVATE.pem PUBLIC.pem 生成密钥对；私钥只存放在计量中心可读的位置。

LEDGER：账本 .gpkg。SIGNING_KEY：私钥（PEM，PKCS#8，未加密）。
输出：SIGNED，已签名的运行数（含本次运行），以及 KEY_ID，公钥 SHA-256 的前 16 位十六进制数字。</translation>
    </message>
    <message>
      <source>Earlier inventory year</source>
      <translation>较早的清单年份</translation>
    </message>
    <message>
      <source>Later inventory year</source>
      <translation>较晚的清单年份</translation>
    </message>
    <message>
      <source>Unit level</source>
      <translation>单元层级</translation>
    </message>
    <message>
      <source>Change by unit and sector</source>
      <translation>按单元和部门的变化</translation>
    </message>
    <message>
      <source>Units with their change</source>
      <translation>单元及其变化</translation>
    </message>
    <message>
      <source>Units compared</source>
      <translation>比较的单元数</translation>
    </message>
    <message>
      <source>Units whose change is significant</source>
      <translation>变化显著的单元数</translation>
    </message>
    <message>
      <source>Change of the units compared (t CO2e/yr)</source>
      <translation>所比较单元的变化（t CO2e/年）</translation>
    </message>
    <message>
      <source>Change between inventory years</source>
      <translation>清单年份之间的变化</translation>
    </message>
    <message>
      <source>Per unit of LEVEL (its own entries and those of the units below it) and sector: the baseline of FROM_YEAR and TO_YEAR (each in its latest version; t CO2e/yr), the change and its 95% interval, split into an activity part (more or less activity), a factor part (an updated factor, e.g. a new grid factor) and a method part (the activity obtained another way, e.g. metered instead of downscaled). Entries are paired across the years by unit, flow, sector, carrier, activity unit and factor series (the factor id without its year); per pair the activity part is (A1 - A0) x mean factor and the factor part (f1 - f0) x mean activity, which add up to the change; where the pair's method differs, its activity part is the method part instead; an entry of one year only (a new building, a converted parcel) is all activity. A factor row cited in both years is fully correlated between them, so it weighs only on the change it multiplies. A change is significant when its interval excludes zero. Rows with sector 'all' sum a unit's sectors.

LEDGER: the ledger .gpkg. FROM_YEAR, TO_YEAR: two inventory years of the ledger. LEVEL: unit level.
OUTPUT: table unit_id, name, level, sector, from_t, to_t, change_t, change_low_t, change_high_t, activity_t, factor_t, method_t, significant. OUTPUT_LAYER: optional polygon layer of the units with their 'all' row, styled by the change (pale where not significant).
Outputs: UNITS compared, SIGNIFICANT changes among them, CHANGE_T of all of them (t CO2e/yr).</source>
      <translation>按 LEVEL 层级的每个单元（其自身及下级单元的条目）和部门：FROM_YEAR 与 TO_YEAR 的基线（各取最新版本；t CO2e/年）、变化及其 95% 区间，并分解为活动部分（活动量的增减）、因子部分（更新的因子，如新的电网因子）和方法部分（以另一方式获得的活动量，如由降尺度改为计量）。两年的条目按单元、流向、部门、载体、活动单位和因子序列（去掉年份的因子编号）配对；每对的活动部分为 (A1 - A0) × 平均因子，因子部分为 (f1 - f0) × 平均活动量，二者之和等于变化；方法不同的配对，其活动部分改记为方法部分；仅出现在一年的条目（新建筑、转换的地块）全部记为活动部分。两年都引用的因子行在两年间完全相关，只作用于其所乘量的变化。区间不含零时变化为显著。部门为“all”的行是单元各部门之和。

LEDGER：账本 .gpkg。FROM_YEAR、TO_YEAR：账本中的两个清单年份。LEVEL：单元层级。
OUTPUT：表 unit_id、name、level、sector、from_t、to_t、change_t、change_low_t、change_high_t、activity_t、factor_t、method_t、significant。OUTPUT_LAYER：可选的单元面图层，带其“all”行，按变化着色（不显著处为浅色）。
输出：比较的单元数 UNITS、其中变化显著的 SIGNIFICANT、全部变化 CHANGE_T（t CO2e/年）。</translation>
    </message>
    <message>
      <source>Observed amounts (CSV or table)</source>
      <translation>实测量（CSV 或表）</translation>
    </message>
    <message>
      <source>Apply the calibration</source>
      <translation>应用校准</translation>
    </message>
    <message>
      <source>Reason recorded with an applied calibration</source>
      <translation>随所应用校准记录的原因</translation>
    </message>
    <message>
      <source>Observations compared</source>
      <translation>比较的观测</translation>
    </message>
    <message>
      <source>Bias and coverage</source>
      <translation>偏差与覆盖率</translation>
    </message>
    <message>
      <source>Proxy calibration</source>
      <translation>代理变量校准</translation>
    </message>
    <message>
      <source>Relative bias (%)</source>
      <translation>相对偏差（%）</translation>
    </message>
    <message>
      <source>Share of observations inside the modelled 95% interval</source>
      <translation>落在模型 95% 区间内的观测比例</translation>
    </message>
    <message>
      <source>Ground check against measurements</source>
      <translation>以实测进行地面核查</translation>
    </message>
    <message>
      <source>Compares the ledger with what was measured: for each OBSERVED row, the modelled amount of the unit (its entries and those of the units below it) in that sector or carrier and year, with its 95% interval. An amount in t CO2e (or t) is compared with co2e_t; any other unit (kWh, m3, vkm, TJ ...) with the entries' activity, converted to it (each fuel's activity counted once, not per gas).

Reported: per row the residual (modelled - observed), the relative error (residual / observed) and whether the observation lies inside the modelled 95% interval; per sector (or carrier), level and unit the count, the bias (mean residual), the relative bias (sum of residuals / sum observed), the mean absolute relative error and the coverage (share of observations inside the interval; about 95% when the intervals are honest). For buildings with a floor area, a calibration of the downscaling proxy: the observed intensity per m2 of floor area by building use and carrier (sum observed / sum floor area) with its standard error and 95% interval, beside the intensity the ledger implies.

LEDGER: the ledger .gpkg. OBSERVED: CSV or table with unit_id, sector or carrier, observed, unit, year, source.
APPLY: none (default: the ledger is not changed) or calibration: the downscaled entries of the calibrated carriers are re-shared within each downscaled total by floor area x the fitted intensity of the building's use (the pooled one for uses not in the sample), the totals kept, as a new version of the year with REASON.
OUTPUT: the rows compared. SUMMARY: the bias and coverage table. CALIBRATION: the fitted intensities.
Outputs: OBSERVATIONS compared, BIAS_PCT (relative bias over all rows, %), COVERAGE (share inside).</source>
      <translation>将账本与实测比较：对 OBSERVED 的每一行，取该单元（其自身及下级单元的条目）在该部门或载体、该年份的模型量及其 95% 区间。以 t CO2e（或 t）给出的量与 co2e_t 比较；其他单位（kWh、m3、vkm、TJ …）与条目的活动量比较，并换算为该单位（每种燃料的活动量只计一次，不按气体重复）。

报告：每行的残差（模型 - 实测）、相对误差（残差 / 实测）以及实测是否落在模型 95% 区间内；按部门（或载体）、层级和单位的个数、偏差（平均残差）、相对偏差（残差之和 / 实测之和）、平均绝对相对误差和覆盖率（落在区间内的观测比例；区间可信时约为 95%）。对有建筑面积的建筑，给出降尺度代理变量的校准：按建筑用途和载体的单位建筑面积实测强度（实测之和 / 建筑面积之和）及其标准误和 95% 区间，并列出账本隐含的强度。

LEDGER：账本 .gpkg。OBSERVED：CSV 或表，含 unit_id、sector 或 carrier、observed、unit、year、source。
APPLY：none（默认：不改动账本）或 calibration：在每个降尺度总量内，按建筑面积 × 该建筑用途的拟合强度（样本中没有的用途用合并强度）重新分摊已校准载体的降尺度条目，总量不变，作为该年份的新版本，原因为 REASON。
OUTPUT：比较的各行。SUMMARY：偏差与覆盖率表。CALIBRATION：拟合的强度。
输出：比较的观测数 OBSERVATIONS、BIAS_PCT（全部行的相对偏差，%）、COVERAGE（区间内比例）。</translation>
    </message>
    <message>
      <source>Notation keys (gpc_sector, scope, key, note)</source>
      <translation>标注键（gpc_sector、scope、key、note）</translation>
    </message>
    <message>
      <source>Report (HTML)</source>
      <translation>报告（HTML）</translation>
    </message>
    <message>
      <source>GPC table (CSV)</source>
      <translation>GPC 表（CSV）</translation>
    </message>
    <message>
      <source>All tables (XLSX)</source>
      <translation>全部表格（XLSX）</translation>
    </message>
    <message>
      <source>Net, direct flows (t CO2e/yr)</source>
      <translation>净值，直接通量（t CO2e/年）</translation>
    </message>
    <message>
      <source>Avoided elsewhere, not in the net (t CO2e/yr)</source>
      <translation>别处避免的排放，不计入净值（t CO2e/年）</translation>
    </message>
    <message>
      <source>Inventory report</source>
      <translation>清单报告</translation>
    </message>
    <message>
      <source>Writes the carbon inventory of a scenario (t CO2e/yr) as one self-contained HTML page with embedded charts (opens with no network), a CSV of the GPC table and an XLSX workbook with every table.

Contents: direct sources, sinks and net with its 95% interval, and avoided emissions beside them (never in the net); the GPC sub-sector x scope table with BASIC and BASIC+ totals, empty cells carrying a notation key (NO not occurring, IE included elsewhere, NE not estimated, C confidential); totals per district with intervals; the top 10 sources and sinks by unit and sector; data-quality notes (metered vs downscaled, factors resting on assumptions, interval method, coverage, verification: the ledger is verified, or carbonledger:verifyledger's record of the very same file bytes is quoted); the factor table with sources; and the run history (who ran what, when, with which version).

LEDGER: the ledger .gpkg. SCENARIO: baseline or a stored scenario (its totals are rolled up with Approach 1; the baseline uses the intervals stored on the units).
NOTATION_KEYS: optional table gpc_sector, scope, key (NO, IE, NE, C), note, overriding resources/report/notation_keys.csv.
OUTPUT: the .html; the .csv and .xlsx are written beside it with the same name.
LANGUAGE: en or zh for the headers, names and notes (auto: the language QGIS runs in).
Outputs: CSV, XLSX and NET_T, NET_LOW_T, NET_HIGH_T, AVOIDED_T (t CO2e/yr).</source>
      <translation>将一个情景的碳排放清单（t CO2e/年）写成一个自包含的 HTML 页面（内嵌图表，无需联网即可打开）、一个 GPC 表 CSV 和一个包含全部表格的 XLSX 工作簿。

内容：直接排放源、碳汇和净排放及其 95% 区间，以及并列列出的避免排放（从不计入净排放）；GPC 子部门 × 范围表及 BASIC 和 BASIC+ 合计，空单元格带标注键（NO 未发生，IE 已计入别处，NE 未估算，C 保密）；各分区合计及区间；按单元和部门的前 10 大排放源和碳汇；数据质量说明（计量与降尺度、基于假设的排放因子、区间方法、覆盖范围、核验：核验账本，或引用 carbonledger:verifyledger 对字节完全相同的文件所作的记录）；排放因子表及来源；以及运行记录（谁在何时用哪个版本运行了什么）。

LEDGER：账本 .gpkg。SCENARIO：baseline 或已保存的情景（其合计按方法 1 逐级汇总；基准使用单元上存储的区间）。
NOTATION_KEYS：可选表 gpc_sector、scope、key（NO、IE、NE、C）、note，覆盖 resources/report/notation_keys.csv。
OUTPUT：.html 文件；.csv 和 .xlsx 以相同文件名写在旁边。
LANGUAGE：表头、名称和说明所用语言 en 或 zh（auto：与 QGIS 界面语言相同）。
输出：CSV、XLSX 以及 NET_T、NET_LOW_T、NET_HIGH_T、AVOIDED_T（t CO2e/年）。</translation>
    </message>
    <message>
      <source>The plugin's tools are off until these are installed:</source>
      <translation>插件的工具在安装以下软件包之前不可用：</translation>
    </message>
    <message>
      <source>Its tools are off until these are installed (details in Log Messages): </source>
      <translation>其工具在安装以下软件包之前不可用（详见日志消息）：</translation>
    </message>
    <message>
      <source>not installed</source>
      <translation>未安装</translation>
    </message>
    <message>
      <source>found {version}</source>
      <translation>已安装 {version}</translation>
    </message>
    <message>
      <source>every tool</source>
      <translation>所有工具</translation>
    </message>
    <message>
      <source>{package} &gt;= {minimum} ({found}; needed by {users}): {hint}</source>
      <translation>{package} &gt;= {minimum}（{found}；依赖它的工具：{users}）：{hint}</translation>
    </message>
    <message>
      <source>{earlier}
{later}</source>
      <translation>{earlier}
{later}</translation>
    </message>
    <message>
      <source>layer '{layer}'</source>
      <translation>图层“{layer}”</translation>
    </message>
    <message>
      <source>field '{field}'</source>
      <translation>字段“{field}”</translation>
    </message>
    <message>
      <source>row {row}</source>
      <translation>行 {row}</translation>
    </message>
    <message>
      <source>{where}: {detail}</source>
      <translation>{where}：{detail}</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
    <message>
      <source>{value:g}{unit} is outside the plausible range {span} of {quantity} ({count} such rows; resources/plausible_ranges.csv: {source})</source>
      <translation>{value:g}{unit} 超出了 {quantity} 的合理范围 {span}（共 {count} 行；resources/plausible_ranges.csv：{source}）</translation>
    </message>
    <message>
      <source>{value:g}{unit} is plausible but extreme for {quantity} (usual range {usual_low} .. {usual_high}{unit}; {count} such rows): check it, and set {parameter} to yes to account it as it is</source>
      <translation>{value:g}{unit} 对 {quantity} 而言合理但极端（通常范围 {usual_low} .. {usual_high}{unit}；共 {count} 行）：请核对；如需按原值核算，请将 {parameter} 设为 yes</translation>
    </message>
    <message>
      <source>{layer}: {count} extreme values of {field} accepted ({parameter}): rows {rows}</source>
      <translation>{layer}：已接受 {field} 的 {count} 个极端值（{parameter}）：行 {rows}</translation>
    </message>
    <message>
      <source>Warning: {message}</source>
      <translation>警告：{message}</translation>
    </message>
    <message>
      <source>any of {options}</source>
      <translation>{options} 中的任意几项</translation>
    </message>
    <message>
      <source>one of {options}</source>
      <translation>{options} 之一</translation>
    </message>
    <message>
      <source>{parameter}: {value!r} is not {allowed} (by name or number)</source>
      <translation>{parameter}：{value!r} 不是 {allowed}（可用名称或编号）</translation>
    </message>
    <message>
      <source>the file is not text in UTF-8, GBK/GB18030 or latin-1 (Windows-1252); save it as UTF-8 or set ENCODING</source>
      <translation>该文件不是 UTF-8、GBK/GB18030 或 latin-1（Windows-1252）编码的文本；请另存为 UTF-8 或设置 ENCODING</translation>
    </message>
    <message>
      <source>unknown encoding '{encoding}'; use one of {encodings}</source>
      <translation>未知编码“{encoding}”；请使用 {encodings} 之一</translation>
    </message>
    <message>
      <source>line {line} is not valid {encoding} ({reason}); check ENCODING</source>
      <translation>第 {line} 行不是有效的 {encoding}（{reason}）；请检查 ENCODING</translation>
    </message>
    <message>
      <source>line {line} holds the character U+{code_point:04X}, which no table holds: the file is binary, damaged or not in {encoding}; save it as UTF-8 CSV</source>
      <translation>第 {line} 行含有字符 U+{code_point:04X}，表格中不会有这种字符：文件是二进制文件、已损坏或不是 {encoding} 编码；请另存为 UTF-8 CSV</translation>
    </message>
    <message>
      <source>file '{path}' not found</source>
      <translation>找不到文件“{path}”</translation>
    </message>
    <message>
      <source>'{path}' is a folder, not a CSV file</source>
      <translation>“{path}”是文件夹，不是 CSV 文件</translation>
    </message>
    <message>
      <source>cannot read '{path}' ({reason})</source>
      <translation>无法读取“{path}”（{reason}）</translation>
    </message>
    <message>
      <source>file '{path}' is empty (no header line)</source>
      <translation>文件“{path}”为空（没有表头行）</translation>
    </message>
    <message>
      <source>'{path}' is not a readable table ({reason})</source>
      <translation>“{path}”不是可读的表格（{reason}）</translation>
    </message>
    <message>
      <source>lifetime of '{design}' must be &gt; 0 years</source>
      <translation>“{design}”的设计寿命必须 &gt; 0 年</translation>
    </message>
    <message>
      <source>GWP100 of N2O</source>
      <translation>N2O 的 GWP100</translation>
    </message>
    <message>
      <source>'{applies_to}' names no land-cover class</source>
      <translation>“{applies_to}”未指向任何土地覆盖类别</translation>
    </message>
    <message>
      <source>'{option}' is not one of {options}</source>
      <translation>“{option}”不是 {options} 之一</translation>
    </message>
    <message>
      <source>grid electricity factor; run with the source accounting's factors or set GRID_FACTOR</source>
      <translation>电网电力排放因子；请使用排放源核算的排放因子运行，或设置 GRID_FACTOR</translation>
    </message>
    <message>
      <source>{units} green units have no sink entries: their gross uptake is 0</source>
      <translation>{units} 个绿地单元没有碳汇条目：其总吸收量为 0</translation>
    </message>
    <message>
      <source>{units} green units were not built within their design life before {inventory_year} (or have no built_year): no construction is charged to them</source>
      <translation>{units} 个绿地单元并非在 {inventory_year} 年之前的设计寿命内建成（或没有 built_year）：不计入其建设排放</translation>
    </message>
    <message>
      <source>Life-cycle entries</source>
      <translation>全生命周期条目</translation>
    </message>
    <message>
      <source>Green-space budget written</source>
      <translation>已写入绿地碳收支</translation>
    </message>
    <message>
      <source>Park cooling</source>
      <translation>公园降温</translation>
    </message>
    <message>
      <source>{buildings} buildings have no footprint area (e.g. {example}): they save no cooling energy and get no cooling entry</source>
      <translation>{buildings} 栋建筑没有占地面积（如 {example}）：不节省制冷能耗，也不生成降温条目</translation>
    </message>
    <message>
      <source>building uses {uses} have no cooling-energy parameter: the '{other_use}' row is used</source>
      <translation>建筑用途 {uses} 没有制冷能耗参数：改用“{other_use}”行</translation>
    </message>
    <message>
      <source>green unit has no geometry</source>
      <translation>绿地单元没有几何</translation>
    </message>
    <message>
      <source>green unit geometry is a {geometry_type}, not a polygon</source>
      <translation>绿地单元的几何是 {geometry_type}，不是面</translation>
    </message>
    <message>
      <source>green unit geometry is invalid ({reason})</source>
      <translation>绿地单元的几何无效（{reason}）</translation>
    </message>
    <message>
      <source>missing columns {columns}</source>
      <translation>缺少列 {columns}</translation>
    </message>
    <message>
      <source>unit '{unit_id}' is not in the ledger</source>
      <translation>单元“{unit_id}”不在账本中</translation>
    </message>
    <message>
      <source>design type '{design}' is not one of {designs}</source>
      <translation>设计类型“{design}”不是 {designs} 之一</translation>
    </message>
    <message>
      <source>the ground shared by green units {unit_ids} cannot be measured: GEOS failed on every grid of {grids} m ({failure})</source>
      <translation>无法量算绿地单元 {unit_ids} 的共有用地：GEOS 在 {grids} m 的每种网格上均失败（{failure}）</translation>
    </message>
    <message>
      <source>Counting overlapping green units once</source>
      <translation>重叠绿地单元只计一次</translation>
    </message>
    <message>
      <source>{units} green units have no land-cover areas in unit_stats (e.g. {example}): their whole area is taken as their design type's default cover; run carbonledger:accountsinks to measure it</source>
      <translation>{units} 个绿地单元在 unit_stats 中没有土地覆盖面积（如 {example}）：其全部面积按设计类型的默认覆盖计；请运行 carbonledger:accountsinks 量算</translation>
    </message>
    <message>
      <source>Reading green units</source>
      <translation>正在读取绿地单元</translation>
    </message>
    <message>
      <source>no green units: no parcel has a land_use listed in resources/greenspace/design_types.csv and no GREEN_UNITS table names one</source>
      <translation>没有绿地单元：没有地块的 land_use 列于 resources/greenspace/design_types.csv，GREEN_UNITS 表也未指定任何单元</translation>
    </message>
    <message>
      <source>{pairs} pairs of green units overlap (e.g. {unit_id} and {other_unit_id} share {overlap_m2:.1f} m2): the shared ground is counted once, with its cover and uptake, for the unit nested in the other, else for the unit whose id sorts first</source>
      <translation>{pairs} 对绿地单元重叠（如 {unit_id} 与 {other_unit_id} 共有 {overlap_m2:.1f} m2）：共有用地连同其覆盖和吸收量只计一次，计给嵌套在另一单元内的单元，否则计给 id 排序在前的单元</translation>
    </message>
    <message>
      <source>{overlaps}; {covered} units (e.g. {example}) are wholly covered: area 0, no uptake of their own</source>
      <translation>{overlaps}；{covered} 个单元（如 {example}）被完全覆盖：面积为 0，自身无吸收量</translation>
    </message>
    <message>
      <source>{units} green units</source>
      <translation>{units} 个绿地单元</translation>
    </message>
    <message>
      <source>the ledger has no sink entries (sector {sector}) in scenario '{scenario}': run carbonledger:accountsinks first; green space is weighed against that uptake</source>
      <translation>账本在情景“{scenario}”中没有碳汇条目（部门 {sector}）：请先运行 carbonledger:accountsinks；绿地要与该吸收量对比核算</translation>
    </message>
    <message>
      <source>{buildings} buildings have no geometry (e.g. {example}): skipped</source>
      <translation>{buildings} 栋建筑没有几何（如 {example}）：已跳过</translation>
    </message>
    <message>
      <source>the ledger has no building units: no cooling savings are accounted</source>
      <translation>账本中没有建筑单元：不核算降温节能</translation>
    </message>
    <message>
      <source>Park cooling: {done} of {partitions} partitions</source>
      <translation>公园降温：第 {done}/{partitions} 个分区块</translation>
    </message>
    <message>
      <source>grid electricity factor; set GRID_FACTOR to a china_grid_&lt;region&gt;_&lt;year&gt; row</source>
      <translation>电网电力排放因子；请将 GRID_FACTOR 设为一条 china_grid_&lt;region&gt;_&lt;year&gt; 因子行</translation>
    </message>
    <message>
      <source>Stormwater retention and pollutant removal</source>
      <translation>雨水滞留与污染物去除</translation>
    </message>
    <message>
      <source>Indirect benefits written</source>
      <translation>已写入间接效益</translation>
    </message>
    <message>
      <source>a green-space parameter or factor row</source>
      <translation>绿地参数或因子行</translation>
    </message>
    <message>
      <source>rows '{first}' and '{second}' both give '{parameter}' for '{applies_to}'; keep one of them</source>
      <translation>行“{first}”和“{second}”都给出了“{applies_to}”的“{parameter}”，请只保留其中一行</translation>
    </message>
    <message>
      <source>parameter '{factor_id}' has no unit (and no shipped row to take it from)</source>
      <translation>参数“{factor_id}”没有单位（也没有可沿用的内置行）</translation>
    </message>
    <message>
      <source>parameter '{factor_id}' is missing ({what}); add it to the PARAMETERS table or to resources/greenspace/</source>
      <translation>缺少参数“{factor_id}”（{what}）；请将其加入 PARAMETERS 表或 resources/greenspace/</translation>
    </message>
    <message>
      <source>no '{parameter}' parameter for '{applies_to}'; add a row with parameter={parameter}, applies_to={applies_to}</source>
      <translation>没有适用于“{applies_to}”的“{parameter}”参数；请添加一行 parameter={parameter}、applies_to={applies_to}</translation>
    </message>
    <message>
      <source>kernel '{kernel}' is not one of {kernels}</source>
      <translation>核函数“{kernel}”不是 {kernels} 之一</translation>
    </message>
    <message>
      <source>population {population} is negative</source>
      <translation>人口 {population} 为负</translation>
    </message>
    <message>
      <source>{buildings} buildings have no population value: counted as 0 residents</source>
      <translation>{buildings} 栋建筑没有人口值：按 0 位居民计</translation>
    </message>
    <message>
      <source>no building unit has population &gt; 0: service flows go from green units to residents, so the ledger's building units need units.population</source>
      <translation>没有人口 &gt; 0 的建筑单元：服务流从绿地单元流向居民，因此账本的建筑单元需要 units.population</translation>
    </message>
    <message>
      <source>{buildings} populated buildings have no footprint area (e.g. {example}): their distance is taken from their corner point</source>
      <translation>{buildings} 栋有人口的建筑没有占地面积（如 {example}）：其距离从其角点量算</translation>
    </message>
    <message>
      <source>Distances from residents to green units</source>
      <translation>居民到绿地单元的距离</translation>
    </message>
    <message>
      <source>Catchments: {done} of {partitions} partitions</source>
      <translation>服务范围：第 {done}/{partitions} 个分区块</translation>
    </message>
    <message>
      <source>supply '{supply}' is not one of {supplies}</source>
      <translation>供给“{supply}”不是 {supplies} 之一</translation>
    </message>
    <message>
      <source>{units} green units have no residents within their search radius (e.g. {example}): their supply reaches nobody and flows nowhere</source>
      <translation>{units} 个绿地单元的搜索半径内没有居民（如 {example}）：其供给无人可及，不形成流</translation>
    </message>
    <message>
      <source>Service flows written</source>
      <translation>已写入服务流</translation>
    </message>
    <message>
      <source>soil group '{soil_group}' is not one of A, B, C, D</source>
      <translation>土壤组“{soil_group}”不是 A、B、C、D 之一</translation>
    </message>
    <message>
      <source>reference cover '{reference_cover}' is not a land-cover class ({classes})</source>
      <translation>参照下垫面“{reference_cover}”不是土地覆盖类别（{classes}）</translation>
    </message>
    <message>
      <source>unit '{unit_id}' is not in the units or links ({count} entries)</source>
      <translation>单元“{unit_id}”不在 units 或 links 中（{count} 条条目）</translation>
    </message>
    <message>
      <source>unit_id is repeated across units and links</source>
      <translation>unit_id 在单元和路段之间重复</translation>
    </message>
    <message>
      <source>scenario '{scenario}' is not in the ledger</source>
      <translation>情景“{scenario}”不在账本中</translation>
    </message>
    <message>
      <source>scenario '{scenario}' builds on itself</source>
      <translation>情景“{scenario}”以自身为基础</translation>
    </message>
    <message>
      <source>factor unit '{unit}' does not read '&lt;kg|t&gt; &lt;gas&gt;/&lt;basis unit&gt;'</source>
      <translation>排放因子单位“{unit}”不符合“&lt;kg|t&gt; &lt;gas&gt;/&lt;basis unit&gt;”格式</translation>
    </message>
    <message>
      <source>unit '{unit}' is not one of {units}</source>
      <translation>单位“{unit}”不是 {units} 之一</translation>
    </message>
    <message>
      <source>factor '{factor_id}' has unit '{unit}', not '&lt;unit&gt;/&lt;unit&gt;' of known units</source>
      <translation>排放因子“{factor_id}”的单位为“{unit}”，不是由已知单位构成的“&lt;unit&gt;/&lt;unit&gt;”</translation>
    </message>
    <message>
      <source>no conversion from {source} to {target} for '{carrier}' (needs a factor row '{needed}')</source>
      <translation>“{carrier}”无法从 {source} 换算为 {target}（需要因子行“{needed}”）</translation>
    </message>
    <message>
      <source>'{activity_unit}' of {carrier} does not match factor '{factor_id}' ({factor_unit}): {reason}</source>
      <translation>{carrier} 的“{activity_unit}”与排放因子“{factor_id}”（{factor_unit}）不匹配：{reason}</translation>
    </message>
    <message>
      <source>no GWP row for gas '{gas}' of factor '{factor_id}'</source>
      <translation>排放因子“{factor_id}”的气体“{gas}”没有 GWP 行</translation>
    </message>
    <message>
      <source>factor '{factor_id}' is not in the factor table ({count} rows name unknown factors)</source>
      <translation>排放因子“{factor_id}”不在排放因子表中（{count} 行引用了未知的排放因子）</translation>
    </message>
    <message>
      <source>'{value}' is not a number</source>
      <translation>“{value}”不是数字</translation>
    </message>
    <message>
      <source>factor_id '{factor_id}' is empty or repeated</source>
      <translation>factor_id“{factor_id}”为空或重复</translation>
    </message>
    <message>
      <source>factor '{factor_id}' needs low &lt;= value &lt;= high, got {low} / {value} / {high}</source>
      <translation>排放因子“{factor_id}”须满足 low &lt;= value &lt;= high，实际为 {low} / {value} / {high}</translation>
    </message>
    <message>
      <source>distribution '{distribution}' is not one of {distributions}</source>
      <translation>分布“{distribution}”不是 {distributions} 之一</translation>
    </message>
    <message>
      <source>factor '{factor_id}' has no source</source>
      <translation>排放因子“{factor_id}”没有引用来源</translation>
    </message>
    <message>
      <source>no ledger at '{path}'; create it with carbonledger:createledger</source>
      <translation>“{path}”处没有账本；请用 carbonledger:createledger 创建</translation>
    </message>
    <message>
      <source>'{path}' is a folder, not a ledger GeoPackage</source>
      <translation>“{path}”是文件夹，不是账本 GeoPackage</translation>
    </message>
    <message>
      <source>'{path}' is not a GeoPackage (not an SQLite database file)</source>
      <translation>“{path}”不是 GeoPackage（不是 SQLite 数据库文件）</translation>
    </message>
    <message>
      <source>no {tables} table</source>
      <translation>没有 {tables} 表</translation>
    </message>
    <message>
      <source>its units layer has no unit_id field</source>
      <translation>其 units 图层没有 unit_id 字段</translation>
    </message>
    <message>
      <source>'{path}' is a GeoPackage from another tool, not a ledger ({what}); choose a ledger file or create one with carbonledger:createledger</source>
      <translation>“{path}”是其他工具的 GeoPackage，不是账本（{what}）；请选择账本文件，或用 carbonledger:createledger 创建账本</translation>
    </message>
    <message>
      <source>the folder '{folder}' does not exist</source>
      <translation>文件夹“{folder}”不存在</translation>
    </message>
    <message>
      <source>the folder '{folder}' is read-only: the ledger needs it writable for its journal</source>
      <translation>文件夹“{folder}”为只读：账本需要在其中写入日志文件</translation>
    </message>
    <message>
      <source>'{path}' is read-only</source>
      <translation>“{path}”为只读</translation>
    </message>
    <message>
      <source>held by process {processes}</source>
      <translation>被进程 {processes} 占用</translation>
    </message>
    <message>
      <source>held by another program</source>
      <translation>被其他程序占用</translation>
    </message>
    <message>
      <source>the ledger '{path}' is locked ({who}) and stayed locked for {timeout:g} s; close the other program's edit session or wait for its run to end, then run again</source>
      <translation>账本“{path}”已被锁定（{who}），等待 {timeout:g} s 后仍未解锁；请关闭其他程序的编辑会话或等待其运行结束，然后重新运行</translation>
    </message>
    <message>
      <source>the disk (or the file size limit) holding '{path}' is full; free space and run again (the ledger was left as it was)</source>
      <translation>“{path}”所在的磁盘已满（或已达文件大小上限）；请释放空间后重新运行（账本保持不变）</translation>
    </message>
    <message>
      <source>writing '{path}' failed ({error}): the disk is full, a file size limit was reached or the drive failed; the ledger was left as it was</source>
      <translation>写入“{path}”失败（{error}）：磁盘已满、达到文件大小上限或驱动器故障；账本保持不变</translation>
    </message>
    <message>
      <source>'{path}' or its folder is read-only</source>
      <translation>“{path}”或其所在文件夹为只读</translation>
    </message>
    <message>
      <source>'{path}' is not a GeoPackage, or is damaged ({error})</source>
      <translation>“{path}”不是 GeoPackage，或已损坏（{error}）</translation>
    </message>
    <message>
      <source>cannot open '{path}' (missing folder or no permission)</source>
      <translation>无法打开“{path}”（文件夹不存在或没有权限）</translation>
    </message>
    <message>
      <source>the unit hierarchy has a cycle (deeper than {levels} levels) at unit '{unit_id}'</source>
      <translation>单元层级在单元“{unit_id}”处存在循环（深度超过 {levels} 级）</translation>
    </message>
    <message>
      <source>the ledger's entries changed while their intervals were computed: nothing was written; run carbonledger:uncertainty again</source>
      <translation>计算区间期间账本的条目发生了变化：未写入任何内容；请重新运行 carbonledger:uncertainty</translation>
    </message>
    <message>
      <source>migrating '{path}' to ledger schema {schema} failed ({error}); the ledger was left unchanged</source>
      <translation>将“{path}”迁移到账本结构版本 {schema} 失败（{error}）；账本保持不变</translation>
    </message>
    <message>
      <source>the ledger has no '{layer}' layer: create a new ledger and run the tools again</source>
      <translation>账本没有“{layer}”图层：请新建账本并重新运行各工具</translation>
    </message>
    <message>
      <source>rows</source>
      <translation>行</translation>
    </message>
    <message>
      <source>{what}: {replaced:,.0f} {unit} of {table} would be replaced by {written:,.0f} ({share:.1%}, below COVERAGE {coverage:g})</source>
      <translation>{what}：{table} 中的 {replaced:,.0f} {unit}将只被 {written:,.0f} 替换（{share:.1%}，低于 COVERAGE {coverage:g}）</translation>
    </message>
    <message>
      <source>{notice}; nothing was written. Check {layer} (empty, nodata or outside the units?), or set REPLACE to yes to replace them</source>
      <translation>{notice}；未写入任何内容。请检查 {layer}（是否为空、无数据或位于单元之外？），或将 REPLACE 设为 yes 以替换</translation>
    </message>
    <message>
      <source>{notice}; replaced because REPLACE is yes</source>
      <translation>{notice}；因 REPLACE 为 yes 已替换</translation>
    </message>
    <message>
      <source>orphaned: no new unit takes its id</source>
      <translation>orphaned：没有新单元沿用其编号</translation>
    </message>
    <message>
      <source>moved: its outline changes</source>
      <translation>moved：其轮廓改变</translation>
    </message>
    <message>
      <source>kept, but its attributes (land use, name, floors, population ...) change</source>
      <translation>kept，但其属性（土地利用、名称、层数、人口……）改变</translation>
    </message>
    <message>
      <source> and {count:,} more</source>
      <translation>，另有 {count:,} 个</translation>
    </message>
    <message>
      <source>{algorithm} changes {count:,} units and links that {entries:,} entries name ({years}, every scenario): {level} '{unit_id}' ({how}; entry '{entry_id}'){more}</source>
      <translation>{algorithm} 改变了 {entries:,} 条条目所指向的 {count:,} 个单元和路段（{years}，所有情景）：{level}“{unit_id}”（{how}；条目“{entry_id}”）{more}</translation>
    </message>
    <message>
      <source>{what}. An entry's content digest covers its unit's attributes and outline, so those entries would no longer verify, and no later run could copy them (a REASON run of a sealed year, a calibration, a scenario on their units); nothing was written. Check the input layers where that unit lies, or set REPLACE to yes to write the new units anyway: the entries stay under their unit ids, listed in the reconciliation table; then account the latest inventory year again (carbonledger:accountsources and carbonledger:accountsinks) to account them on the new units; earlier years stay as accounted</source>
      <translation>{what}。条目的内容摘要涵盖其单元的属性和轮廓，因此这些条目将无法再通过核验，之后的运行也无法复制它们（已封存年份的 REASON 运行、校准、基于这些单元的情景）；未写入任何内容。请检查该单元所在位置的输入图层，或将 REPLACE 设为 yes 仍写入新单元：这些条目保留在原单元编号下，并列于 reconciliation 表中；然后重新核算最新的清单年份（carbonledger:accountsources 和 carbonledger:accountsinks），在新单元上核算它们；较早的年份保持原核算结果</translation>
    </message>
    <message>
      <source>{what}; their content digests no longer hold; written because REPLACE is yes</source>
      <translation>{what}；这些条目的内容摘要不再成立；因 REPLACE 为 yes 已写入</translation>
    </message>
    <message>
      <source>no inventory year</source>
      <translation>无清单年份</translation>
    </message>
    <message>
      <source>inventory year {year}</source>
      <translation>清单年份 {year}</translation>
    </message>
    <message>
      <source>inventory years {years}</source>
      <translation>清单年份 {years}</translation>
    </message>
    <message>
      <source>{years} and none</source>
      <translation>{years}，以及无清单年份</translation>
    </message>
    <message>
      <source>the sources and sinks</source>
      <translation>排放源和碳汇</translation>
    </message>
    <message>
      <source>account {what} again on the new units (carbonledger:accountsources and carbonledger:accountsinks without a REASON replace those entries), then run this again</source>
      <translation>在新单元上重新核算{what}（不带 REASON 的 carbonledger:accountsources 和 carbonledger:accountsinks 会替换这些条目），然后重新运行本工具</translation>
    </message>
    <message>
      <source>inventory year {year} v{version} was accounted on the old units and stays as accounted (carbonledger:verifyledger lists those entries): a new version of it cannot carry them over; recalculate it in a copy of the ledger from before that run</source>
      <translation>清单年份 {year} v{version} 是在旧单元上核算的，保持原核算结果（carbonledger:verifyledger 会列出这些条目）：该年份的新版本无法沿用这些条目；请在该次运行之前的账本副本中重新计算</translation>
    </message>
    <message>
      <source>{count} entry hangs from units that {algorithm} run {run_id} ({ended_at}) changed after the run that wrote it</source>
      <translation>{count} 条条目所属的单元在写入该条目的运行之后被 {algorithm} 运行 {run_id}（{ended_at}）改变</translation>
    </message>
    <message>
      <source>{count} entries hang from units that {algorithm} run {run_id} ({ended_at}) changed after the run that wrote them</source>
      <translation>{count} 条条目所属的单元在写入这些条目的运行之后被 {algorithm} 运行 {run_id}（{ended_at}）改变</translation>
    </message>
    <message>
      <source>{hang} (table reconciliation of that run: unit '{unit_id}', {status}); an entry's content digest covers its unit as it was, so the stored {field} of entry '{entry_id}' no longer holds: the entries were not altered, but accounted on the old units, and this run would have copied them onto the new ones, so it changed nothing: {way}</source>
      <translation>{hang}（该次运行的 reconciliation 表：单元“{unit_id}”，{status}）；条目的内容摘要涵盖其单元原来的状态，因此条目“{entry_id}”存储的 {field} 不再成立：这些条目并未被改动，而是在旧单元上核算的，本次运行本会把它们复制到新单元上，因此未做任何更改：{way}</translation>
    </message>
    <message>
      <source>{count} entry was altered outside the plugin since the run that wrote it (the stored {field} of entry '{entry_id}' does not hold); this run would have fingerprinted the alteration anew, so it changed nothing: carbonledger:verifyledger lists the altered entries</source>
      <translation>{count} 条条目在写入它的运行之后在插件之外被改动（条目“{entry_id}”存储的 {field} 不成立）；本次运行本会为改动重新生成数据指纹，因此未做任何更改：carbonledger:verifyledger 会列出被改动的条目</translation>
    </message>
    <message>
      <source>{count} entries were altered outside the plugin since the run that wrote them (the stored {field} of entry '{entry_id}' does not hold, the first); this run would have fingerprinted the alteration anew, so it changed nothing: carbonledger:verifyledger lists the altered entries</source>
      <translation>{count} 条条目在写入它们的运行之后在插件之外被改动（第一条为条目“{entry_id}”，其存储的 {field} 不成立）；本次运行本会为改动重新生成数据指纹，因此未做任何更改：carbonledger:verifyledger 会列出被改动的条目</translation>
    </message>
    <message>
      <source>factor row '{factor_id}' (fid {fid})</source>
      <translation>因子行“{factor_id}”（fid {fid}）</translation>
    </message>
    <message>
      <source>the factor row of fid {fid} (deleted)</source>
      <translation>fid 为 {fid} 的因子行（已删除）</translation>
    </message>
    <message>
      <source>{count:,} factor rows were altered, inserted or deleted outside the plugin since the last run sealed them, {named} the first; this run would have used or sealed the alteration as its own, so it changed nothing: carbonledger:verifyledger reports it (factors_root). Put the row back as it was (from a copy of the ledger, or for a shipped factor its row of resources/factors), then give a corrected factor as a FACTORS table of the accounting run</source>
      <translation>自上次运行封印以来，有 {count:,} 个因子行在插件之外被改动、插入或删除，第一个为{named}；本次运行本会把改动当作自己的结果使用或封印，因此未做任何更改：carbonledger:verifyledger 会报告此问题（factors_root）。请将该行恢复原样（取自账本副本；内置排放因子取 resources/factors 中的对应行），然后在核算运行中以 FACTORS 表给出修正后的排放因子</translation>
    </message>
    <message>
      <source>the {layer} changed while the ledger was verified</source>
      <translation>核验账本期间 {layer} 发生了变化</translation>
    </message>
    <message>
      <source>the units changed while the ledger was verified</source>
      <translation>核验账本期间单元发生了变化</translation>
    </message>
    <message>
      <source>signing needs the Python package 'cryptography' (Debian: sudo apt install python3-cryptography; OSGeo4W Shell: python -m pip install cryptography)</source>
      <translation>签名需要 Python 包“cryptography”（Debian：sudo apt install python3-cryptography；OSGeo4W Shell：python -m pip install cryptography）</translation>
    </message>
    <message>
      <source>'{path}' exists already: a key file is never overwritten</source>
      <translation>“{path}”已存在：密钥文件从不覆盖</translation>
    </message>
    <message>
      <source>cannot read the key file '{path}' ({reason})</source>
      <translation>无法读取密钥文件“{path}”（{reason}）</translation>
    </message>
    <message>
      <source>'{path}' is not an unencrypted PEM private key ({error})</source>
      <translation>“{path}”不是未加密的 PEM 私钥（{error}）</translation>
    </message>
    <message>
      <source>'{path}' is not an Ed25519 key</source>
      <translation>“{path}”不是 Ed25519 密钥</translation>
    </message>
    <message>
      <source>'{path}' is not a PEM public key ({error})</source>
      <translation>“{path}”不是 PEM 公钥（{error}）</translation>
    </message>
    <message>
      <source>the CRS '{crs}' is not understood ({error})</source>
      <translation>无法识别坐标系“{crs}”（{error}）</translation>
    </message>
    <message>
      <source>the CRS '{crs}' is geographic (degrees), but areas and lengths need metres: choose a projected CRS, e.g. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) or the local UTM zone (EPSG:326zz north, 327zz south, zz = floor((lon + 180) / 6) + 1)</source>
      <translation>坐标系“{crs}”是地理坐标系（度），而面积和长度需要以米计：请选择投影坐标系，如 EPSG:4547（CGCS2000 / 3-degree Gauss-Kruger CM 114E）或当地的 UTM 分带（北半球 EPSG:326zz，南半球 327zz，zz = floor((lon + 180) / 6) + 1）</translation>
    </message>
    <message>
      <source>'{path}' exists already: open it instead of creating it</source>
      <translation>“{path}”已存在：请直接打开，而不是新建</translation>
    </message>
    <message>
      <source>cannot create '{path}' as a GeoPackage</source>
      <translation>无法将“{path}”创建为 GeoPackage</translation>
    </message>
    <message>
      <source>'{path}' is not a ledger (no units layer)</source>
      <translation>“{path}”不是账本（没有 units 图层）</translation>
    </message>
    <message>
      <source>'{path}' has ledger schema {version}, newer than the {schema} of this plugin ({plugin_version}): update the Urban Carbon Ledger plugin to open it</source>
      <translation>“{path}”的账本结构版本为 {version}，高于本插件（{plugin_version}）的 {schema}：请更新城市碳账本插件后再打开</translation>
    </message>
    <message>
      <source>'{path}' has ledger schema {version}, this plugin writes schema {schema}: open it through migrations.open_ledger (every carbonledger algorithm and dock does) to migrate it first</source>
      <translation>“{path}”的账本结构版本为 {version}，本插件写入的版本为 {schema}：请先通过 migrations.open_ledger 打开以完成迁移（所有 carbonledger 算法和面板都会这样做）</translation>
    </message>
    <message>
      <source>{intervals:,} unit intervals for {units:,} units and links: the ledger's units changed while their intervals were drawn; nothing was written</source>
      <translation>{units:,} 个单元和路段却有 {intervals:,} 个单元区间：抽样计算区间期间账本的单元发生了变化；未写入任何内容</translation>
    </message>
    <message>
      <source>the {field} stored on unit '{unit_id}' ({stored:,.3f} t CO2e/yr) is not the sum of its entries ({recomputed:,.3f} t CO2e/yr){others}: the ledger was altered after its last run; nothing was published (carbonledger:verifyledger lists what differs)</source>
      <translation>单元“{unit_id}”存储的 {field}（{stored:,.3f} t CO2e/yr）不等于其条目之和（{recomputed:,.3f} t CO2e/yr）{others}：账本在上次运行之后被改动；未发布任何内容（carbonledger:verifyledger 会列出不一致之处）</translation>
    </message>
    <message>
      <source>, nor are the totals of {count:,} other units</source>
      <translation>，另有 {count:,} 个单元的总量也不相符</translation>
    </message>
    <message>
      <source>inventory year {year} is not in the ledger: it holds no inventory year yet</source>
      <translation>清单年份 {year} 不在账本中：账本尚无任何清单年份</translation>
    </message>
    <message>
      <source>inventory year {year} is not in the ledger: it holds {years}</source>
      <translation>清单年份 {year} 不在账本中：账本中有 {years}</translation>
    </message>
    <message>
      <source>inventory year {year} is sealed: {later} follows it. To recalculate it, give a REASON (a corrected factor, a new method): the run becomes version {version} of {year}</source>
      <translation>清单年份 {year} 已封存：其后已有 {later}。如需重新计算，请给出 REASON（修正的排放因子、新方法）：本次运行将成为 {year} 年的第 {version} 版</translation>
    </message>
    <message>
      <source>distribution '{distribution}' of factor '{factor_id}' is not one of {options}</source>
      <translation>排放因子“{factor_id}”的分布“{distribution}”不是 {options} 之一</translation>
    </message>
    <message>
      <source>factor '{factor_id}' is lognormal but its low ({low}) is not positive; give a positive low or use a normal distribution</source>
      <translation>排放因子“{factor_id}”为对数正态分布，但其下限（{low}）不是正数；请给出正的下限，或改用正态分布</translation>
    </message>
    <message>
      <source>missing columns {missing} (required: {required} and sector or carrier)</source>
      <translation>缺少列 {missing}（必需：{required}，以及 sector 或 carrier）</translation>
    </message>
    <message>
      <source>empty: every row needs a unit_id, a sector or a carrier, and a unit</source>
      <translation>为空：每一行都需要 unit_id、sector 或 carrier，以及 unit</translation>
    </message>
    <message>
      <source>the modelled {carrier} in {unit} cannot be compared with '{observed_unit}': {reason}</source>
      <translation>以 {unit} 计的模型 {carrier} 无法与“{observed_unit}”比较：{reason}</translation>
    </message>
    <message>
      <source>{iterations} iterations are too few for percentiles</source>
      <translation>{iterations} 次迭代太少，无法计算百分位数</translation>
    </message>
    <message>
      <source>Monte Carlo: {done:,} of {entries:,} entries</source>
      <translation>蒙特卡洛：{entries:,} 条条目中已完成 {done:,} 条</translation>
    </message>
    <message>
      <source>no calibration to apply: OBSERVED has no metered buildings with a floor area</source>
      <translation>没有可应用的校准：OBSERVED 中没有带建筑面积的计量建筑</translation>
    </message>
    <message>
      <source>{entries} downscaled entries re-shared</source>
      <translation>已重新分摊 {entries} 条降尺度条目</translation>
    </message>
    <message>
      <source>'{value}' is not one of {options}</source>
      <translation>“{value}”不是 {options} 之一</translation>
    </message>
    <message>
      <source>Reading the entries of {years} inventory years</source>
      <translation>正在读取 {years} 个清单年份的条目</translation>
    </message>
    <message>
      <source>Comparing {observations} observations</source>
      <translation>正在比较 {observations} 条观测</translation>
    </message>
    <message>
      <source>Applying the calibration as a new version of the year</source>
      <translation>正在将校准作为该年份的新版本应用</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Checking the seal chain</source>
      <translation>正在检查封印链</translation>
    </message>
    <message>
      <source>the seal chain is broken ({link}: {stored} -&gt; {recomputed}); signing would vouch for it: run carbonledger:verifyledger and rebuild the ledger first</source>
      <translation>封印链已断裂（{link}：{stored} -&gt; {recomputed}）；签署将为其背书：请先运行 carbonledger:verifyledger 并重建账本</translation>
    </message>
    <message>
      <source>Signing</source>
      <translation>正在签署</translation>
    </message>
    <message>
      <source>{seals} run seals signed</source>
      <translation>已签署 {seals} 个运行封印</translation>
    </message>
    <message>
      <source>method '{method}' is not one of {options}</source>
      <translation>方法“{method}”不是 {options} 之一</translation>
    </message>
    <message>
      <source>the ledger has no entries for scenario '{scenario}'</source>
      <translation>账本中没有情景“{scenario}”的条目</translation>
    </message>
    <message>
      <source>{method}: {entries:,} entries, {units:,} units and links</source>
      <translation>{method}：{entries:,} 条条目，{units:,} 个单元和路段</translation>
    </message>
    <message>
      <source>factor rows {factor_ids} are not in the ledger's factors table: their entries' factors were taken as exact (carbonledger:verifyledger lists these entries)</source>
      <translation>因子行 {factor_ids} 不在账本的 factors 表中：其条目的排放因子按精确值处理（carbonledger:verifyledger 会列出这些条目）</translation>
    </message>
    <message>
      <source>{intervals} intervals left out their central estimate (skewed inputs) and were widened to reach it</source>
      <translation>{intervals} 个区间未包含其中心估计值（输入偏斜），已加宽以包含该值</translation>
    </message>
    <message>
      <source>intervals written</source>
      <translation>区间已写入</translation>
    </message>
    <message>
      <source>no ACTIVITY table (a CSV with row_id and amount columns) in '{path}'</source>
      <translation>“{path}”中没有 ACTIVITY 表（含 row_id 和 amount 列的 CSV）</translation>
    </message>
    <message>
      <source>Reading factors, runs and units</source>
      <translation>正在读取排放因子、运行记录和单元</translation>
    </message>
    <message>
      <source>Recomputing the entries</source>
      <translation>正在重新计算条目</translation>
    </message>
    <message>
      <source>Checking the run seals</source>
      <translation>正在检查运行封印</translation>
    </message>
    <message>
      <source>Checking {rows:,} activity rows</source>
      <translation>正在检查 {rows:,} 行活动数据</translation>
    </message>
    <message>
      <source>Comparing unit totals</source>
      <translation>正在比较单元总量</translation>
    </message>
    <message>
      <source>Checking the green-space budget against its entries</source>
      <translation>正在按条目核验绿地碳收支</translation>
    </message>
    <message>
      <source>{entries} entries, {unit_totals} unit totals, {budget} green-space budget rows and {links} seal links differ</source>
      <translation>{entries} 条条目、{unit_totals} 个单元总量、{budget} 行绿地碳收支和 {links} 个封印链环不一致</translation>
    </message>
    <message>
      <source>FROM_YEAR and TO_YEAR are both {year}: choose two inventory years</source>
      <translation>FROM_YEAR 和 TO_YEAR 都是 {year}：请选择两个不同的清单年份</translation>
    </message>
    <message>
      <source>Reading the entries of both years</source>
      <translation>正在读取两个年份的条目</translation>
    </message>
    <message>
      <source>Pairing entries and summing the change</source>
      <translation>正在配对条目并汇总变化</translation>
    </message>
    <message>
      <source>{entries} entries lie under no {level} unit (or in units no longer in the ledger) and are left out</source>
      <translation>{entries} 条条目不在任何 {level} 单元之下（或位于已不在账本中的单元），已略去</translation>
    </message>
    <message>
      <source>no scenario '{scenario}' in the ledger (it has: {scenarios})</source>
      <translation>账本中没有情景“{scenario}”（现有情景：{scenarios}）</translation>
    </message>
    <message>
      <source>the ledger has no district units to map</source>
      <translation>账本中没有可制图的分区单元</translation>
    </message>
    <message>
      <source>map layers read</source>
      <translation>地图图层已读取</translation>
    </message>
    <message>
      <source>entries read</source>
      <translation>条目已读取</translation>
    </message>
    <message>
      <source>missing columns {missing}</source>
      <translation>缺少列 {missing}</translation>
    </message>
    <message>
      <source>Verifying the ledger</source>
      <translation>正在核验账本</translation>
    </message>
    <message>
      <source>Reading scenario {scenario}</source>
      <translation>正在读取情景“{scenario}”</translation>
    </message>
    <message>
      <source>Building tables</source>
      <translation>正在生成表格</translation>
    </message>
    <message>
      <source>Drawing charts and writing HTML</source>
      <translation>正在绘制图表并写入 HTML</translation>
    </message>
    <message>
      <source>Writing XLSX</source>
      <translation>正在写入 XLSX</translation>
    </message>
    <message>
      <source>Report written to {path}</source>
      <translation>报告已写入 {path}</translation>
    </message>
    <message>
      <source>END_YEAR {end_year} is before START_YEAR {start_year}</source>
      <translation>END_YEAR {end_year} 早于 START_YEAR {start_year}</translation>
    </message>
    <message>
      <source>name at least one scenario to compare</source>
      <translation>请至少指定一个要比较的情景</translation>
    </message>
    <message>
      <source>Comparing '{scenario}'</source>
      <translation>正在比较“{scenario}”</translation>
    </message>
    <message>
      <source>Comparison done</source>
      <translation>比较完成</translation>
    </message>
    <message>
      <source>Finalising {entries:,} entries in {partitions} partitions</source>
      <translation>正在完成 {entries:,} 条条目的计算（{partitions} 个分区块）</translation>
    </message>
    <message>
      <source>Writing entries and rolling up unit totals</source>
      <translation>正在写入条目并汇总单元合计</translation>
    </message>
    <message>
      <source>{finalised} of {partitions} partitions finalised</source>
      <translation>已完成 {partitions} 个分区块中的 {finalised} 个</translation>
    </message>
    <message>
      <source>unit '{unit_id}' is not in the ledger's units or links</source>
      <translation>单元“{unit_id}”不在账本的单元或路段中</translation>
    </message>
    <message>
      <source>measure '{measure_id}' applies to {levels}, not to the {level} '{unit_id}'</source>
      <translation>措施“{measure_id}”适用于 {levels}，不适用于 {level}“{unit_id}”</translation>
    </message>
    <message>
      <source>grid electricity factor of the new park's irrigation</source>
      <translation>新公园灌溉用电的电网排放因子</translation>
    </message>
    <message>
      <source>unit '{unit_id}' has no area_m2 to plant on</source>
      <translation>单元“{unit_id}”没有可供种植的 area_m2</translation>
    </message>
    <message>
      <source>no sink rule for land-cover class '{land_cover_class}' (not in the class table or no factor sink_rate_{land_cover_class})</source>
      <translation>土地覆盖类别“{land_cover_class}”没有碳汇规则（不在类别表中，或没有排放因子 sink_rate_{land_cover_class}）</translation>
    </message>
    <message>
      <source>{trees:g} trees x {crown_m2_per_tree:g} m2 = {crown:g} m2 of crown exceed the unit's area of {area:g} m2</source>
      <translation>{trees:g} 棵树 × {crown_m2_per_tree:g} m2 = {crown:g} m2 树冠，超过单元面积 {area:g} m2</translation>
    </message>
    <message>
      <source>{unit} has no source entries of {target}: {measure} changes nothing there.</source>
      <translation>{unit} 没有{target}的排放源条目：{measure}在此不产生任何变化。</translation>
    </message>
    <message>
      <source>grid factor '{factor_id}' is not in the factor table</source>
      <translation>电网排放因子“{factor_id}”不在排放因子表中</translation>
    </message>
    <message>
      <source>grid factor '{factor_id}' is in {unit}, not per kWh</source>
      <translation>电网排放因子“{factor_id}”的单位是 {unit}，不是按 kWh 计</translation>
    </message>
    <message>
      <source>grid factor '{factor_id}' is neither in the ledger nor shipped</source>
      <translation>电网排放因子“{factor_id}”既不在账本中，也不在内置因子中</translation>
    </message>
    <message>
      <source>factor '{factor_id}' is not in measure_factors.csv</source>
      <translation>排放因子“{factor_id}”不在 measure_factors.csv 中</translation>
    </message>
    <message>
      <source>measure '{measure_id}' is not in the measures library ({measures})</source>
      <translation>措施“{measure_id}”不在措施库中（{measures}）</translation>
    </message>
    <message>
      <source>measure '{measure_id}' has no parameter {unknown} (it has {parameters})</source>
      <translation>措施“{measure_id}”没有参数 {unknown}（其参数为 {parameters}）</translation>
    </message>
    <message>
      <source>parameter {parameter} = '{value}' is not a number</source>
      <translation>参数 {parameter} = “{value}”不是数字</translation>
    </message>
    <message>
      <source>parameter {parameter} = {value:g} is outside [{minimum}, {maximum}] {unit}</source>
      <translation>参数 {parameter} = {value:g} 超出范围 [{minimum}, {maximum}] {unit}</translation>
    </message>
    <message>
      <source>no sink or source rule for land use '{land_use}': conversion_rules.csv has {land_uses}</source>
      <translation>土地用途“{land_use}”没有碳汇或排放源规则：conversion_rules.csv 中有 {land_uses}</translation>
    </message>
    <message>
      <source>the planting plan covers {share:.3g} of the parcel (canopy + lawn + paving must be &lt;= 1)</source>
      <translation>种植方案覆盖地块的 {share:.3g}（树冠 + 草坪 + 铺装必须 &lt;= 1）</translation>
    </message>
    <message>
      <source>parameters are not JSON ({reason}): {text!r}</source>
      <translation>parameters 不是 JSON（{reason}）：{text!r}</translation>
    </message>
    <message>
      <source>parameters must be a JSON object, got {text!r}</source>
      <translation>parameters 必须是 JSON 对象，实际为 {text!r}</translation>
    </message>
    <message>
      <source>no edits file at '{path}'</source>
      <translation>“{path}”处没有编辑文件</translation>
    </message>
    <message>
      <source>not valid JSON ({reason}, line {line})</source>
      <translation>不是有效的 JSON（{reason}，第 {line} 行）</translation>
    </message>
    <message>
      <source>expected a list of edits or {example}</source>
      <translation>应为编辑列表或 {example}</translation>
    </message>
    <message>
      <source>the edits have no '{field}' column</source>
      <translation>编辑中没有“{field}”列</translation>
    </message>
    <message>
      <source>unit_id and measure_id must not be empty</source>
      <translation>unit_id 和 measure_id 不能为空</translation>
    </message>
    <message>
      <source>there are no edits</source>
      <translation>没有任何编辑</translation>
    </message>
    <message>
      <source>unit '{unit_id}' gets measure '{measure_id}' {count} times (rows {rows}): its effect would compound; give each measure once per unit (with all its parameters)</source>
      <translation>单元“{unit_id}”被施加措施“{measure_id}” {count} 次（第 {rows} 行）：其效果会叠加；每个单元的每项措施只给一次（并带上全部参数）</translation>
    </message>
    <message>
      <source>give the scenario a name other than '{baseline}'</source>
      <translation>请为情景取一个不同于“{baseline}”的名称</translation>
    </message>
    <message>
      <source>scenario '{scenario}' exists already (stored {created_at}); choose another name, or set REPLACE to yes to replace it</source>
      <translation>情景“{scenario}”已存在（保存于 {created_at}）；请换一个名称，或将 REPLACE 设为 yes 以替换它</translation>
    </message>
    <message>
      <source>base scenario '{base}' is not in the ledger</source>
      <translation>基准情景“{base}”不在账本中</translation>
    </message>
    <message>
      <source>scenario '{scenario}' cannot build on '{base}', which builds on it</source>
      <translation>情景“{scenario}”不能基于“{base}”，因为后者基于前者</translation>
    </message>
    <message>
      <source>scenarios {scenarios} build on '{scenario}': their own units keep the entries they were applied with; apply them again to re-account them on this version</source>
      <translation>情景 {scenarios} 基于“{scenario}”：它们自身的单元保留应用时的条目；请重新应用这些情景，以便在此版本上重新核算</translation>
    </message>
    <message>
      <source>Reading scenario '{scenario}'</source>
      <translation>正在读取情景“{scenario}”</translation>
    </message>
    <message>
      <source>Edit {number} of {total}</source>
      <translation>第 {number} 项编辑，共 {total} 项</translation>
    </message>
    <message>
      <source>Writing the scenario</source>
      <translation>正在写入情景</translation>
    </message>
    <message>
      <source>Scenario '{scenario}' stored</source>
      <translation>情景“{scenario}”已保存</translation>
    </message>
    <message>
      <source>the unit hierarchy has a cycle (deeper than {depth} levels) at unit '{unit_id}'</source>
      <translation>单元层级在单元“{unit_id}”处存在循环（深度超过 {depth} 层）</translation>
    </message>
    <message>
      <source>levels {levels} cannot hold sinks; choose from {choices}</source>
      <translation>层级 {levels} 不能承载碳汇；请从 {choices} 中选择</translation>
    </message>
    <message>
      <source>method '{method}' is not one of {methods}</source>
      <translation>方法“{method}”不是 {methods} 之一</translation>
    </message>
    <message>
      <source>the lue method needs an NDVI raster</source>
      <translation>lue 方法需要 NDVI 栅格</translation>
    </message>
    <message>
      <source>a second land-cover map needs YEAR and ALT_YEAR, and they must differ</source>
      <translation>第二幅土地覆盖图需要 YEAR 和 ALT_YEAR，且两者必须不同</translation>
    </message>
    <message>
      <source>the soil transition period must be at least 1 year, not {soil_years}</source>
      <translation>土壤过渡期必须至少 1 年，而不是 {soil_years}</translation>
    </message>
    <message>
      <source>pruning level '{pruning}' is not one of {levels}</source>
      <translation>修剪等级“{pruning}”不是 {levels} 之一</translation>
    </message>
    <message>
      <source>codes {codes} occur under units but are not in the class table</source>
      <translation>编码 {codes} 出现在单元下，但不在类别表中</translation>
    </message>
    <message>
      <source>canopy must be a fraction 0..1 (divide a percentage by 100)</source>
      <translation>树冠覆盖率必须是 0..1 的比例（百分数请除以 100）</translation>
    </message>
    <message>
      <source>{done} of {partitions} partitions accounted and written</source>
      <translation>已核算并写入 {done}/{partitions} 个分区块</translation>
    </message>
    <message>
      <source>sinks of scenario {scenario}</source>
      <translation>情景 {scenario} 的碳汇</translation>
    </message>
    <message>
      <source>{units} units are more than 1% outside LANDCOVER or on nodata (largest share {largest_share:.3f}); see uncovered_share in unit_stats</source>
      <translation>{units} 个单元有超过 1% 的面积位于 LANDCOVER 之外或落在无数据像元上（最大比例 {largest_share:.3f}）；见 unit_stats 中的 uncovered_share</translation>
    </message>
    <message>
      <source>{units} units are smaller than their accounted descendants (e.g. a building straddling two parcels); their remainder was floored at 0</source>
      <translation>{units} 个单元小于其已核算的下级单元（如一栋建筑跨两个地块）；其剩余部分按 0 计</translation>
    </message>
    <message>
      <source>Opening rasters</source>
      <translation>正在打开栅格</translation>
    </message>
    <message>
      <source>Reading units</source>
      <translation>正在读取单元</translation>
    </message>
    <message>
      <source>the ledger has no units of levels {levels}</source>
      <translation>账本中没有层级为 {levels} 的单元</translation>
    </message>
    <message>
      <source>LANDCOVER is not in the ledger CRS: units are reprojected to the raster's CRS for the overlay</source>
      <translation>LANDCOVER 与账本坐标系不同：叠加时将单元重投影到栅格的坐标系</translation>
    </message>
    <message>
      <source>Accounting {units:,} units in {partitions} partitions</source>
      <translation>正在核算 {units:,} 个单元，分 {partitions} 个分区块</translation>
    </message>
    <message>
      <source>Rolling up unit totals</source>
      <translation>正在逐级汇总单元合计</translation>
    </message>
    <message>
      <source>missing columns {columns} (stock_low, stock_high: cited 95% interval of c_above + c_below + c_soil + c_dead in t C/ha, stock_distribution: one of {distributions})</source>
      <translation>缺少列 {columns}（stock_low、stock_high：c_above + c_below + c_soil + c_dead 的有引用来源的 95% 区间，单位 t C/ha；stock_distribution：{distributions} 之一）</translation>
    </message>
    <message>
      <source>code '{code}' is not an integer</source>
      <translation>编码“{code}”不是整数</translation>
    </message>
    <message>
      <source>code {code} is repeated</source>
      <translation>编码 {code} 重复</translation>
    </message>
    <message>
      <source>class name '{class_name}' must be letters, digits or _</source>
      <translation>类别名“{class_name}”只能由字母、数字或 _ 组成</translation>
    </message>
    <message>
      <source>class '{class_name}' is repeated</source>
      <translation>类别“{class_name}”重复</translation>
    </message>
    <message>
      <source>a carbon pool cannot be negative ({value} t C/ha)</source>
      <translation>碳库不能为负（{value} t C/ha）</translation>
    </message>
    <message>
      <source>rate_low {rate_low} &gt; rate_high {rate_high} for '{class_name}'</source>
      <translation>“{class_name}”的 rate_low {rate_low} &gt; rate_high {rate_high}</translation>
    </message>
    <message>
      <source>'{class_name}' needs rate_low &lt;= rate_t_c_ha_yr &lt;= rate_high</source>
      <translation>“{class_name}”须满足 rate_low &lt;= rate_t_c_ha_yr &lt;= rate_high</translation>
    </message>
    <message>
      <source>stock_low {stock_low} of '{class_name}' is negative</source>
      <translation>“{class_name}”的 stock_low {stock_low} 为负</translation>
    </message>
    <message>
      <source>stock_low {stock_low} &gt; {stock:g} t C/ha, the sum of the pools of '{class_name}'</source>
      <translation>stock_low {stock_low} &gt; {stock:g} t C/ha（“{class_name}”各碳库之和）</translation>
    </message>
    <message>
      <source>stock_high {stock_high} &lt; {stock:g} t C/ha, the sum of the pools of '{class_name}'</source>
      <translation>stock_high {stock_high} &lt; {stock:g} t C/ha（“{class_name}”各碳库之和）</translation>
    </message>
    <message>
      <source>{field} '{value}' is not one of {distributions}</source>
      <translation>{field}“{value}”不是 {distributions} 之一</translation>
    </message>
    <message>
      <source>class '{class_name}' has no source</source>
      <translation>类别“{class_name}”没有引用来源</translation>
    </message>
    <message>
      <source>sealed '{sealed}' of '{class_name}' is not true or false</source>
      <translation>“{class_name}”的 sealed“{sealed}”不是 true 或 false</translation>
    </message>
    <message>
      <source>missing parameters {parameters}</source>
      <translation>缺少参数 {parameters}</translation>
    </message>
    <message>
      <source>no grid factor rows 'china_grid_{region}_&lt;year&gt;' (regions: {regions})</source>
      <translation>没有电网排放因子行“china_grid_{region}_&lt;year&gt;”（区域：{regions}）</translation>
    </message>
    <message>
      <source>no grid factor of {region} for {year}: factors exist for {years}; choose one with GRID_YEAR (or add the row with FACTORS)</source>
      <translation>{region} 没有 {year} 年的电网排放因子：已有年份为 {years}；请用 GRID_YEAR 选择其一（或用 FACTORS 添加该行）</translation>
    </message>
    <message>
      <source>a traffic count (veh/day) needs a road link target</source>
      <translation>交通量（veh/day）的 target 必须是道路路段</translation>
    </message>
    <message>
      <source>factor '{factor_id}' (the error of proxy '{proxy}') is not in the factor table</source>
      <translation>排放因子“{factor_id}”（分配代理“{proxy}”的误差）不在排放因子表中</translation>
    </message>
    <message>
      <source>'{unit}' of {carrier} has no energy content: {reason}</source>
      <translation>{carrier} 的单位“{unit}”无法换算为能量：{reason}</translation>
    </message>
    <message>
      <source>vehicle-km belong on road links: give a road link target or proxy 'traffic'</source>
      <translation>车公里应记在道路路段上：请给出道路路段 target，或使用分配代理“traffic”</translation>
    </message>
    <message>
      <source>no factor row '{factor_id}' (add it with FACTORS)</source>
      <translation>没有因子行“{factor_id}”（请用 FACTORS 添加）</translation>
    </message>
    <message>
      <source>{earlier}; {later}</source>
      <translation>{earlier}；{later}</translation>
    </message>
    <message>
      <source>{carrier} in {sector} cannot be accounted: {problems}</source>
      <translation>{sector} 中的 {carrier} 无法核算：{problems}</translation>
    </message>
    <message>
      <source>'{grid_region}' is not one of {regions}</source>
      <translation>“{grid_region}”不是 {regions} 之一</translation>
    </message>
    <message>
      <source>Resolving targets</source>
      <translation>正在解析目标单元</translation>
    </message>
    <message>
      <source>Downscaling top-down totals</source>
      <translation>正在对自上而下的总量降尺度</translation>
    </message>
    <message>
      <source>Applying factors</source>
      <translation>正在应用排放因子</translation>
    </message>
    <message>
      <source>cannot compare '{unit}' with '{other_unit}': {reason}</source>
      <translation>无法比较“{unit}”与“{other_unit}”：{reason}</translation>
    </message>
    <message>
      <source>{count} activity rows of other years than {year} were skipped</source>
      <translation>已跳过 {count} 行非 {year} 年的活动数据</translation>
    </message>
    <message>
      <source>Writing entries</source>
      <translation>正在写入条目</translation>
    </message>
    <message>
      <source>missing columns {missing} (required: {required})</source>
      <translation>缺少列 {missing}（必需：{required}）</translation>
    </message>
    <message>
      <source>the table has a header but no rows</source>
      <translation>该表只有表头，没有数据行</translation>
    </message>
    <message>
      <source>row_id '{row_id}' is empty or repeated</source>
      <translation>row_id“{row_id}”为空或重复</translation>
    </message>
    <message>
      <source>no row of year {year} (nor without a year): the table has {years}; choose YEAR or add the rows</source>
      <translation>没有 {year} 年的行（也没有不带年份的行）：表中年份为 {years}；请选择 YEAR 或添加这些行</translation>
    </message>
    <message>
      <source>unknown sector '{sector}' (one of {sectors})</source>
      <translation>未知部门“{sector}”（应为 {sectors} 之一）</translation>
    </message>
    <message>
      <source>unknown carrier '{carrier}' (one of {carriers})</source>
      <translation>未知能源载体“{carrier}”（应为 {carriers} 之一）</translation>
    </message>
    <message>
      <source>unknown unit '{unit}' (one of {units})</source>
      <translation>未知计量单位“{unit}”（应为 {units} 之一）</translation>
    </message>
    <message>
      <source>unknown proxy '{proxy}' (empty or one of {proxies})</source>
      <translation>未知分配代理“{proxy}”（应为空或 {proxies} 之一）</translation>
    </message>
    <message>
      <source>carrier '{carrier}' is not accounted in sector '{sector}' (only in {sectors})</source>
      <translation>能源载体“{carrier}”不在部门“{sector}”中核算（仅在 {sectors} 中）</translation>
    </message>
    <message>
      <source>sector '{sector}' takes the fuel burnt to generate grid-supplied energy (scope 1), not '{carrier}'</source>
      <translation>部门“{sector}”应填写为向电网供能而燃烧的燃料（范围 1），而不是“{carrier}”</translation>
    </message>
    <message>
      <source>'{unit}' is a traffic count: carrier vkm, a road link target, no proxy</source>
      <translation>“{unit}”是交通量：carrier 须为 vkm，target 须为道路路段，不设分配代理</translation>
    </message>
    <message>
      <source>amount {amount:g} is negative</source>
      <translation>amount {amount:g} 为负数</translation>
    </message>
    <message>
      <source>uncertainty_pct is negative</source>
      <translation>uncertainty_pct 为负数</translation>
    </message>
    <message>
      <source>needs low &lt;= amount &lt;= high, got {low:g} / {amount:g} / {high:g}</source>
      <translation>须满足 low &lt;= amount &lt;= high，实际为 {low:g} / {amount:g} / {high:g}</translation>
    </message>
    <message>
      <source>target '{target}' is not a unit_id, a source_id of the ledger's units or links, nor a facility_id of FACILITIES</source>
      <translation>target“{target}”既不是 unit_id，也不是账本单元或路段的 source_id，也不是 FACILITIES 的 facility_id</translation>
    </message>
    <message>
      <source>missing column 'facility_id'</source>
      <translation>缺少列“facility_id”</translation>
    </message>
    <message>
      <source>facility '{facility_id}' lies in no building unit of the ledger</source>
      <translation>设施“{facility_id}”不在账本的任何建筑单元内</translation>
    </message>
    <message>
      <source>proxy 'traffic' is only for sector road_traffic</source>
      <translation>分配代理“traffic”只用于部门 road_traffic</translation>
    </message>
    <message>
      <source>proxy 'facilities' needs the FACILITIES layer</source>
      <translation>分配代理“facilities”需要 FACILITIES 图层</translation>
    </message>
    <message>
      <source>sector road_traffic is downscaled with proxy 'traffic'</source>
      <translation>部门 road_traffic 须用分配代理“traffic”降尺度</translation>
    </message>
    <message>
      <source>a bottom-up row needs a target (or give a proxy to downscale a city total)</source>
      <translation>自下而上的行需要 target（或给出分配代理，对全市总量降尺度）</translation>
    </message>
    <message>
      <source>repeats the top-down total of row '{row_id}' for the same target, sector and carrier</source>
      <translation>与行“{row_id}”的自上而下总量重复（target、部门和能源载体均相同）</translation>
    </message>
    <message>
      <source>total {total:g} {unit} is smaller than the {known_amount:g} {unit} already accounted inside its target (rows {rows})</source>
      <translation>总量 {total:g} {unit} 小于其 target 内已核算的 {known_amount:g} {unit}（行 {rows}）</translation>
    </message>
    <message>
      <source>no unit inside the target carries the proxy '{proxy}' for sector {sector} (or all are already metered)</source>
      <translation>target 内没有单元带有部门 {sector} 的分配代理“{proxy}”（或全部已计量）</translation>
    </message>
    <message>
      <source>month must be 1-12</source>
      <translation>month 必须为 1-12</translation>
    </message>
    <message>
      <source>hour must be 0-23</source>
      <translation>hour 必须为 0-23</translation>
    </message>
    <message>
      <source>daytype must be weekday or weekend</source>
      <translation>daytype 必须为 weekday 或 weekend</translation>
    </message>
    <message>
      <source>weight is not a number</source>
      <translation>weight 不是数字</translation>
    </message>
    <message>
      <source>no source</source>
      <translation>source（来源）为空</translation>
    </message>
    <message>
      <source>repeats profile '{profile}' month/daytype/hour</source>
      <translation>重复了时间曲线“{profile}”的 month/daytype/hour</translation>
    </message>
    <message>
      <source>profile '{profile}' has {count} rows, needs 576 (12 months x 2 day types x 24 h)</source>
      <translation>时间曲线“{profile}”有 {count} 行，需要 576 行（12 个月 × 2 种日类型 × 24 小时）</translation>
    </message>
    <message>
      <source>the weights of a year ({year}) sum to {total:g}; they must sum to a positive number</source>
      <translation>{year} 年的权重之和为 {total:g}；其和必须为正数</translation>
    </message>
    <message>
      <source>END_DATE {end} is before START_DATE {start}</source>
      <translation>END_DATE {end} 早于 START_DATE {start}</translation>
    </message>
    <message>
      <source>profile '{profile}' is not in resources/profiles</source>
      <translation>时间曲线“{profile}”不在 resources/profiles 中</translation>
    </message>
    <message>
      <source>Spreading entries over hours</source>
      <translation>正在将条目分摊到各小时</translation>
    </message>
    <message>
      <source>has no column {columns}; a land-use map needs value and land_use</source>
      <translation>缺少列 {columns}；土地利用映射表需要 value 和 land_use 列</translation>
    </message>
    <message>
      <source>'{value}' is not a land-use class; allowed: {classes}</source>
      <translation>“{value}”不是土地利用类别；允许的类别：{classes}</translation>
    </message>
    <message>
      <source>value '{value}' is mapped to two classes</source>
      <translation>取值“{value}”被映射到两个类别</translation>
    </message>
    <message>
      <source>Reading the OSM file</source>
      <translation>正在读取 OSM 文件</translation>
    </message>
    <message>
      <source>holds no ways or relations inside the extent</source>
      <translation>范围内没有任何 way 或 relation</translation>
    </message>
    <message>
      <source>Boundaries</source>
      <translation>边界</translation>
    </message>
    <message>
      <source>Land use and buildings</source>
      <translation>土地利用与建筑</translation>
    </message>
    <message>
      <source>OSM layers ready</source>
      <translation>OSM 图层已就绪</translation>
    </message>
    <message>
      <source>Boundaries: no ADMIN_LEVEL given, the extent is one district D01</source>
      <translation>边界：未给出 ADMIN_LEVEL，整个范围作为一个分区 D01</translation>
    </message>
    <message>
      <source>holds no administrative boundary of admin_level {admin_level} inside the extent; levels found: {levels}</source>
      <translation>范围内没有 admin_level 为 {admin_level} 的行政边界；现有级别：{levels}</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Boundaries: {districts} districts of admin_level {admin_level}, coded by OSM id</source>
      <translation>边界：admin_level {admin_level} 的 {districts} 个分区，按 OSM 编号顺序编码</translation>
    </message>
    <message>
      <source>Roads: highway values not in resources/osm/highway_classes.csv, left out: {values}</source>
      <translation>道路：resources/osm/highway_classes.csv 未列出的 highway 取值，已排除：{values}</translation>
    </message>
    <message>
      <source>Roads: paths, driveways and the like left out (they bound no block): {values}</source>
      <translation>道路：小径、宅前车道等已排除（它们不围合街区）：{values}</translation>
    </message>
    <message>
      <source>holds no street (highway=motorway ... residential) inside the extent</source>
      <translation>范围内没有街道（highway=motorway ... residential）</translation>
    </message>
    <message>
      <source>Land use: values not in resources/landuse_maps/osm.csv, left out: {values}</source>
      <translation>土地利用：resources/landuse_maps/osm.csv 未列出的取值，已排除：{values}</translation>
    </message>
    <message>
      <source>Land use: {polygons} polygons mapped: {tags}</source>
      <translation>土地利用：已映射 {polygons} 个面：{tags}</translation>
    </message>
    <message>
      <source>Buildings: values not in resources/osm/building_uses.csv, use '{use}': {values}</source>
      <translation>建筑：resources/osm/building_uses.csv 未列出的取值，用途记为“{use}”：{values}</translation>
    </message>
    <message>
      <source>Buildings: {inferred} of {untyped} building=yes take the use of the land use they stand in</source>
      <translation>建筑：{untyped} 个 building=yes 中有 {inferred} 个采用其所在土地利用的用途</translation>
    </message>
    <message>
      <source>Buildings: building:levels values that are not numbers: {values}</source>
      <translation>建筑：不是数字的 building:levels 取值：{values}</translation>
    </message>
    <message>
      <source>Buildings: {buildings} without building:levels get DEFAULT_FLOORS {default_floors:g}</source>
      <translation>建筑：{buildings} 个没有 building:levels 的建筑取 DEFAULT_FLOORS {default_floors:g}</translation>
    </message>
    <message>
      <source>cannot be read as an OpenStreetMap file (.osm, .osm.pbf): {error}</source>
      <translation>无法作为 OpenStreetMap 文件（.osm、.osm.pbf）读取：{error}</translation>
    </message>
    <message>
      <source>Read {features} OSM features</source>
      <translation>已读取 {features} 个 OSM 要素</translation>
    </message>
    <message>
      <source>{features} features have no geometry (feature ids {ids}); give each its polygon or delete it</source>
      <translation>{features} 个要素没有几何（要素编号 {ids}）；请为每个要素补上面，或将其删除</translation>
    </message>
    <message>
      <source>the polygon is invalid ({reason}; {invalid} invalid polygons in the layer): a self-intersecting polygon repaired automatically would overlap itself or its neighbours and count area twice; fix it (QGIS: Fix geometries, then check the result) and run again</source>
      <translation>该面无效（{reason}；图层中共有 {invalid} 个无效面）：自相交的面若自动修复，会与自身或相邻面重叠，面积被重复计算；请先修复（QGIS：“修复几何图形”，然后检查结果）再重新运行</translation>
    </message>
    <message>
      <source>building id '{building_id}' is repeated (feature ids {ids}; {features} features share an id): a metered row would be split over them; give each building its own id</source>
      <translation>建筑编号“{building_id}”重复（要素编号 {ids}；共 {features} 个要素使用同一编号）：一条计量数据行会被分摊到这些建筑上；请为每栋建筑指定唯一编号</translation>
    </message>
    <message>
      <source>BUILDINGS: {buildings} buildings have no {field} (feature ids {ids}): they get no floor area and no share of floor-area downscaling</source>
      <translation>BUILDINGS：{buildings} 个建筑没有 {field}（要素编号 {ids}）：它们没有建筑面积，按建筑面积降尺度时也不分得份额</translation>
    </message>
    <message>
      <source>{rows} {table} rows</source>
      <translation>{table} 表 {rows} 行</translation>
    </message>
    <message>
      <source>{earlier}, {later}</source>
      <translation>{earlier}、{later}</translation>
    </message>
    <message>
      <source>{units} {status} units hold {held}: kept and listed in the reconciliation table; rerun the accounting</source>
      <translation>{units} 个状态为 {status} 的单元仍有 {held}：已保留并列入 reconciliation 表；请重新运行核算</translation>
    </message>
    <message>
      <source>band {band} does not exist: the image has {bands} bands</source>
      <translation>波段 {band} 不存在：影像只有 {bands} 个波段</translation>
    </message>
    <message>
      <source>SCALE must be a positive area in m2, got {scale}</source>
      <translation>SCALE 必须是正的面积（m2），实际为 {scale}</translation>
    </message>
    <message>
      <source>WINDOW must be at least 64 px, got {window}</source>
      <translation>WINDOW 至少应为 64 px，实际为 {window}</translation>
    </message>
    <message>
      <source>SCALE {scale:g} m2 is {pixels:.1f} pixels of {pixel_area:g} m2: segments under {min_pixels} pixels follow noise; set SCALE to at least {least_scale:g} m2 for this image</source>
      <translation>SCALE {scale:g} m2 仅为 {pixels:.1f} 个像元（每像元 {pixel_area:g} m2）：小于 {min_pixels} 个像元的分割单元反映的是噪声；对此影像请将 SCALE 设为至少 {least_scale:g} m2</translation>
    </message>
    <message>
      <source>has no parcels: run carbonledger:segmentunits first</source>
      <translation>没有地块：请先运行 carbonledger:segmentunits</translation>
    </message>
    <message>
      <source>Segmenting window {window} of {windows}</source>
      <translation>正在分割第 {window} 个窗口（共 {windows} 个）</translation>
    </message>
    <message>
      <source>Segments done</source>
      <translation>分割完成</translation>
    </message>
    <message>
      <source>{area:.1f} m2 of parcels touch no segment of their parcel (pieces smaller than a pixel apart from the rest): in no segment</source>
      <translation>地块中有 {area:.1f} m2 不与所属地块的任何分割单元相接（与其余部分分离、小于一个像元的碎块）：不属于任何分割单元</translation>
    </message>
    <message>
      <source>band {band} reaches {high:,.0f} (98th percentile): NDVI needs surface reflectance (0..1, or x 10,000 as Sentinel-2 Level-2A stores it), not digital numbers; apply the product's scale and offset first (Landsat Collection 2 Level-2: DN x 0.0000275 - 0.2)</source>
      <translation>波段 {band} 的值达到 {high:,.0f}（第 98 百分位数）：NDVI 需要地表反射率（0..1，或如 Sentinel-2 Level-2A 那样存为 x 10,000），而不是原始 DN 值；请先应用产品的缩放系数和偏移量（Landsat Collection 2 Level-2：DN x 0.0000275 - 0.2）</translation>
    </message>
    <message>
      <source>holds negative or fractional codes; land-cover codes must be integers &gt;= 0</source>
      <translation>含有负数或小数代码；土地覆盖代码必须是 &gt;= 0 的整数</translation>
    </message>
    <message>
      <source>Checking inputs</source>
      <translation>正在检查输入</translation>
    </message>
    <message>
      <source>Blocks: polygonizing roads with district boundaries</source>
      <translation>街区：由道路和分区边界构面</translation>
    </message>
    <message>
      <source>Parcels: blocks cut by land use</source>
      <translation>地块：按土地利用切分街区</translation>
    </message>
    <message>
      <source>parcels do not tile their blocks: the largest residual |block - sum of parcels| / block is {residual:.2e}, at {block}, beyond TOLERANCE {tolerance:.2e} and MIN_AREA {min_area:g} m2 (blocks beyond both: {blocks}); nothing was written</source>
      <translation>地块未能拼满其街区：最大残差 |街区 - 地块之和| / 街区 为 {residual:.2e}，位于{block}，超出 TOLERANCE {tolerance:.2e} 和 MIN_AREA {min_area:g} m2（两者均超出的街区：{blocks} 个）；未写入任何内容</translation>
    </message>
    <message>
      <source>Reconciling areas</source>
      <translation>正在进行面积平差</translation>
    </message>
    <message>
      <source>Roads enclose nothing inside {districts} district(s) ({codes}): each is one block</source>
      <translation>{districts} 个分区内道路未围合出任何区域（{codes}）：每个这样的分区作为一个街区</translation>
    </message>
    <message>
      <source>{edges} road edges are dead ends or overshoots: they bound no block</source>
      <translation>{edges} 条道路边为尽端路或出头线：不围合任何街区</translation>
    </message>
    <message>
      <source>Blocks: {merged} slivers under {min_area} m2 merged into a neighbour, {dropped} without a neighbour dropped</source>
      <translation>街区：{merged} 个小于 {min_area} m2 的碎片并入相邻街区，{dropped} 个无相邻街区的碎片被舍弃</translation>
    </message>
    <message>
      <source>{areas} areas enclosed by roads lie outside every district (left out)</source>
      <translation>{areas} 个由道路围合的区域不在任何分区内（已排除）</translation>
    </message>
    <message>
      <source>{edges} road edges lie outside every district (left out of links)</source>
      <translation>{edges} 条道路边不在任何分区内（未计入路段）</translation>
    </message>
    <message>
      <source>Land use: {pieces} polygon pieces overlap others; each overlap went to the higher class priority (resources/landuse_classes.csv), then the smaller polygon, then the earlier</source>
      <translation>土地利用：{pieces} 个面片与其他面重叠；每处重叠先归优先级较高的类别（resources/landuse_classes.csv），其次归较小的面，再次归较早的面</translation>
    </message>
    <message>
      <source>Land use leaves {area:.1f} m2 of blocks uncovered: {parcels} parcels of class '{land_use}'</source>
      <translation>土地利用未覆盖街区 {area:.1f} m2：形成 {parcels} 个“{land_use}”类地块</translation>
    </message>
    <message>
      <source>Parcels: {merged} slivers under {min_area} m2 merged into a neighbour, {dropped} without a neighbour dropped</source>
      <translation>地块：{merged} 个小于 {min_area} m2 的碎片并入相邻地块，{dropped} 个无相邻地块的碎片被舍弃</translation>
    </message>
    <message>
      <source>{buildings} buildings lie outside every parcel and were not added (ids {ids})</source>
      <translation>{buildings} 个建筑不在任何地块内，未被添加（编号 {ids}）</translation>
    </message>
    <message>
      <source>{buildings} buildings straddle parcels; each went to the parcel holding most of it</source>
      <translation>{buildings} 个建筑跨越多个地块；每个建筑归入包含其大部分面积的地块</translation>
    </message>
    <message>
      <source>Warning: {residual} {value:.2e} exceeds the tolerance {tolerance:.2e}</source>
      <translation>警告：{residual} {value:.2e} 超出容差 {tolerance:.2e}</translation>
    </message>
    <message>
      <source>Units built</source>
      <translation>单元已生成</translation>
    </message>
    <message>
      <source>BOUNDARIES has no field '{field}' (CODE_FIELD): districts get codes D01, D02 ... in the order of their feature ids</source>
      <translation>BOUNDARIES 没有字段“{field}”（CODE_FIELD）：分区按要素编号顺序编码为 D01、D02 ...</translation>
    </message>
    <message>
      <source>no feature has a land-use value LANDUSE_MAP or resources/landuse_classes.csv knows</source>
      <translation>没有任何要素的土地利用取值能被 LANDUSE_MAP 或 resources/landuse_classes.csv 识别</translation>
    </message>
    <message>
      <source>BUILDINGS has no features: no building units</source>
      <translation>BUILDINGS 没有要素：不生成建筑单元</translation>
    </message>
    <message>
      <source>{layer}: {features} features smaller than the snapping grid ({snap} m) left out (feature ids {ids})</source>
      <translation>{layer}：{features} 个要素小于取整网格（{snap} m），已排除（要素编号 {ids}）</translation>
    </message>
    <message>
      <source>block {block} ({area:,.1f} m2, its parcels {parcels_area:,.1f} m2, near x {x:,.1f}, y {y:,.1f})</source>
      <translation>街区 {block}（{area:,.1f} m2，其地块共 {parcels_area:,.1f} m2，位于 x {x:,.1f}、y {y:,.1f} 附近）</translation>
    </message>
    <message>
      <source>districts</source>
      <translation>分区</translation>
    </message>
    <message>
      <source>entries of the units that stay</source>
      <translation>保留单元的条目</translation>
    </message>
    <message>
      <source>point</source>
      <translation>点</translation>
    </message>
    <message>
      <source>line</source>
      <translation>线</translation>
    </message>
    <message>
      <source>polygon</source>
      <translation>面</translation>
    </message>
    <message>
      <source>mixed</source>
      <translation>混合</translation>
    </message>
    <message>
      <source>other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>the local UTM zone (EPSG:326zz north, 327zz south)</source>
      <translation>当地的 UTM 分带（北半球 EPSG:326zz，南半球 327zz）</translation>
    </message>
    <message>
      <source>EPSG:{code} (WGS 84 / UTM zone {zone}{hemisphere})</source>
      <translation>EPSG:{code}（WGS 84 / UTM 分带 {zone}{hemisphere}）</translation>
    </message>
    <message>
      <source>has no CRS; set the layer's CRS before building units</source>
      <translation>没有坐标系；请在生成单元前设置图层的坐标系</translation>
    </message>
    <message>
      <source>is in a geographic CRS (degrees), but areas (m2) and lengths (m) need a projected one: reproject it, e.g. to {suggestion}, or to EPSG:4547 in Wuhan</source>
      <translation>使用的是地理坐标系（度），但面积（m2）和长度（m）需要投影坐标系：请重投影，例如投影到 {suggestion}，武汉可用 EPSG:4547</translation>
    </message>
    <message>
      <source>has no field '{field}' ({parameter}); its fields are: {fields}</source>
      <translation>没有字段“{field}”（{parameter}）；该图层的字段为：{fields}</translation>
    </message>
    <message>
      <source>has no features</source>
      <translation>没有要素</translation>
    </message>
    <message>
      <source>{layer}: repaired {geometries} invalid geometries (feature ids {ids})</source>
      <translation>{layer}：已修复 {geometries} 个无效几何（要素编号 {ids}）</translation>
    </message>
    <message>
      <source>needs {kind} geometries, but holds {found} geometries</source>
      <translation>需要{kind}几何，但包含的是{found}几何</translation>
    </message>
    <message>
      <source>{layer}: skipped {features} features without a {kind} geometry (feature ids {ids})</source>
      <translation>{layer}：跳过 {features} 个没有{kind}几何的要素（要素编号 {ids}）</translation>
    </message>
    <message>
      <source>has no usable {kind} geometry</source>
      <translation>没有可用的{kind}几何</translation>
    </message>
    <message>
      <source>district code '{code}' is empty or repeated; every district needs its own code</source>
      <translation>分区代码“{code}”为空或重复；每个分区都需要唯一的代码</translation>
    </message>
    <message>
      <source>{layer}: {features} features have {field} values the land-use map does not list, left out (their area becomes 'unclassified'): {values}</source>
      <translation>{layer}：{features} 个要素的 {field} 取值未列在土地利用映射表中，已排除（其面积归为“unclassified”）：{values}</translation>
    </message>
    <message>
      <source>{features} features have land-use classes that are not known: {values}. Map them with LANDUSE_MAP (e.g. resources/landuse_maps/osm.csv). Allowed classes (resources/landuse_classes.csv): {allowed}</source>
      <translation>{features} 个要素的土地利用类别无法识别：{values}。请用 LANDUSE_MAP 映射（例如 resources/landuse_maps/osm.csv）。允许的类别（resources/landuse_classes.csv）：{allowed}</translation>
    </message>
    <message>
      <source>{value} is negative</source>
      <translation>{value} 为负数</translation>
    </message>
    <message>
      <source>raster is not on the grid of the first land-cover raster {grid}</source>
      <translation>栅格不在第一个土地覆盖栅格的网格 {grid} 上</translation>
    </message>
    <message>
      <source>rows {first_row}-{end_row} of {rows}</source>
      <translation>第 {first_row}-{end_row} 行（共 {rows} 行）</translation>
    </message>
    <message>
      <source>zonal statistics done</source>
      <translation>区域统计完成</translation>
    </message>
    <message>
      <source>a land-cover raster must hold integer class codes</source>
      <translation>土地覆盖栅格必须存储整数类别代码</translation>
    </message>
    <message>
      <source>rotated rasters are not supported; warp it north-up first (gdalwarp)</source>
      <translation>不支持旋转的栅格；请先将其重采样为正北朝上（gdalwarp）</translation>
    </message>
    <message>
      <source>cannot open '{path}' as a raster ({error})</source>
      <translation>无法将“{path}”作为栅格打开（{error}）</translation>
    </message>
    <message>
      <source>'{path}' has no CRS; assign one (gdal_edit.py -a_srs EPSG:nnnn)</source>
      <translation>“{path}”没有坐标系；请为其指定坐标系（gdal_edit.py -a_srs EPSG:nnnn）</translation>
    </message>
    <message>
      <source>'{path}' is in the geographic CRS '{crs}' (degrees); pixel areas need metres: warp it to the ledger's projected CRS first (gdalwarp -t_srs EPSG:nnnn)</source>
      <translation>“{path}”使用地理坐标系“{crs}”（度）；像元面积需要以米计：请先将其重投影到账本的投影坐标系（gdalwarp -t_srs EPSG:nnnn）</translation>
    </message>
    <message>
      <source>cannot resample onto the land-cover grid ({error})</source>
      <translation>无法重采样到土地覆盖网格（{error}）</translation>
    </message>
    <message>
      <source>{n} entries for {u} units: sinks {s:,.1f} t CO2e/yr, stock {c:,.0f} t C</source>
      <translation>{u} 个单元共 {n} 条条目：碳汇 {s:,.1f} t CO2e/年，碳储量 {c:,.0f} t C</translation>
    </message>
    <message>
      <source>{n} entries, {t:,.1f} t CO2e/yr</source>
      <translation>{n} 条条目，{t:,.1f} t CO2e/年</translation>
    </message>
    <message>
      <source>give the edits as a file (EDITS) or a layer (EDITS_LAYER)</source>
      <translation>请以文件（EDITS）或图层（EDITS_LAYER）给出编辑</translation>
    </message>
    <message>
      <source>Scenario '{s}' on '{b}': {e} edits, {u} units re-accounted, city net {d:+.3f} t CO2e/yr</source>
      <translation>情景“{s}”基于“{b}”：{e} 项编辑，重新核算 {u} 个单元，全市净排放变化 {d:+.3f} t CO2e/年</translation>
    </message>
    <message>
      <source>No ledger given: set LEDGER to a .gpkg file.</source>
      <translation>未指定账本：请将 LEDGER 设为一个 .gpkg 文件。</translation>
    </message>
    <message>
      <source>Cancelled: the ledger was left unchanged.</source>
      <translation>已取消：账本未作任何改动。</translation>
    </message>
    <message>
      <source>significant increase (95% interval above zero)</source>
      <translation>显著增加（95% 区间高于零）</translation>
    </message>
    <message>
      <source>significant decrease (95% interval below zero)</source>
      <translation>显著减少（95% 区间低于零）</translation>
    </message>
    <message>
      <source>increase within the noise (interval spans zero)</source>
      <translation>噪声范围内的增加（区间跨越零）</translation>
    </message>
    <message>
      <source>decrease within the noise (interval spans zero)</source>
      <translation>噪声范围内的减少（区间跨越零）</translation>
    </message>
    <message>
      <source>no change</source>
      <translation>无变化</translation>
    </message>
    <message>
      <source>Change from {from_year} to {to_year}: {name} ({unit})</source>
      <translation>{from_year} 至 {to_year} 的变化：{name}（{unit}）</translation>
    </message>
    <message>
      <source>Change {change} t CO2e/yr (95% interval {interval}, {significance}): activity {activity}, factor {factor}, method {method}</source>
      <translation>变化 {change} t CO2e/年（95% 区间 {interval}，{significance}）：活动 {activity}，因子 {factor}，方法 {method}</translation>
    </message>
    <message>
      <source>significant</source>
      <translation>显著</translation>
    </message>
    <message>
      <source>within the noise</source>
      <translation>在噪声范围内</translation>
    </message>
    <message>
      <source>Change per block between the two inventory years, t CO2e/yr, from carbonledger:yearchange: entries paired across the years; a change is significant when its 95% interval (the factors shared by both years correlated) excludes zero.</source>
      <translation>两个清单年份之间各街区的变化，t CO2e/年，取自 carbonledger:yearchange：条目在两年之间配对；变化的 95% 区间（两年共用的因子视为相关）不含零时为显著。</translation>
    </message>
    <message>
      <source>Legend</source>
      <translation>图例</translation>
    </message>
    <message>
      <source>{s}: net zero {y}</source>
      <translation>{s}：净零 {y}</translation>
    </message>
    <message>
      <source>Ledger {path} in {crs}</source>
      <translation>账本 {path}，坐标系 {crs}</translation>
    </message>
    <message>
      <source>{pages} district pages</source>
      <translation>共 {pages} 个分区页面</translation>
    </message>
    <message>
      <source>Change vs baseline, t CO2e/ha/yr</source>
      <translation>相对基准的变化，t CO2e/公顷/年</translation>
    </message>
    <message>
      <source>Net flux, t CO2e/ha/yr</source>
      <translation>净通量，t CO2e/公顷/年</translation>
    </message>
    <message>
      <source>Districts</source>
      <translation>分区</translation>
    </message>
    <message>
      <source>Road links, t CO2e/km/yr</source>
      <translation>道路路段，t CO2e/公里/年</translation>
    </message>
    <message>
      <source>Units edited in the scenario</source>
      <translation>情景中编辑过的单元</translation>
    </message>
    <message>
      <source>Change per block, t CO2e/yr</source>
      <translation>各街区的变化，t CO2e/年</translation>
    </message>
    <message>
      <source>this district</source>
      <translation>本区</translation>
    </message>
    <message>
      <source>other districts</source>
      <translation>其他分区</translation>
    </message>
    <message>
      <source>Cannot read the layout template {path}</source>
      <translation>无法读取版式模板 {path}</translation>
    </message>
    <message>
      <source>No entries</source>
      <translation>无条目</translation>
    </message>
    <message>
      <source>source</source>
      <translation>排放源</translation>
    </message>
    <message>
      <source>sink</source>
      <translation>碳汇</translation>
    </message>
    <message>
      <source>Flow</source>
      <translation>流向</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>单元</translation>
    </message>
    <message>
      <source>Sector</source>
      <translation>部门</translation>
    </message>
    <message>
      <source>t CO2e/yr</source>
      <translation>t CO2e/年</translation>
    </message>
    <message>
      <source>95% interval</source>
      <translation>95% 区间</translation>
    </message>
    <message>
      <source>Net carbon flux: {name} ({unit})</source>
      <translation>净碳通量：{name}（{unit}）</translation>
    </message>
    <message>
      <source>Scenario {scenario}: net {net} t CO2e/yr (95% interval {interval}); sources {sources}, sinks {sinks}</source>
      <translation>情景 {scenario}：净排放 {net} t CO2e/年（95% 区间 {interval}）；排放源 {sources}，碳汇 {sinks}</translation>
    </message>
    <message>
      <source>and {n} more</source>
      <translation>另有 {n} 项</translation>
    </message>
    <message>
      <source>Factor sources (full citations in the ledger's factors table)</source>
      <translation>排放因子来源（完整引用见账本的 factors 表）</translation>
    </message>
    <message>
      <source>Urban Carbon Ledger {version} · ledger {ledger} · entries computed {computed} · printed {date} · intervals: {intervals}</source>
      <translation>城市碳账本 {version} · 账本 {ledger} · 条目计算于 {computed} · 打印于 {date} · 区间：{intervals}</translation>
    </message>
    <message>
      <source>Cancelled: no atlas was written.</source>
      <translation>已取消：未写出地图集。</translation>
    </message>
    <message>
      <source>The atlas export failed: {error}</source>
      <translation>地图集导出失败：{error}</translation>
    </message>
    <message>
      <source>{units} green units: uptake {u:,.1f}, maintenance {m:,.1f}, construction {c:,.1f}, net {n:,.1f} t CO2e/yr; {s} are net sources</source>
      <translation>{units} 个绿地单元：吸收 {u:,.1f}，养护 {m:,.1f}，建设 {c:,.1f}，净值 {n:,.1f} t CO2e/年；其中 {s} 个为净排放源</translation>
    </message>
    <message>
      <source>{n} observations: relative bias {b:+.1f}%, {c:.0%} inside the modelled 95% interval</source>
      <translation>{n} 个观测：相对偏差 {b:+.1f}%，{c:.0%} 落在模型 95% 区间内</translation>
    </message>
    <message>
      <source>Calibration applied: {n} entries re-shared in inventory year {v}</source>
      <translation>已应用校准：清单年份 {v} 中 {n} 个条目重新分摊</translation>
    </message>
    <message>
      <source>'{text}' is not a date (YYYY-MM-DD)</source>
      <translation>“{text}”不是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <source>CRS {crs} is geographic (degrees): choose a projected CRS, or leave CRS empty for the UTM zone</source>
      <translation>坐标系 {crs} 为地理坐标系（度）：请选择投影坐标系，或将 CRS 留空以使用 UTM 分带</translation>
    </message>
    <message>
      <source>Writing the GeoPackage</source>
      <translation>正在写入 GeoPackage</translation>
    </message>
    <message>
      <source>{n} avoided entries: cooling {c:,.2f}, stormwater {s:,.2f} t CO2e/yr</source>
      <translation>{n} 条避免排放条目：降温 {c:,.2f}，雨水滞留 {s:,.2f} t CO2e/年</translation>
    </message>
    <message>
      <source>Report {html}, {csv}, {xlsx}</source>
      <translation>报告 {html}、{csv}、{xlsx}</translation>
    </message>
    <message>
      <source>Reading {layer}</source>
      <translation>正在读取 {layer}</translation>
    </message>
    <message>
      <source>No raster given for {name}</source>
      <translation>未提供 {name} 的栅格</translation>
    </message>
    <message>
      <source>{parcels} parcels lie outside the image: no segments</source>
      <translation>{parcels} 个地块位于影像之外：没有分割单元</translation>
    </message>
    <message>
      <source>{parcels} parcels hold no pixel centre of the image (smaller than a pixel or outside it): no segments</source>
      <translation>{parcels} 个地块不含影像的任何像元中心（小于一个像元或位于影像之外）：没有分割单元</translation>
    </message>
    <message>
      <source>Writing units and links</source>
      <translation>正在写入单元和路段</translation>
    </message>
    <message>
      <source>{layer} has no field '{field}' ({parameter}): skipped</source>
      <translation>{layer} 没有字段“{field}”（{parameter}）：已跳过</translation>
    </message>
    <message>
      <source>{p:,.0f} residents, {u:,.0f} under-served; Gini {g:.3f}; {c:.1%} of the supply crosses districts</source>
      <translation>{p:,.0f} 名居民，{u:,.0f} 名服务不足；基尼系数 {g:.3f}；{c:.1%} 的供给跨分区流动</translation>
    </message>
    <message>
      <source>{n} run seals signed with key {key}</source>
      <translation>已用密钥 {key} 签署 {n} 个运行封印</translation>
    </message>
    <message>
      <source>Net {net:,.1f} t CO2e/yr, 95% interval {low:,.1f} to {high:,.1f} ({method})</source>
      <translation>净排放 {net:,.1f} t CO2e/年，95% 区间 {low:,.1f} 至 {high:,.1f}（{method}）</translation>
    </message>
    <message>
      <source>The seal chain is broken in {n} places; the first broken link: {link}</source>
      <translation>封印链有 {n} 处断裂；第一个断裂环节：{link}</translation>
    </message>
    <message>
      <source>{n} units hold stored totals that are not the sum of their entries</source>
      <translation>{n} 个单元存储的总量不等于其条目之和</translation>
    </message>
    <message>
      <source>{n} green units hold greenspace_budget rows that differ from their life-cycle entries ({fields})</source>
      <translation>{n} 个绿地单元的 greenspace_budget 行与其全生命周期条目不一致（{fields}）</translation>
    </message>
    <message>
      <source>{n} of {total} entries differ ({fields})</source>
      <translation>{total} 条条目中有 {n} 条不一致（{fields}）</translation>
    </message>
    <message>
      <source>All {total} entries, the unit totals and the seal chain verify</source>
      <translation>全部 {total} 条条目、单元总量和封印链核验通过</translation>
    </message>
    <message>
      <source>{f} to {t}: {n} units, {s} with a significant change, {c:,.1f} t CO2e/yr</source>
      <translation>{f} 至 {t}：{n} 个单元，{s} 个变化显著，{c:,.1f} t CO2e/年</translation>
    </message>
    <message>
      <source>95%, IPCC Approach 1 with shared factors and input amounts correlated</source>
      <translation>95%，IPCC 方法 1（共用排放因子与同一输入量的份额按完全相关合成）</translation>
    </message>
    <message>
      <source>95%, as stored in the ledger</source>
      <translation>95%，账本中存储的区间</translation>
    </message>
    <message>
      <source>iterations</source>
      <translation>迭代次数</translation>
    </message>
    <message>
      <source>method</source>
      <translation>方法</translation>
    </message>
    <message>
      <source>seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Monte Carlo (IPCC Approach 2)</source>
      <translation>蒙特卡洛（IPCC 方法 2）</translation>
    </message>
    <message>
      <source>IPCC Approach 1</source>
      <translation>IPCC 方法 1</translation>
    </message>
    <message>
      <source>95%, from the last carbonledger:uncertainty run ({parameters})</source>
      <translation>95%，来自最近一次 carbonledger:uncertainty 运行（{parameters}）</translation>
    </message>
    <message>
      <source>Parcel {unit} is already green: its land cover has {existing} tree canopy, the plan {planned}; the edit changes little there.</source>
      <translation>地块 {unit} 已经是绿地：其土地覆盖中树冠占 {existing}，规划为 {planned}；此编辑在此处改变甚微。</translation>
    </message>
    <message>
      <source>baseline</source>
      <translation>基准</translation>
    </message>
    <message>
      <source>t CO2e/yr (bars: 95% interval)</source>
      <translation>t CO2e/年（误差线：95% 区间）</translation>
    </message>
    <message>
      <source>No change against the baseline</source>
      <translation>与基准情景相比无变化</translation>
    </message>
    <message>
      <source>No scenarios besides the baseline</source>
      <translation>除基准情景外没有其他情景</translation>
    </message>
    <message>
      <source>Change of the net against the baseline</source>
      <translation>净排放相对基准情景的变化</translation>
    </message>
    <message>
      <source>change, t CO2e/yr</source>
      <translation>变化，t CO2e/年</translation>
    </message>
    <message>
      <source>Carbon chessboard</source>
      <translation>碳棋盘</translation>
    </message>
    <message>
      <source>Measure</source>
      <translation>措施</translation>
    </message>
    <message>
      <source>Edits</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>比较</translation>
    </message>
    <message>
      <source>select on the map, or type unit ids separated by commas</source>
      <translation>在地图上选择，或输入以逗号分隔的单元编号</translation>
    </message>
    <message>
      <source>Pick on map</source>
      <translation>在地图上拾取</translation>
    </message>
    <message>
      <source>Base</source>
      <translation>基准</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Save as scenario</source>
      <translation>另存为情景</translation>
    </message>
    <message>
      <source>Open a ledger, select units and a measure.</source>
      <translation>请打开账本，选择单元和措施。</translation>
    </message>
    <message>
      <source>Apply edit</source>
      <translation>应用编辑</translation>
    </message>
    <message>
      <source>Undo last edit</source>
      <translation>撤销上一项编辑</translation>
    </message>
    <message>
      <source>Parameters (applies to: {levels})</source>
      <translation>参数（适用于：{levels}）</translation>
    </message>
    <message>
      <source>{levels}: pick on the map or type ids</source>
      <translation>{levels}：在地图上拾取或输入编号</translation>
    </message>
    <message>
      <source>Reading scenario {name}…</source>
      <translation>正在读取情景“{name}”…</translation>
    </message>
    <message>
      <source>Cannot read the ledger: {error}</source>
      <translation>无法读取账本：{error}</translation>
    </message>
    <message>
      <source>Opening the chessboard</source>
      <translation>正在打开碳棋盘</translation>
    </message>
    <message>
      <source>Scenario {name} is ready: pick units on the map or type their ids, then choose a measure.</source>
      <translation>情景“{name}”已就绪：在地图上选取单元或输入单元编号，然后选择措施。</translation>
    </message>
    <message>
      <source>Previewing {units}…</source>
      <translation>正在预览 {units}…</translation>
    </message>
    <message>
      <source>The preview waits for the form: {problem}</source>
      <translation>预览等待表单完成：{problem}</translation>
    </message>
    <message>
      <source>Cannot preview the edit: {error}</source>
      <translation>无法预览编辑：{error}</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>Open a ledger first: 'Open carbon ledger…' in the toolbar.</source>
      <translation>请先打开账本：工具栏中的“打开碳账本…”。</translation>
    </message>
    <message>
      <source>Waits for the preview of the selected units.</source>
      <translation>等待所选单元的预览完成。</translation>
    </message>
    <message>
      <source>No edit to undo yet.</source>
      <translation>还没有可撤销的编辑。</translation>
    </message>
    <message>
      <source>The edit was not applied: {problem}</source>
      <translation>编辑未应用：{problem}</translation>
    </message>
    <message>
      <source>Applied</source>
      <translation>已应用</translation>
    </message>
    <message>
      <source>Last edit undone.</source>
      <translation>已撤销上一项编辑。</translation>
    </message>
    <message>
      <source>Apply at least one edit and give the scenario a name.</source>
      <translation>请至少应用一项编辑，并为情景命名。</translation>
    </message>
    <message>
      <source>Scenario {name} saved: 1 edit, city change {change} t CO2e/yr</source>
      <translation>情景“{name}”已保存：1 项编辑，全市变化 {change} t CO2e/年</translation>
    </message>
    <message>
      <source>Scenario {name} saved: {edits} edits, city change {change} t CO2e/yr</source>
      <translation>情景“{name}”已保存：{edits} 项编辑，全市变化 {change} t CO2e/年</translation>
    </message>
    <message>
      <source>The scenario was not saved: {error}</source>
      <translation>情景未保存：{error}</translation>
    </message>
    <message>
      <source>Saving scenario {name}</source>
      <translation>正在保存情景“{name}”</translation>
    </message>
    <message>
      <source>Cannot compare: {error}</source>
      <translation>无法比较：{error}</translation>
    </message>
    <message>
      <source>Comparing scenarios</source>
      <translation>正在比较情景</translation>
    </message>
    <message>
      <source>{count} units: {names}</source>
      <translation>{count} 个单元：{names}</translation>
    </message>
    <message>
      <source>{count} units: {names} and {more} more</source>
      <translation>{count} 个单元：{names} 等另外 {more} 个</translation>
    </message>
    <message>
      <source>&lt;b&gt;{heading}&lt;/b&gt;: change {change} t CO2e/yr (95%: {interval}); {cost}</source>
      <translation>&lt;b&gt;{heading}&lt;/b&gt;：变化 {change} t CO2e/年（95%：{interval}）；{cost}</translation>
    </message>
    <message>
      <source>Unit {unit}: net {base} → {net} t CO2e/yr</source>
      <translation>单元 {unit}：净排放 {base} → {net} t CO2e/年</translation>
    </message>
    <message>
      <source>District {unit}: net {base} → {net} t CO2e/yr ({change})</source>
      <translation>分区 {unit}：净排放 {base} → {net} t CO2e/年（{change}）</translation>
    </message>
    <message>
      <source>Of which sources {sources}, sinks {sinks} ({planted} planted, {lost} lost) t CO2e/yr; life cycle {lifecycle} t CO2e/yr, not in the net</source>
      <translation>其中排放源 {sources}、碳汇 {sinks}（新种植 {planted}，失去 {lost}）t CO2e/年；全生命周期 {lifecycle} t CO2e/年，不计入净排放</translation>
    </message>
    <message>
      <source>Previewing the edit of {units}</source>
      <translation>正在预览 {units} 的编辑</translation>
    </message>
    <message>
      <source>Change
t CO2e/yr</source>
      <translation>变化
t CO2e/年</translation>
    </message>
    <message>
      <source>Net, 95%
t CO2e/yr</source>
      <translation>净排放，95%
t CO2e/年</translation>
    </message>
    <message>
      <source>Intervals: {method}</source>
      <translation>区间：{method}</translation>
    </message>
    <message>
      <source>{count} buildings on the converted parcels keep their {net} t CO2e/yr: a conversion re-plants the ground, the buildings and their entries stay.</source>
      <translation>改造地块上的 {count} 栋建筑保留其 {net} t CO2e/年：改造只重新种植地面，建筑及其条目保持不变。</translation>
    </message>
    <message>
      <source>1 building on the converted parcels keeps its {net} t CO2e/yr: a conversion re-plants the ground, the building and its entries stay.</source>
      <translation>改造地块上的 1 栋建筑保留其 {net} t CO2e/年：改造只重新种植地面，建筑及其条目保持不变。</translation>
    </message>
    <message>
      <source>{count} buildings on the converted parcel keep their {net} t CO2e/yr: a conversion re-plants the ground, the buildings and their entries stay.</source>
      <translation>改造地块上的 {count} 栋建筑保留其 {net} t CO2e/年：改造只重新种植地面，建筑及其条目保持不变。</translation>
    </message>
    <message>
      <source>1 building on the converted parcel keeps its {net} t CO2e/yr: a conversion re-plants the ground, the building and its entries stay.</source>
      <translation>改造地块上的 1 栋建筑保留其 {net} t CO2e/年：改造只重新种植地面，建筑及其条目保持不变。</translation>
    </message>
    <message>
      <source>Open carbon ledger…</source>
      <translation>打开碳账本…</translation>
    </message>
    <message>
      <source>Ledger dock</source>
      <translation>账本面板</translation>
    </message>
    <message>
      <source>Chessboard dock</source>
      <translation>棋盘面板</translation>
    </message>
    <message>
      <source>Pick a unit on the map</source>
      <translation>在地图上拾取单元</translation>
    </message>
    <message>
      <source>District map atlas…</source>
      <translation>分区地图集…</translation>
    </message>
    <message>
      <source>Open carbon ledger</source>
      <translation>打开碳账本</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>The project's layer {path} is not a ledger this plugin can open: {error}</source>
      <translation>项目中的图层 {path} 不是本插件能打开的碳账本：{error}</translation>
    </message>
    <message>
      <source>#</source>
      <translation>#</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>{unit} · {measure}
change {change} t CO2e/yr (95%: {interval}); {cost}</source>
      <translation>{unit} · {measure}
变化 {change} t CO2e/年（95%：{interval}）；{cost}</translation>
    </message>
    <message>
      <source>nothing avoided: no cost per t CO2e</source>
      <translation>未减少排放：无每 t CO2e 成本</translation>
    </message>
    <message>
      <source>cost {cost} per t CO2e</source>
      <translation>每 t CO2e 成本 {cost}</translation>
    </message>
    <message>
      <source>{amount} {currency} ({year} prices)</source>
      <translation>{amount} {currency}（{year} 年价格）</translation>
    </message>
    <message>
      <source>avoided</source>
      <translation>避免排放</translation>
    </message>
    <message>
      <source>supplied to the grid (GPC I.4.4, not in the net)</source>
      <translation>上网供电供热（GPC I.4.4，不计入净排放）</translation>
    </message>
    <message>
      <source>life cycle (not in the net)</source>
      <translation>生命周期（不计入净排放）</translation>
    </message>
    <message>
      <source>city</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>district</source>
      <translation>区</translation>
    </message>
    <message>
      <source>block</source>
      <translation>街区</translation>
    </message>
    <message>
      <source>parcel</source>
      <translation>地块</translation>
    </message>
    <message>
      <source>building</source>
      <translation>建筑</translation>
    </message>
    <message>
      <source>image segment</source>
      <translation>影像分割单元</translation>
    </message>
    <message>
      <source>road link</source>
      <translation>路段</translation>
    </message>
    <message>
      <source>{label} ({unit})</source>
      <translation>{label}（{unit}）</translation>
    </message>
    <message>
      <source>CNY</source>
      <translation>元</translation>
    </message>
    <message>
      <source>Carbon ledger: {name}</source>
      <translation>碳账本：{name}</translation>
    </message>
    <message>
      <source>Units (net flux)</source>
      <translation>单元（净通量）</translation>
    </message>
    <message>
      <source>Road links (net per km)</source>
      <translation>道路路段（每公里净排放）</translation>
    </message>
    <message>
      <source>{path} has no units layer: is it a ledger?</source>
      <translation>{path} 没有 units 图层：它是账本吗？</translation>
    </message>
    <message>
      <source>net flux</source>
      <translation>净通量</translation>
    </message>
    <message>
      <source>uncertainty</source>
      <translation>不确定性</translation>
    </message>
    <message>
      <source>net flux, all levels</source>
      <translation>净通量（全部层级）</translation>
    </message>
    <message>
      <source>net per km</source>
      <translation>每公里净排放</translation>
    </message>
    <message>
      <source>The map keeps its shipped classes: {error}</source>
      <translation>地图保留默认分级：{error}</translation>
    </message>
    <message>
      <source>Classing the map from the ledger's data</source>
      <translation>正在按账本数据为地图分级</translation>
    </message>
    <message>
      <source>Carbon ledger</source>
      <translation>碳账本</translation>
    </message>
    <message>
      <source>No ledger open: use 'Open ledger' in the toolbar.</source>
      <translation>尚未打开账本：请使用工具栏中的“打开碳账本”。</translation>
    </message>
    <message>
      <source>unit id, or click the map</source>
      <translation>单元编号，或点击地图</translation>
    </message>
    <message>
      <source>Entries</source>
      <translation>条目</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>层级</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Net t CO2e/yr</source>
      <translation>净排放 t CO2e/年</translation>
    </message>
    <message>
      <source>Parent and children</source>
      <translation>上级与下级</translation>
    </message>
    <message>
      <source>Chart</source>
      <translation>图表</translation>
    </message>
    <message>
      <source>Click a unit on the map; click it again for the unit it lies in</source>
      <translation>在地图上点击一个单元；再次点击则选中包含它的上一级单元</translation>
    </message>
    <message>
      <source>as drawn</source>
      <translation>按显示层级</translation>
    </message>
    <message>
      <source>Which level a click on the map picks</source>
      <translation>在地图上点击时选取的层级</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <source>Ledger: {path}</source>
      <translation>账本：{path}</translation>
    </message>
    <message>
      <source>Reading carbon ledger</source>
      <translation>正在读取碳账本</translation>
    </message>
    <message>
      <source>Scenario {name} holds no units.</source>
      <translation>情景“{name}”中没有单元。</translation>
    </message>
    <message>
      <source>No unit '{unit}' in this ledger.</source>
      <translation>本账本中没有单元“{unit}”。</translation>
    </message>
    <message>
      <source>Reading the entries of {unit}</source>
      <translation>正在读取 {unit} 的条目</translation>
    </message>
    <message>
      <source>The entries of {unit} are not read: about {count} units and links lie below it (more than {limit}). Pick a district or a smaller unit to see its entries by sector.</source>
      <translation>未读取 {unit} 的条目：其下约有 {count} 个单元和路段（超过 {limit}）。请选择一个区或更小的单元，按部门查看其条目。</translation>
    </message>
    <message>
      <source>{unit}: change against the baseline</source>
      <translation>{unit}：相对基准情景的变化</translation>
    </message>
    <message>
      <source>{unit}: sources and sinks by sector</source>
      <translation>{unit}：各部门的排放源与碳汇</translation>
    </message>
    <message>
      <source>Export entries</source>
      <translation>导出条目</translation>
    </message>
    <message>
      <source>CSV (*.csv)</source>
      <translation>CSV (*.csv)</translation>
    </message>
    <message>
      <source>parent</source>
      <translation>上级</translation>
    </message>
    <message>
      <source>this unit</source>
      <translation>本单元</translation>
    </message>
    <message>
      <source>child</source>
      <translation>下级</translation>
    </message>
    <message>
      <source>{count} more children</source>
      <translation>另有 {count} 个子单元</translation>
    </message>
    <message>
      <source>&lt;b&gt;{unit}&lt;/b&gt;{name} ({level})&lt;br&gt;Net &lt;b&gt;{net}&lt;/b&gt; t CO2e/yr (95%: {interval} t CO2e/yr); sources {sources} t CO2e/yr, sinks {sinks} t CO2e/yr</source>
      <translation>&lt;b&gt;{unit}&lt;/b&gt;{name}（{level}）&lt;br&gt;净排放 &lt;b&gt;{net}&lt;/b&gt; t CO2e/年（95%：{interval} t CO2e/年）；排放源 {sources} t CO2e/年，碳汇 {sinks} t CO2e/年</translation>
    </message>
    <message>
      <source>Change vs baseline: &lt;b&gt;{delta}&lt;/b&gt; t CO2e/yr (baseline net {base} t CO2e/yr)</source>
      <translation>相对基准的变化：&lt;b&gt;{delta}&lt;/b&gt; t CO2e/年（基准净排放 {base} t CO2e/年）</translation>
    </message>
    <message>
      <source>Reading the entries of {unit}…</source>
      <translation>正在读取 {unit} 的条目…</translation>
    </message>
    <message>
      <source>Computed {time}</source>
      <translation>计算时间 {time}</translation>
    </message>
    <message>
      <source>Computed {first} to {last}</source>
      <translation>计算时间 {first} 至 {last}</translation>
    </message>
    <message>
      <source>{computed}; algorithm version {versions}</source>
      <translation>{computed}；算法版本 {versions}</translation>
    </message>
    <message>
      <source>The map shows the baseline; the unit this scenario edits is outlined in dark blue.</source>
      <translation>地图显示的是基准；本情景编辑的单元以深蓝色勾出轮廓。</translation>
    </message>
    <message>
      <source>The map shows the baseline; the {count} units this scenario edits are outlined in dark blue.</source>
      <translation>地图显示的是基准；本情景编辑的 {count} 个单元以深蓝色勾出轮廓。</translation>
    </message>
    <message>
      <source>Flow / sector / entry</source>
      <translation>流向 / 部门 / 条目</translation>
    </message>
    <message>
      <source>Change vs baseline</source>
      <translation>相对基准的变化</translation>
    </message>
    <message>
      <source>Activity</source>
      <translation>活动水平</translation>
    </message>
    <message>
      <source>Factor</source>
      <translation>排放因子</translation>
    </message>
    <message>
      <source>Factor source</source>
      <translation>因子来源</translation>
    </message>
    <message>
      <source>Computed at</source>
      <translation>计算时间</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>No entries for this unit in {year}.</source>
      <translation>该单元在 {year} 年没有条目。</translation>
    </message>
    <message>
      <source>No entries for this unit.</source>
      <translation>该单元没有条目。</translation>
    </message>
    <message>
      <source>entries: {n}</source>
      <translation>条目：{n}</translation>
    </message>
    <message>
      <source>… {n} more (see Export)</source>
      <translation>… 另有 {n} 条（见导出）</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>empty: default</source>
      <translation>留空：默认值</translation>
    </message>
    <message>
      <source>Land-use conversion (planting plan)</source>
      <translation>带种植方案的土地用途转换</translation>
    </message>
    <message>
      <source>Bare land or parking to a pocket park, for example. The parcel's own sink entries and those of the units below it are replaced by sink entries per planting-plan class: parcel area x share x the class's annual rate (resources/sinks/landcover_classes.csv).</source>
      <translation>例如裸地或停车场改为口袋公园。地块本身及其下级单元的碳汇条目，被按种植方案各类别计算的碳汇条目替换：地块面积 × 占比 × 该类别的年吸收率（resources/sinks/landcover_classes.csv）。</translation>
    </message>
    <message>
      <source>Tree planting</source>
      <translation>植树</translation>
    </message>
    <message>
      <source>Adds a sink entry for the crown area of the planted trees at maturity: trees x crown area per tree x the urban-tree canopy rate (IPCC 2006 Vol 4 Ch 8 Tier 2a crown-cover method).</source>
      <translation>按成熟期所植树木的树冠面积新增一条碳汇条目：株数 × 单株树冠面积 × 城市树冠吸收率（IPCC 2006 第 4 卷第 8 章 Tier 2a 树冠覆盖法）。</translation>
    </message>
    <message>
      <source>Traffic-signal countdown or timing</source>
      <translation>道路路段信号灯倒计时或配时优化</translation>
    </message>
    <message>
      <source>Cuts the link's road_traffic source entries by a share (default 4.4%) and nothing else; one adjustment entry per sector and carrier cut.</source>
      <translation>按比例（默认 4.4%）削减该路段的道路交通排放源条目，其余不变；每个被削减的部门和能源载体一条调整条目。</translation>
    </message>
    <message>
      <source>Building energy retrofit</source>
      <translation>建筑节能改造</translation>
    </message>
    <message>
      <source>Cuts the building's heat and electricity source entries (carriers heat and electricity, in whatever sector) by the given shares; one adjustment entry per sector and carrier cut.</source>
      <translation>按给定比例削减建筑的热力和电力排放源条目（能源载体为热力和电力，不论部门）；每个被削减的部门和能源载体一条调整条目。</translation>
    </message>
    <message>
      <source>Rooftop solar PV</source>
      <translation>屋顶光伏</translation>
    </message>
    <message>
      <source>Panel area = footprint x roof share; generation = panel area x yield (kWh/yr). Generation up to the building's grid electricity displaces it at the factor of its electricity entries (a negative electricity source entry); the surplus is exported and written as an avoided flow (kept out of the net). A building without electricity entries uses displaced_factor_id.</source>
      <translation>光伏板面积 = 占地面积 × 屋顶占比；发电量 = 光伏板面积 × 单位发电量（kWh/年）。不超过建筑电网用电量的发电按其电力条目的排放因子替代电网电力（一条负的电力排放源条目）；余电上网，记为避免排放（不计入净排放）。无电力条目的建筑使用 displaced_factor_id。</translation>
    </message>
    <message>
      <source>Industrial waste-heat recovery</source>
      <translation>工业余热回收</translation>
    </message>
    <message>
      <source>Cuts the unit's industry_combustion source entries (all fuels and gases) by the recovered share of fuel; one adjustment entry per carrier.</source>
      <translation>按回收的燃料比例削减该单元的工业燃烧排放源条目（所有燃料和气体）；每种能源载体一条调整条目。</translation>
    </message>
    <message>
      <source>Vehicle electrification on road links</source>
      <translation>道路路段车辆电动化</translation>
    </message>
    <message>
      <source>A share of the link's vehicle-km moves to battery-electric vehicles. The per-vkm fuel factors then apply to combustion vehicle-km only (an adjustment entry of -ev_share x the link's road_traffic entries), and the charging electricity (ev_share x vkm x kWh/vkm x grid factor, scope 2) is always counted: in buildings' electricity (GPC I.1) when charging_in_buildings is 1, else on the link (GPC II.1).</source>
      <translation>路段的一部分车公里转为纯电动汽车：每车公里燃料排放因子此后只用于燃油车的车公里（一条调整条目，等于 -ev_share × 该路段的 road_traffic 条目），充电用电（ev_share × 车公里 × kWh/车公里 × 电网排放因子，范围 2）始终计入：charging_in_buildings 为 1 时计入建筑用电（GPC I.1），否则计入该路段（GPC II.1）。</translation>
    </message>
    <message>
      <source>Year the measure takes effect</source>
      <translation>措施生效年份</translation>
    </message>
    <message>
      <source>year the measure takes effect in the neutrality timetable; empty = START_YEAR of the comparison</source>
      <translation>措施在碳中和时间表中生效的年份；留空 = 比较的起始年份（START_YEAR）</translation>
    </message>
    <message>
      <source>year</source>
      <translation>年</translation>
    </message>
    <message>
      <source>New land use</source>
      <translation>转换后的用地类型</translation>
    </message>
    <message>
      <source>land use after conversion; must be a row of resources/measures/conversion_rules.csv</source>
      <translation>转换后的土地用途；须为 resources/measures/conversion_rules.csv 中的一行</translation>
    </message>
    <message>
      <source>land use</source>
      <translation>用地类型</translation>
    </message>
    <message>
      <source>Tree canopy</source>
      <translation>树冠覆盖</translation>
    </message>
    <message>
      <source>tree canopy share of the planting plan</source>
      <translation>种植方案中的树冠覆盖占比</translation>
    </message>
    <message>
      <source>ratio of parcel area</source>
      <translation>占地块面积比例</translation>
    </message>
    <message>
      <source>Lawn</source>
      <translation>草坪</translation>
    </message>
    <message>
      <source>lawn or ground-cover share of the planting plan</source>
      <translation>种植方案中的草坪或地被占比</translation>
    </message>
    <message>
      <source>Paving</source>
      <translation>铺装</translation>
    </message>
    <message>
      <source>paved share (paths, plaza); canopy + lawn + paving &lt;= 1, the rest stays bare land</source>
      <translation>铺装占比（园路、广场）；树冠 + 草坪 + 铺装 &lt;= 1，其余保持裸地</translation>
    </message>
    <message>
      <source>Years to maturity</source>
      <translation>成熟年限</translation>
    </message>
    <message>
      <source>years until new planting reaches its full annual uptake (linear ramp in the timetable)</source>
      <translation>新种植达到全部年吸收量所需年数（时间表中线性增长）</translation>
    </message>
    <message>
      <source>yr</source>
      <translation>年</translation>
    </message>
    <message>
      <source>Capital cost</source>
      <translation>建设投资</translation>
    </message>
    <message>
      <source>construction cost (earthwork, soil, planting, paving)</source>
      <translation>建设成本（土方、种植土、种植、铺装）</translation>
    </message>
    <message>
      <source>CNY/m2 of parcel</source>
      <translation>元/平方米地块</translation>
    </message>
    <message>
      <source>Operation and maintenance cost</source>
      <translation>运行维护费用</translation>
    </message>
    <message>
      <source>maintenance (irrigation, mowing, pruning, cleaning)</source>
      <translation>养护（灌溉、修剪草坪、修枝、保洁）</translation>
    </message>
    <message>
      <source>CNY/m2/yr</source>
      <translation>元/平方米/年</translation>
    </message>
    <message>
      <source>Service life of the investment</source>
      <translation>投资使用寿命</translation>
    </message>
    <message>
      <source>years over which the capital cost is annualised; the construction carbon is spread over the design life of the new land use's green-space type (resources/greenspace/construction.csv, e.g. gs_lifetime_pocket_park 25 years)</source>
      <translation>建设投资在这些年内年化；建设碳排放按新用地类型所属绿地类型的设计使用年限分摊（resources/greenspace/construction.csv，例如 gs_lifetime_pocket_park 为 25 年）</translation>
    </message>
    <message>
      <source>Trees planted</source>
      <translation>种植树木数量</translation>
    </message>
    <message>
      <source>number of trees planted</source>
      <translation>种植株数</translation>
    </message>
    <message>
      <source>trees</source>
      <translation>棵</translation>
    </message>
    <message>
      <source>Crown area per tree at maturity</source>
      <translation>成熟时单株树冠面积</translation>
    </message>
    <message>
      <source>crown projection area of one tree at maturity</source>
      <translation>单株成熟期树冠投影面积</translation>
    </message>
    <message>
      <source>m2 of crown per tree at maturity</source>
      <translation>平方米树冠/棵（成熟时）</translation>
    </message>
    <message>
      <source>years until the trees reach their full annual uptake (linear ramp in the timetable)</source>
      <translation>树木达到全部年吸收量所需年数（时间表中线性增长）</translation>
    </message>
    <message>
      <source>nursery stock, planting, staking and first-year care</source>
      <translation>苗木、种植、支撑及首年养护</translation>
    </message>
    <message>
      <source>CNY/tree</source>
      <translation>元/棵</translation>
    </message>
    <message>
      <source>watering, pruning, replacement</source>
      <translation>浇水、修枝、补植</translation>
    </message>
    <message>
      <source>CNY/tree/yr</source>
      <translation>元/棵/年</translation>
    </message>
    <message>
      <source>Service life</source>
      <translation>使用寿命</translation>
    </message>
    <message>
      <source>service life of an urban tree</source>
      <translation>城市树木的使用年限</translation>
    </message>
    <message>
      <source>Share of road-traffic emissions cut</source>
      <translation>道路交通排放削减比例</translation>
    </message>
    <message>
      <source>share of the link's road-traffic emissions avoided</source>
      <translation>该路段道路交通排放的避免比例</translation>
    </message>
    <message>
      <source>ratio</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>signal-controller data interface and integration for one link's intersections</source>
      <translation>一个路段交叉口的信号机数据接口与集成</translation>
    </message>
    <message>
      <source>CNY/link</source>
      <translation>元/路段</translation>
    </message>
    <message>
      <source>data service and upkeep</source>
      <translation>数据服务与维护</translation>
    </message>
    <message>
      <source>CNY/link/yr</source>
      <translation>元/路段/年</translation>
    </message>
    <message>
      <source>service life of signal hardware and data link</source>
      <translation>信号硬件与数据链路的使用年限</translation>
    </message>
    <message>
      <source>Share of heat emissions cut</source>
      <translation>供热排放削减比例</translation>
    </message>
    <message>
      <source>share of the building's heat emissions avoided</source>
      <translation>建筑热力排放的避免比例</translation>
    </message>
    <message>
      <source>Share of electricity emissions cut</source>
      <translation>用电排放削减比例</translation>
    </message>
    <message>
      <source>share of the building's electricity emissions avoided</source>
      <translation>建筑电力排放的避免比例</translation>
    </message>
    <message>
      <source>envelope insulation, windows, heating controls, lighting</source>
      <translation>围护结构保温、门窗、供热调控、照明</translation>
    </message>
    <message>
      <source>CNY/m2 of floor area</source>
      <translation>元/平方米建筑面积</translation>
    </message>
    <message>
      <source>added upkeep (none assumed)</source>
      <translation>新增维护（假定无）</translation>
    </message>
    <message>
      <source>service life of the retrofit</source>
      <translation>改造的使用年限</translation>
    </message>
    <message>
      <source>Roof share with panels</source>
      <translation>安装光伏的屋顶比例</translation>
    </message>
    <message>
      <source>share of the roof (footprint) covered by panels</source>
      <translation>光伏板覆盖的屋顶（占地）比例</translation>
    </message>
    <message>
      <source>ratio of footprint</source>
      <translation>占建筑基底面积比例</translation>
    </message>
    <message>
      <source>Panel yield</source>
      <translation>光伏板年发电量</translation>
    </message>
    <message>
      <source>annual generation per m2 of panel</source>
      <translation>每平方米光伏板的年发电量</translation>
    </message>
    <message>
      <source>kWh/m2 of panel/yr</source>
      <translation>千瓦时/平方米光伏板/年</translation>
    </message>
    <message>
      <source>modules, inverter, mounting, grid connection</source>
      <translation>组件、逆变器、支架、并网</translation>
    </message>
    <message>
      <source>CNY/m2 of panel</source>
      <translation>元/平方米光伏板</translation>
    </message>
    <message>
      <source>cleaning, inspection, inverter replacement reserve</source>
      <translation>清洗、巡检、逆变器更换储备</translation>
    </message>
    <message>
      <source>module service life</source>
      <translation>组件使用年限</translation>
    </message>
    <message>
      <source>Share of industrial combustion emissions cut</source>
      <translation>工业燃烧排放削减比例</translation>
    </message>
    <message>
      <source>share of fuel emissions avoided by recovered heat</source>
      <translation>余热回收避免的燃料排放比例</translation>
    </message>
    <message>
      <source>heat exchangers, heat pumps, piping</source>
      <translation>换热器、热泵、管道</translation>
    </message>
    <message>
      <source>CNY per t CO2e/yr avoided</source>
      <translation>元/（t CO2e/年 减排量）</translation>
    </message>
    <message>
      <source>operation and maintenance</source>
      <translation>运行与维护</translation>
    </message>
    <message>
      <source>CNY per t CO2e/yr avoided per yr</source>
      <translation>元/（t CO2e/年 减排量）/年</translation>
    </message>
    <message>
      <source>service life of the recovery plant</source>
      <translation>回收装置的使用年限</translation>
    </message>
    <message>
      <source>Electric share of the link's vehicle-km</source>
      <translation>电动车辆行驶里程占比</translation>
    </message>
    <message>
      <source>share of the link's vehicle-km moved from combustion to battery-electric vehicles</source>
      <translation>路段车公里中由燃油车转为纯电动汽车的比例</translation>
    </message>
    <message>
      <source>ratio of the link's vkm</source>
      <translation>占路段车公里比例</translation>
    </message>
    <message>
      <source>Electricity per electric vehicle-km</source>
      <translation>电动车每车公里耗电量</translation>
    </message>
    <message>
      <source>electricity drawn from the grid per electric vehicle-km, charging losses included</source>
      <translation>每电动车公里从电网取用的电量（含充电损耗）</translation>
    </message>
    <message>
      <source>kWh/vkm</source>
      <translation>千瓦时/车公里</translation>
    </message>
    <message>
      <source>Charging counted in buildings' electricity (1 yes, 0 no)</source>
      <translation>充电计入建筑用电（1 是，0 否）</translation>
    </message>
    <message>
      <source>1: charging is metered in buildings' electricity (GPC I.1, scope 2); 0: at public chargers, booked to the link (GPC II.1, scope 2)</source>
      <translation>1：充电电量计入建筑电表（GPC I.1，范围 2）；0：在公共充电桩充电，计入该路段（GPC II.1，范围 2）</translation>
    </message>
    <message>
      <source>0 or 1</source>
      <translation>0 或 1</translation>
    </message>
    <message>
      <source>public charging points and incentives attributed to the link (planner's figure)</source>
      <translation>归属于该路段的公共充电桩和激励费用（由规划者给出）</translation>
    </message>
    <message>
      <source>upkeep of the charging points</source>
      <translation>充电桩的维护</translation>
    </message>
    <message>
      <source>service life of vehicles and chargers</source>
      <translation>车辆和充电桩的使用年限</translation>
    </message>
    <message>
      <source>storeys above ground of one building</source>
      <translation>单栋建筑的地上层数</translation>
    </message>
    <message>
      <source>normalized difference vegetation index of a pixel</source>
      <translation>单个像元的归一化植被指数</translation>
    </message>
    <message>
      <source>CO2 emission factor of grid electricity</source>
      <translation>电网电力的 CO2 排放因子</translation>
    </message>
    <message>
      <source>electricity amount of one activity row</source>
      <translation>单个活动数据行的用电量</translation>
    </message>
    <message>
      <source>residential buildings</source>
      <translation>居住建筑</translation>
    </message>
    <message>
      <source>commercial buildings</source>
      <translation>商业建筑</translation>
    </message>
    <message>
      <source>public buildings</source>
      <translation>公共建筑</translation>
    </message>
    <message>
      <source>electricity</source>
      <translation>电力</translation>
    </message>
    <message>
      <source>industry, fuel combustion</source>
      <translation>工业燃料燃烧</translation>
    </message>
    <message>
      <source>industrial processes</source>
      <translation>工业生产过程</translation>
    </message>
    <message>
      <source>energy industries, own use</source>
      <translation>能源工业自用</translation>
    </message>
    <message>
      <source>power and heat supplied to the grid</source>
      <translation>向电网供应的电力和热力</translation>
    </message>
    <message>
      <source>road traffic</source>
      <translation>道路交通</translation>
    </message>
    <message>
      <source>waste</source>
      <translation>废弃物</translation>
    </message>
    <message>
      <source>vegetation: uptake and pruning losses</source>
      <translation>植被：吸收与修剪损失</translation>
    </message>
    <message>
      <source>land-use conversion</source>
      <translation>土地利用转换</translation>
    </message>
    <message>
      <source>cooling by green space</source>
      <translation>绿地降温</translation>
    </message>
    <message>
      <source>stormwater retained by green space</source>
      <translation>绿地雨水滞留</translation>
    </message>
    <message>
      <source>green-space irrigation</source>
      <translation>绿地灌溉</translation>
    </message>
    <message>
      <source>green-space replanting</source>
      <translation>绿地补植</translation>
    </message>
    <message>
      <source>green-space construction</source>
      <translation>绿地建设</translation>
    </message>
    <message>
      <source>green-space fertiliser</source>
      <translation>绿地施肥</translation>
    </message>
    <message>
      <source>green-space mowing</source>
      <translation>绿地修剪草坪</translation>
    </message>
    <message>
      <source>green-space pruning waste</source>
      <translation>绿地修剪废弃物</translation>
    </message>
  </context>
</TS>
