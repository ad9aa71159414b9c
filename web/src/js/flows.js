// Movement flows: an arrow from origin to destination with a count badge; a badge carrying
// several events opens the list of them. A flow within one place is drawn as a point. Badges
// sit above the markers and are moved along their line until none covers another.
import { el, plural, svg } from "./dom.js";

// Where along its line a badge may sit (share of the way from the origin), best first.
const BADGE_STOPS = [0.5, 0.38, 0.62, 0.26, 0.74, 0.14, 0.86];
const BADGE_GAP_PX = 2;
const placements = new WeakMap();  // flow layer -> its badges, placed again on each zoom

function amountText(amounts) {
  return Object.entries(amounts).map(([unit, { low, high }]) => {
    if (high === null || high === undefined) return `${low}+ ${unit}`;
    return low === high ? `${low} ${unit}` : `${low}–${high} ${unit}`;
  }).join(", ");
}

function arrowIcon(angle, weight) {
  const box = svg("svg", { width: 20, height: 20, viewBox: "-10 -10 20 20", "aria-hidden": "true" });
  const head = svg("path", { d: "M 8 0 L -6 -6 L -3 0 L -6 6 Z", fill: "#1f5f99" });
  head.setAttribute("transform", `rotate(${angle}) scale(${0.8 + weight / 10})`);
  box.append(head);
  return L.divIcon({
    html: el("div", { class: "ea-flow-arrow" }, box), className: "ea-flow-arrow-icon",
    iconSize: [20, 20],
  });
}

export function flowTitle(flow) {
  const amounts = amountText(flow.amounts);
  const where = flow.origin.name === flow.destination.name ? `within ${flow.origin.name}`
    : `${flow.origin.name} → ${flow.destination.name}`;
  return `${where}: ${plural(flow.count, "event")}${amounts ? ` (${amounts})` : ""}`;
}

function badge(latlng, flow, onOpen) {
  const amounts = amountText(flow.amounts);
  const count = el("div", { class: "ea-flow-count", title: flowTitle(flow) }, String(flow.count),
    amounts ? el("span", { class: "amounts" }, ` · ${amounts}`) : null);
  const marker = L.marker(latlng, {
    icon: L.divIcon({ html: count, className: "ea-flow-count-icon", iconSize: null }),
    title: flowTitle(flow), keyboard: true, riseOnHover: true, pane: "flowBadges",
  });
  marker.on("click", () => onOpen(flow));
  marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") onOpen(flow); });
  return marker;
}

// The badge's box in map pixels at `latlng`, from the projection and the badge's size (not
// its drawn place: a marker may still be gliding there while the clusters animate).
function boxAt(map, latlng, node) {
  const centre = map.latLngToContainerPoint(latlng);
  const halfWidth = node.offsetWidth / 2 + BADGE_GAP_PX, halfHeight = node.offsetHeight / 2 + BADGE_GAP_PX;
  return { left: centre.x - halfWidth, right: centre.x + halfWidth, top: centre.y - halfHeight,
    bottom: centre.y + halfHeight };
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Move each badge (the most events first) to the first stop along its line where it covers
// no badge placed before it, showing its count only if that is what it takes. A badge with no
// room at all hides until the keyboard focuses it (its line still has the tooltip); zooming
// in makes room.
export function placeBadges(map, layer) {
  const placed = [];
  for (const item of placements.get(layer) || []) {
    const icon = item.marker.getElement();
    const node = icon?.querySelector(".ea-flow-count");
    if (!node) continue;
    const free = freeStop(map, item, node, placed);
    icon.classList.toggle("crowded", !free);
    node.classList.toggle("compact", Boolean(free?.compact));
    item.marker.setLatLng(item.at(free ? free.stop : item.stops[0]));
    if (free) placed.push(free.box);
  }
}

function freeStop(map, item, node, placed) {
  for (const compact of [false, true]) {
    node.classList.toggle("compact", compact);
    for (const stop of item.stops) {
      const box = boxAt(map, item.at(stop), node);
      if (!placed.some((other) => overlaps(box, other))) return { stop, compact, box };
    }
  }
  return null;
}

// Draw `flows` into `layer`; `onOpen(flow)` runs when a flow or its badge is clicked.
export function drawFlows(map, layer, flows, onOpen) {
  layer.clearLayers();
  if (!map.getPane("flowBadges")) {
    map.createPane("flowBadges").style.zIndex = 620;  // above the markers (600)
    map.on("zoomend", () => placeBadges(map, layer));
    layer.on("add", () => placeBadges(map, layer));  // switched back on: fresh icons
  }
  const badges = [];
  for (const flow of [...flows].sort((a, b) => b.count - a.count)) {
    const from = L.latLng(flow.origin.lat, flow.origin.lon);
    const to = L.latLng(flow.destination.lat, flow.destination.lon);
    const label = el("span", {}, flowTitle(flow));
    if (from.equals(to)) {
      const point = L.circleMarker(from, {
        radius: 7, color: "#1f5f99", weight: 2, fillColor: "#fff", fillOpacity: 1,
        className: "ea-flow ea-flow-point",
      });
      point.bindTooltip(label, { className: "flow-label" });
      point.on("click", () => onOpen(flow));
      layer.addLayer(point);
      const marker = badge(from, flow, onOpen);
      layer.addLayer(marker);
      badges.push({ marker, stops: [0], at: () => from });
      continue;
    }
    const weight = Math.min(10, 2 + 2 * Math.log2(flow.count));
    const line = L.polyline([from, to], {
      color: "#1f5f99", weight, opacity: 0.75, className: "ea-flow",
    });
    line.bindTooltip(label, { sticky: true, className: "flow-label" });
    line.on("click", () => onOpen(flow));
    // The arrow head sits 85% of the way along, pointing at the destination; Mercator keeps
    // angles, so one angle is right at every zoom.
    const a = map.project(from, 0), b = map.project(to, 0);
    const angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
    const along = (share) => L.latLng(from.lat + share * (to.lat - from.lat),
      from.lng + share * (to.lng - from.lng));
    const tip = along(0.85);
    layer.addLayer(line);
    layer.addLayer(L.marker(tip, { icon: arrowIcon(angle, weight), interactive: false, keyboard: false }));
    const marker = badge(along(0.5), flow, onOpen);
    layer.addLayer(marker);
    badges.push({ marker, stops: BADGE_STOPS, at: along });
  }
  placements.set(layer, badges);
  placeBadges(map, layer);
}
