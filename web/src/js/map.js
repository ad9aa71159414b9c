// The map: an offline base map (basemap.js: countries, admin1 borders, place names), one marker
// per event clustered by place, clusters coloured by their dominant type family (or neutral, as
// the legend says).
import { BaseMap } from "./basemap.js";
import { colour, el, NEUTRAL } from "./dom.js";

// A cluster takes a family's colour when at least this share of its events are of it.
const DOMINANT_SHARE = 0.5;
// Share of the places left out at each end when fitting the view to many events.
const FIT_TAIL = 0.05;

export class EventMap {
  constructor(container, { onSelect, onView }) {
    this.onSelect = onSelect;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 18 })
      .setView([35, 39], 6);
    this.baseMap = new BaseMap(this.map);
    this.baseMap.layer.addTo(this.map);
    this.clusters = L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false, iconCreateFunction: clusterIcon,
    }).addTo(this.map);
    this.flowLayer = L.featureGroup().addTo(this.map);
    this.markers = new Map();
    const onlineTiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "© OpenStreetMap contributors",
    });
    L.control.layers(
      { "Borders and places (offline)": this.baseMap.layer },
      { "OpenStreetMap tiles (online)": onlineTiles, Events: this.clusters, Flows: this.flowLayer },
      { collapsed: true },
    ).addTo(this.map);
    this.map.attributionControl.addAttribution("Borders: Natural Earth · Places: GeoNames");
    // The grid settles after the map is made: recompute its size whenever its box changes.
    new ResizeObserver(() => this.map.invalidateSize()).observe(this.map.getContainer());
    this.map.on("moveend", () => {
      const centre = this.map.getCenter();
      onView([centre.lat, centre.lng, this.map.getZoom()]);
    });
  }

  loadBaseMap() { return this.baseMap.load(); }

  loadBaseMapDetails() { return this.baseMap.loadDetails(); }

  // One marker per event row with coordinates; returns how many were drawn.
  show(rows) {
    this.clusters.clearLayers();
    this.markers.clear();
    const markers = [];
    for (const row of rows) {
      if (row.lat === null || row.lon === null) continue;
      const marker = L.marker([row.lat, row.lon], {
        icon: markerIcon(row), family: row.family, title: `${row.type} — ${row.place}`,
        keyboard: true,
      });
      marker.on("click", () => this.onSelect(row.id));
      marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") this.onSelect(row.id); });
      markers.push(marker);
      this.markers.set(row.id, marker);
    }
    this.clusters.addLayers(markers);
    return markers.length;
  }

  clear() {
    this.clusters.clearLayers();
    this.flowLayer.clearLayers();
    this.markers.clear();
  }

  // Zoom to an event and open its cluster, so its own marker shows.
  flyTo(eventId) {
    const marker = this.markers.get(eventId);
    if (!marker) return false;
    const zoom = Math.max(this.map.getZoom(), 9);
    this.map.flyTo(marker.getLatLng(), zoom, { duration: 0.6 });
    this.map.once("moveend", () => {
      if (this.clusters.hasLayer(marker)) {
        this.clusters.zoomToShowLayer(marker, () => highlight(marker));
      }
    });
    return true;
  }

  // Fit the view to the rows' places; with many, to where most of them are (a few events
  // far away would otherwise shrink the war to a corner of the map).
  fit(rows, maxZoom = 9) {
    this.map.invalidateSize();
    const located = rows.filter((row) => row.lat !== null && row.lon !== null);
    if (!located.length) return false;
    const lats = located.map((row) => row.lat).sort((a, b) => a - b);
    const lons = located.map((row) => row.lon).sort((a, b) => a - b);
    const cut = located.length > 20 ? Math.floor(located.length * FIT_TAIL) : 0;
    const at = (values, i) => values[Math.min(values.length - 1, Math.max(0, i))];
    const bounds = L.latLngBounds([at(lats, cut), at(lons, cut)],
      [at(lats, lats.length - 1 - cut), at(lons, lons.length - 1 - cut)]);
    this.map.fitBounds(bounds.pad(0.15), { maxZoom, animate: false });
    return true;
  }

  flyToPlace(place) {
    const zoom = place.kind === "admin1" ? 8 : place.kind === "country" ? 6 : 11;
    this.map.flyTo([place.lat, place.lon], zoom, { duration: 0.6 });
  }

  setView([lat, lon, zoom]) { this.map.setView([lat, lon], zoom); }
}

function highlight(marker) {
  const icon = marker.getElement();
  if (!icon) return;
  icon.classList.add("selected");
  setTimeout(() => icon.classList.remove("selected"), 2500);
}

function markerIcon(row) {
  const deaths = Number(row.deaths) || 0;
  const size = Math.round(Math.min(40, 12 + 4 * Math.sqrt(deaths)));
  const dot = el("div", {
    class: `ea-marker ea-family-${row.family}`, dataset: { eventId: row.id },
  });
  dot.style.width = dot.style.height = `${size}px`;
  dot.style.background = colour(row.family);
  return L.divIcon({ html: dot, className: "ea-marker-icon", iconSize: [size, size] });
}

// The family most of a cluster's events share, else null (drawn neutral).
export function dominantFamily(families) {
  const counts = new Map();
  for (const family of families) counts.set(family, (counts.get(family) || 0) + 1);
  let best = null, bestCount = 0;
  for (const [family, count] of counts) {
    if (count > bestCount) { best = family; bestCount = count; }
  }
  return families.length && bestCount / families.length >= DOMINANT_SHARE ? best : null;
}

// Black or white, whichever reads better on a background of the given rgb() colour.
function readableOn(background) {
  const [r, g, b] = (background.match(/\d+/g) || [0, 0, 0]).map(Number).map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#111" : "#fff";
}

function clusterIcon(cluster) {
  const children = cluster.getAllChildMarkers();
  const family = dominantFamily(children.map((marker) => marker.options.family));
  const count = cluster.getChildCount();
  const size = count < 10 ? 30 : count < 100 ? 36 : 44;
  const label = `${count} events, ${family ? `mostly ${family}` : "mixed types"}`;
  const disc = el("div", {
    class: "ea-cluster", title: label, dataset: { family: family || "mixed" },
  }, el("span", {}, String(count)), el("span", { class: "visually-hidden" }, ` ${label}`));
  disc.style.background = family ? colour(family) : NEUTRAL;
  disc.style.color = readableOn(disc.style.background);
  return L.divIcon({ html: disc, className: "ea-cluster-icon", iconSize: [size, size] });
}
