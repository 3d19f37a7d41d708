"""The same job as `hotspot-atlas analyse` in GeoPandas, for bench/cli.ts to time beside it:
read a police.uk street CSV, project WGS84 -> British National Grid, assign each crime to a
ward (spatial join, point within polygon) and count crimes per ward (anti-social behaviour
included, as with --include-asb). Prints one JSON line: {"rows": n, "inWards": n, "wards": n}.

    python3 bench/geopandas_baseline.py WARDS.geojson CRIMES.csv
"""
import json
import sys

import geopandas as gpd
import pandas as pd

wards_path, crimes_path = sys.argv[1], sys.argv[2]
wards = gpd.read_file(wards_path).to_crs(27700)
code = next(c for c in wards.columns if c.upper() in ("GSS_CODE", "CODE") or c.upper().endswith("CD"))
df = pd.read_csv(crimes_path, usecols=["Month", "Longitude", "Latitude", "Crime type"])
df = df.dropna(subset=["Longitude", "Latitude"])
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["Longitude"], df["Latitude"]), crs=4326).to_crs(27700)
joined = gpd.sjoin(points, wards[[code, "geometry"]], how="inner", predicate="within")
counts = joined.groupby(code).size()
print(json.dumps({"rows": int(len(df)), "inWards": int(counts.sum()), "wards": int(len(counts))}))
