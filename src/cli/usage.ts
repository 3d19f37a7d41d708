/**
 * The CLI's help texts, apart from the engine so that `--help` answers without loading it.
 */
declare const __HOTSPOT_ATLAS_VERSION__: string | undefined;

/** Set by the build (scripts/build-cli.mjs) from package.json. */
export const VERSION = typeof __HOTSPOT_ATLAS_VERSION__ === 'string' ? __HOTSPOT_ATLAS_VERSION__ : 'development';

export const TOP_USAGE = `Usage: hotspot-atlas <command> [options]

Commands
  analyse     ward shares, concentration, kernel density and hotspot areas of police.uk crimes
              (hotspot-atlas analyse --help lists its options)
  cubes       police.uk archives to Parquet ward and grid cubes, partition by partition
              (hotspot-atlas cubes --help)

  --help      this text            --version   the version
`;

export const USAGE = `Usage: hotspot-atlas analyse --wards FILE... --crimes FILE_OR_DIR... [options] --json OUT.json
       (from a clone: npm run -s analyse -- --wards … ; the same command)

Input
  --wards FILE...            ward boundaries: GeoJSON, TopoJSON, zipped shapefile, or .shp/.dbf/.prj
  --crimes FILE_OR_DIR...    police.uk street CSVs, .csv.gz, police.uk API JSON, folders (searched
                             recursively) and the .zip of months from police.uk's download page;
                             its outcomes and stop-and-search files are skipped and counted
  --population FILE          CSV with ward code and population (rates per 1,000 residents)
  --columns "lon=X,lat=Y,month=Date,category=Offence"
                             columns of a generic crime CSV (roles: lon, lat, easting, northing,
                             date, month, category, weight, location, id); guessed when absent
  --code-field NAME          ward code attribute (default: detected, e.g. GSS_CODE, WD13CD)
  --name-field NAME          ward name attribute (default: detected)
Filters
  --from YYYY-MM --to YYYY-MM        month window (default: every loaded month)
  --types "Burglary,Robbery"         police.uk crime types or groups (property, acquisitive, violence)
  --include-asb                      count anti-social behaviour too, with "all crime" or --types (excluded by default)
  --compare-from YYYY-MM --compare-to YYYY-MM   comparison window (default: none)
  --top N                            wards named in the headline (default 5)
Density and hotspots
  --kernel quartic|epanechnikov|triweight|uniform|gaussian   (default quartic)
  --bandwidth METRES|sfhotspot|arcgis|scott|practitioner     (default practitioner: 250 m, 50 m cells)
  --cell METRES|auto                                         (default auto)
  --threshold Kx|P%          hotspot threshold: K × mean of non-zero cells (e.g. 2x) or top P% of cells (default 2x)
  --hotspot-areas compact|threshold   compact (default): the threshold's areas split at their saddles into areas of
                             at most --max-area-km2 around each peak; threshold: one area per threshold outline, however large
  --max-area-km2 KM2         largest compact hotspot area (default 1)
  --per-month                density in crimes per km² per month of the window (default: over the window)
  --weighted                 weight the density by the crimes' weight column (harm weighting)
  --kde-asc OUT.asc          density grid as an ESRI ASCII grid in EPSG:27700 (crimes per km²)
  --hotspots OUT.geojson     hotspot areas as WGS84 GeoJSON
  --gistar METRES            Getis-Ord Gi* on counts in cells of METRES (queen + self, Benjamini-Hochberg FDR)
  --gistar-geojson OUT       significant Gi* cells as WGS84 GeoJSON (needs --gistar)
  --patrol-areas K           top K hotspot areas with share of crime, share of area and PAI
  --density                  the density summary and hotspot areas in the JSON report
                             (by default the density is computed only for --kde-asc, --hotspots,
                             --patrol-areas and --actions; the ward table never needs it)
Plan
  --actions FILE             action register (JSON or CSV) to link to hotspots and wards
  --places FILE...           named places (GeoJSON points/polygons, or the FHRS CSV) for labels and links
Output
  --json OUT.json            the report (wards sorted by count, concentration, input accounting)
  --stats                    print the time taken and the peak memory on stderr
  --threads N                worker threads reading the crime files (default: one per core,
                             at most one per file; one big CSV is shared by this thread and
                             one worker; 1: none). The result is the same whatever N
`;

export const CUBES_USAGE = `Usage: hotspot-atlas cubes --wards FILE... --crimes FILE_OR_DIR_OR_ZIP... --out DIR [options]

Counts police.uk street crimes into Parquet cubes that add up, partitioned by force and file
month (Hive layout), with this tool's own ward assignment:
  DIR/wards/force=F/file_month=M/part.parquet   ward_code, month, category, count
  DIR/cells/force=F/file_month=M/part.parquet   cell_m, x0, y0, ward_code, month, category, count
  DIR/partitions/F/M.json, DIR/manifest.json    sources, boundaries, rows read, used, rejected

  --wards FILE...            ward boundaries (several files are one set)
  --crimes FILE_OR_DIR...    police.uk street CSVs (YYYY-MM-<force>-street.csv), .csv.gz, folders,
                             and the zip from police.uk's download page
  --out DIR                  where the cubes go; partitions already there with the same source
                             files are not computed again (adding a month computes that month)
  --cells 50,250             cell sizes in metres on the British National Grid (default 50,250)
  --memory-limit 1GB         DuckDB's memory limit (default 1GB)
  --force                    compute every partition again
  --threads N                worker threads counting partitions (default: one per core; 1: none).
                             The cube is the same whatever N
`;
