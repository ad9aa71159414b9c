// Movement flows: an arrow from origin to destination with a count badge; a badge carrying
// several events opens the list of them. A flow within one place is drawn as a point.
import { el, plural, svg } from "./dom.js";

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
  const text = amounts ? `${flow.count} · ${amounts}` : String(flow.count);
  const count = el("div", { class: "ea-flow-count", title: flowTitle(flow) }, text);
  const marker = L.marker(latlng, {
    icon: L.divIcon({ html: count, className: "ea-flow-count-icon", iconSize: null }),
    title: flowTitle(flow), keyboard: true, riseOnHover: true,
  });
  marker.on("click", () => onOpen(flow));
  marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") onOpen(flow); });
  return marker;
}

// Draw `flows` into `layer`; `onOpen(flow)` runs when a flow or its badge is clicked.
export function drawFlows(map, layer, flows, onOpen) {
  layer.clearLayers();
  for (const flow of flows) {
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
      layer.addLayer(badge(from, flow, onOpen));
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
    const tip = L.latLng(from.lat + 0.85 * (to.lat - from.lat), from.lng + 0.85 * (to.lng - from.lng));
    const mid = L.latLng((from.lat + to.lat) / 2, (from.lng + to.lng) / 2);
    layer.addLayer(line);
    layer.addLayer(L.marker(tip, { icon: arrowIcon(angle, weight), interactive: false, keyboard: false }));
    layer.addLayer(badge(mid, flow, onOpen));
  }
}
