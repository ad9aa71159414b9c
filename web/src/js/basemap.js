// The offline base map: Natural Earth countries (world-atlas) and admin1 borders (made small
// by web/basemap.mjs at build time), labelled with admin1 names at Natural Earth's label points
// and the most populous places in view (the gazetteer, GET /places/major). Everything comes
// from the app's own server, so the map reads with the machine offline.
import { api, queryString } from "./api.js";
import { el } from "./dom.js";

const COUNTRIES_URL = "/static/vendor/world-atlas/countries-50m.json";
const ADMIN1_URL = "/static/vendor/natural-earth/admin1.json";
// Country names read at low zooms only; admin1 names from Natural Earth's label zoom on (a
// zoom earlier: the app's default view of a country is one step out).
const COUNTRY_LABELS_UP_TO = 6;
const ADMIN1_LABELS_FROM = 5;
// One town label per this many square pixels of map, so a phone gets a few and a desk more.
const PIXELS_PER_TOWN = 22000;
const MAX_TOWNS = 60;
const LABEL_FONT_PX = 12;
const RELABEL_DELAY_MS = 150;

export class BaseMap {
  constructor(map) {
    this.map = map;
    // Below the flows (overlay pane, 400) and the markers (600); labels above the flows.
    map.createPane("basemap").style.zIndex = 200;
    const labelPane = map.createPane("labels");
    labelPane.style.zIndex = 450;
    labelPane.style.pointerEvents = "none";
    const renderer = L.canvas({ pane: "basemap", padding: 0.3 });
    this.layer = L.layerGroup();
    this.shapes = L.layerGroup().addTo(this.layer);
    this.labels = L.layerGroup().addTo(this.layer);
    this.renderer = renderer;
    this.admin1Labels = [];
    this.timer = null;
    this.request = 0;
    this.detailed = false;
    map.on("moveend zoomend resize", () => { if (this.detailed) this.relabelSoon(); });
  }

  // The countries first (the map reads as a map at once), then, once the events are shown,
  // the admin1 borders and the labels: their 1.5 MB would otherwise delay the first render.
  async load() {
    const countries = await fetchJSON(COUNTRIES_URL);
    L.geoJSON(topojson.feature(countries, countries.objects.countries), {
      ...this.style(), style: { color: "#8c8577", weight: 1, fillColor: "#efeadf", fillOpacity: 1 },
    }).addTo(this.shapes);
  }

  async loadDetails() {
    const admin1 = await fetchJSON(ADMIN1_URL);
    // Borders between two regions only: coasts are the countries' outlines already.
    const borders = topojson.mesh(admin1, admin1.objects.admin1, (a, b) => a !== b);
    L.geoJSON(borders, {
      ...this.style(), style: { color: "#a39a88", weight: 0.8, dashArray: "4 3", fill: false },
    }).addTo(this.shapes);
    this.admin1Labels = admin1.objects.admin1.geometries.map((region) => region.properties)
      .filter((region) => region.name && region.label);
    this.detailed = true;
    await this.relabel();
  }

  style() { return { renderer: this.renderer, interactive: false, pane: "basemap" }; }

  relabelSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.relabel(), RELABEL_DELAY_MS);
  }

  async relabel() {
    const request = ++this.request;
    const zoom = this.map.getZoom();
    const size = this.map.getSize();
    const bounds = this.map.getBounds();
    const clamp = (value, limit) => Math.max(-limit, Math.min(limit, value));
    const bbox = [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90),
      clamp(bounds.getEast(), 180), clamp(bounds.getNorth(), 90)].map((v) => v.toFixed(2));
    const towns = Math.min(MAX_TOWNS, Math.max(3, Math.round((size.x * size.y) / PIXELS_PER_TOWN)));
    let places = [];
    try {
      ({ places } = await api(`/places/major?${queryString({ bbox: bbox.join(","), limit: towns })}`));
    } catch {
      places = [];  // no gazetteer: borders and admin1 names still read
    }
    if (request !== this.request) return;  // the view moved on while this was asked
    this.labels.clearLayers();
    const taken = [];
    // Most wanted first; a label that would overlap one already placed is left out.
    const wanted = [
      ...places.filter((p) => p.kind === "city")
        .map((p) => ({ kind: "town", name: p.name, at: [p.lat, p.lon] })),
      ...places.filter((p) => p.kind === "country" && zoom <= COUNTRY_LABELS_UP_TO)
        .map((p) => ({ kind: "country", name: p.name, at: [p.lat, p.lon] })),
      ...this.admin1Labels.filter((r) => zoom >= Math.max(ADMIN1_LABELS_FROM, r.minZoom - 1))
        .map((r) => ({ kind: "admin1", name: r.name, at: [r.label[1], r.label[0]] })),
    ];
    for (const label of wanted) {
      const box = this.labelBox(label);
      if (!box || taken.some((other) => overlaps(box, other))) continue;
      taken.push(box);
      this.labels.addLayer(labelMarker(label));
    }
    // For tests and screenshots: the labels now match the view.
    this.map.getContainer().dataset.labelled = String(request);
  }

  // The label's box in screen pixels (null when out of view): a town's name sits right of
  // its dot, a region's or a country's is centred on its point.
  labelBox({ kind, name, at }) {
    const point = this.map.latLngToContainerPoint(at);
    const size = this.map.getSize();
    if (point.x < 0 || point.y < 0 || point.x > size.x || point.y > size.y) return null;
    const width = name.length * LABEL_FONT_PX * (kind === "country" ? 0.75 : 0.58);
    const height = LABEL_FONT_PX + 4;
    const left = kind === "town" ? point.x - 4 : point.x - width / 2;
    return { left, right: left + width + (kind === "town" ? 8 : 0), top: point.y - height / 2,
      bottom: point.y + height / 2 };
  }
}

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function labelMarker({ kind, name, at }) {
  const html = el("div", { class: `ea-label ea-label-${kind}` },
    kind === "town" ? el("span", { class: "dot", "aria-hidden": "true" }) : null, name);
  return L.marker(at, {
    icon: L.divIcon({ html, className: "ea-label-icon", iconSize: null }),
    interactive: false, keyboard: false, pane: "labels",
  });
}
