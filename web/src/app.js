// EventAtlas web UI: map, flows, timeline, evidence panel, document view and review buttons.
// Plain browser JavaScript over the JSON API of the same server. Every piece of text that comes
// from an article or the store is put into the page as a text node (textContent), never as HTML.
// Leaflet treats a string given as tooltip, popup or divIcon content as HTML, so those always
// get an element built here; its strings are constants only (layer names, attribution).
"use strict";

const FAMILY_COLOURS = {
  battle: "#c0392b", remote: "#e67e22", civilians: "#8e44ad", protest: "#27ae60",
  riot: "#d35400", strategic: "#7f8c8d", movement: "#2980b9", recruitment: "#16a085",
  statement: "#95a5a6",
};
const TOKEN_KEY = "eventatlas.token";
const MAX_MARKERS = 5000;

const state = { filters: {}, brush: null, currentEvent: null };

// --- small DOM helpers (text only) --------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function colour(family) { return FAMILY_COLOURS[family] || "#34495e"; }

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch { return null; }
}

// --- API --------------------------------------------------------------------------------------

function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(`${response.status}: ${detail || response.statusText}`);
  }
  return body;
}

function queryString(extra = {}, withBrush = true) {
  const params = new URLSearchParams();
  const values = { ...state.filters, ...extra };
  if (withBrush && state.brush) {
    values.start = state.brush.start;
    values.end = state.brush.end;
  }
  for (const [key, value] of Object.entries(values)) {
    if (value !== "" && value !== null && value !== undefined) params.set(key, value);
  }
  return params.toString();
}

// --- map --------------------------------------------------------------------------------------

const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 18 }).setView([35, 39], 6);
const baseLayer = L.layerGroup().addTo(map);
const onlineTiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
  maxZoom: 18, attribution: "© OpenStreetMap contributors",
});
const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
const flowLayer = L.featureGroup();
clusters.addTo(map);
flowLayer.addTo(map);
L.control.layers(
  { "Countries (offline)": baseLayer },
  { "OpenStreetMap tiles (online)": onlineTiles, Events: clusters, Flows: flowLayer },
  { collapsed: true },
).addTo(map);
map.attributionControl.addAttribution("Borders: Natural Earth");

async function loadBaseMap() {
  const response = await fetch("/static/vendor/world-atlas/countries-50m.json");
  const topology = await response.json();
  const countries = topojson.feature(topology, topology.objects.countries);
  L.geoJSON(countries, {
    style: { color: "#ffffff", weight: 0.8, fillColor: "#e8e4d8", fillOpacity: 1 },
    interactive: false,
  }).addTo(baseLayer);
}

function markerIcon(props) {
  const deaths = Number(props.fatalities_best) || 0;
  const size = Math.round(Math.min(40, 12 + 4 * Math.sqrt(deaths)));
  const dot = el("div", {
    class: `ea-marker ea-family-${props.family}`,
    title: `${props.type} — ${props.place_name}`,
    dataset: { eventId: props.event_id },
  });
  dot.style.width = dot.style.height = `${size}px`;
  dot.style.background = colour(props.family);
  return L.divIcon({ html: dot, className: "ea-marker-icon", iconSize: [size, size] });
}

// One marker per event: its location, else the destination, else the origin.
const ROLE_ORDER = { location: 0, destination: 1, origin: 2 };

async function loadEvents() {
  const query = queryString({ format: "geojson", limit: MAX_MARKERS });
  const collection = await api(`/events?${query}`);
  const chosen = new Map();
  for (const feature of collection.features) {
    const props = feature.properties;
    if (feature.geometry.type !== "Point") continue;
    const previous = chosen.get(props.event_id);
    if (!previous || ROLE_ORDER[props.place_role] < ROLE_ORDER[previous.properties.place_role]) {
      chosen.set(props.event_id, feature);
    }
  }
  clusters.clearLayers();
  const markers = [];
  for (const feature of chosen.values()) {
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.marker([lat, lon], { icon: markerIcon(feature.properties) });
    marker.on("click", () => openEvent(feature.properties.event_id));
    markers.push(marker);
  }
  clusters.addLayers(markers);
  return { total: collection.total, mapped: chosen.size };
}

function amountText(amounts) {
  return Object.entries(amounts).map(([unit, { low, high }]) => {
    if (high === null || high === undefined) return `${low}+ ${unit}`;
    return low === high ? `${low} ${unit}` : `${low}–${high} ${unit}`;
  }).join(", ");
}

function arrowIcon(angle, weight) {
  const box = svg("svg", { width: 20, height: 20, viewBox: "-10 -10 20 20" });
  const head = svg("path", { d: "M 8 0 L -6 -6 L -3 0 L -6 6 Z", fill: "#1f5f99" });
  head.setAttribute("transform", `rotate(${angle}) scale(${0.8 + weight / 10})`);
  box.append(head);
  const wrapper = el("div", { class: "ea-flow-arrow" });
  wrapper.append(box);
  return L.divIcon({ html: wrapper, className: "ea-flow-arrow-icon", iconSize: [20, 20] });
}

async function loadFlows() {
  const data = await api(`/flows?${queryString()}`);
  flowLayer.clearLayers();
  for (const flow of data.flows) {
    const from = L.latLng(flow.origin.lat, flow.origin.lon);
    const to = L.latLng(flow.destination.lat, flow.destination.lon);
    if (from.equals(to)) continue;
    const weight = Math.min(10, 2 + 2 * Math.log2(flow.count));
    const line = L.polyline([from, to], {
      color: "#1f5f99", weight, opacity: 0.75, className: "ea-flow",
    });
    const amounts = amountText(flow.amounts);
    // An element, not a string: Leaflet puts a string tooltip in as HTML, and place names
    // come from articles and reviewers' corrections.
    const label = el("span", {}, `${flow.origin.name} → ${flow.destination.name}: ${flow.count} ` +
      `event${flow.count === 1 ? "" : "s"}${amounts ? ` (${amounts})` : ""}`);
    line.bindTooltip(label, { sticky: true, className: "flow-label" });
    line.on("click", () => openEvent(flow.event_ids[0]));
    // The arrow head sits 85% of the way along, pointing at the destination; Mercator keeps
    // angles, so one angle is right at every zoom.
    const a = map.project(from, 0), b = map.project(to, 0);
    const angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
    const tip = L.latLng(from.lat + 0.85 * (to.lat - from.lat), from.lng + 0.85 * (to.lng - from.lng));
    const head = L.marker(tip, { icon: arrowIcon(angle, weight), interactive: false });
    const mid = L.latLng((from.lat + to.lat) / 2, (from.lng + to.lng) / 2);
    const count = el("div", { class: "ea-flow-count" },
      amounts ? `${flow.count} · ${amounts}` : String(flow.count));
    const badge = L.marker(mid, {
      icon: L.divIcon({ html: count, className: "ea-flow-count-icon", iconSize: null }),
      interactive: false,
    });
    flowLayer.addLayer(line);
    flowLayer.addLayer(head);
    flowLayer.addLayer(badge);
  }
  return data;
}

// --- timeline ---------------------------------------------------------------------------------

function addDays(iso, days) {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

async function loadTimeline() {
  const data = await api(`/stats?${queryString({ bucket: "week" }, false)}`);
  const weeks = new Map();
  for (const row of data.rows) {
    const week = weeks.get(row.period) || { period: row.period, total: 0, families: {} };
    week.total += row.events;
    week.families[row.family] = (week.families[row.family] || 0) + row.events;
    weeks.set(row.period, week);
  }
  drawTimeline([...weeks.values()].sort((x, y) => (x.period < y.period ? -1 : 1)));
}

function drawTimeline(weeks) {
  const chart = document.getElementById("timeline");
  chart.replaceChildren();
  const width = chart.clientWidth || 800, height = chart.clientHeight || 90, axis = 14;
  if (!weeks.length) {
    const empty = svg("text", { x: 8, y: height / 2 });
    empty.textContent = "no dated events";
    chart.append(empty);
    return;
  }
  const first = weeks[0].period, last = weeks[weeks.length - 1].period;
  const span = Math.max(1, (Date.parse(last) - Date.parse(first)) / 604800000 + 1);
  const step = width / span;
  const peak = Math.max(...weeks.map((week) => week.total));
  const xOf = (iso) => ((Date.parse(iso) - Date.parse(first)) / 604800000) * step;
  for (const week of weeks) {
    let y = height - axis;
    for (const [family, count] of Object.entries(week.families)) {
      const h = (count / peak) * (height - axis - 4);
      y -= h;
      const bar = svg("rect", {
        class: "bar", x: xOf(week.period), y, width: Math.max(1, step - 1), height: h,
        fill: colour(family),
      });
      const tip = svg("title");
      tip.textContent = `week of ${week.period}: ${count} ${family}`;
      bar.append(tip);
      chart.append(bar);
    }
  }
  for (const [iso, anchor, x] of [[first, "start", 0], [last, "end", width]]) {
    const label = svg("text", { x, y: height - 2, "text-anchor": anchor });
    label.textContent = iso;
    chart.append(label);
  }
  const brush = svg("rect", { class: "brush", y: 0, height: height - axis, x: 0, width: 0 });
  chart.append(brush);
  const dateAt = (x) => addDays(first, Math.floor(Math.max(0, Math.min(width - 1, x)) / step) * 7);
  if (state.brush) {
    const x0 = xOf(state.brush.start), x1 = xOf(state.brush.end) + step;
    brush.setAttribute("x", Math.max(0, x0));
    brush.setAttribute("width", Math.max(0, Math.min(width, x1) - Math.max(0, x0)));
  }
  let anchorX = null;
  const local = (event) => event.clientX - chart.getBoundingClientRect().left;
  chart.onmousedown = (event) => { anchorX = local(event); };
  chart.onmousemove = (event) => {
    if (anchorX === null) return;
    const x = local(event);
    brush.setAttribute("x", Math.min(anchorX, x));
    brush.setAttribute("width", Math.abs(x - anchorX));
  };
  chart.onmouseup = (event) => {
    if (anchorX === null) return;
    const x = local(event), lo = Math.min(anchorX, x), hi = Math.max(anchorX, x);
    anchorX = null;
    state.brush = hi - lo < 3 ? null : { start: dateAt(lo), end: addDays(dateAt(hi), 6) };
    if (!state.brush) brush.setAttribute("width", 0);
    refreshMap();
  };
}

// --- event panel ------------------------------------------------------------------------------

const panel = document.getElementById("panel");

function placeText(place) {
  if (!place) return null;
  const where = [place.name, place.admin1, place.country_code].filter(Boolean).join(", ");
  return `${where} (${place.precision}; “${place.text}”)`;
}

function dateText(date) {
  if (!date || !date.start) return null;
  return date.start === date.end ? date.start : `${date.start} – ${date.end}`;
}

function quantityText(quantity) {
  if (!quantity) return null;
  if (quantity.value !== null) return `${quantity.value} ${quantity.unit}`;
  const range = quantity.high === null ? `${quantity.low}+` : `${quantity.low}–${quantity.high}`;
  return `${range} ${quantity.unit} (“${quantity.text}”)`;
}

// The evidence sentence with the trigger word marked (text nodes only).
function evidenceQuote(span, trigger) {
  const quote = el("blockquote", { class: "evidence" });
  const text = span.text;
  const at = trigger ? text.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
  if (at < 0) quote.append(text);
  else quote.append(text.slice(0, at), el("mark", {}, text.slice(at, at + trigger.length)),
    text.slice(at + trigger.length));
  if (span.source) quote.append(el("div", { class: "meta" }, `— according to ${span.source}`));
  return quote;
}

function fieldList(event) {
  const rows = [
    ["type", event.type], ["family", event.family], ["date", dateText(event.date)],
    ["location", placeText(event.location)], ["origin", placeText(event.origin)],
    ["destination", placeText(event.destination)],
    ["actors", (event.actors || []).map((a) => `${a.role}: ${a.name}`).join("; ")],
    ["quantity", quantityText(event.quantity)],
    ["fatalities", event.fatalities ? String(event.fatalities.best ?? "?") : null],
    ["modality", event.modality],
    ["according to", event.attribution ? event.attribution.source : null],
    ["confidence", event.confidence], ["reports", event.corroboration],
    ["first reported", event.first_reported], ["review", event.review_status],
    ["id", event.id],
  ];
  const list = el("dl");
  for (const [name, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", {}, name), el("dd", {}, value));
  }
  return list;
}

function sourceBlock(source, event) {
  const block = el("div", { class: "source", dataset: { documentId: source.document_id } });
  const title = source.title || source.document_id;
  const url = source.url ? safeUrl(source.url) : null;
  block.append(el("div", {},
    el("strong", {}, title), " ",
    el("a", { class: "doc-link", onclick: () => openDocument(source.document_id, source.event_id) },
      "read the document")));
  const meta = [source.outlet, source.published].filter(Boolean).join(" · ");
  if (meta) block.append(el("div", { class: "meta" }, meta));
  if (url) {
    block.append(el("div", { class: "meta" },
      el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, url)));
  }
  for (const span of source.evidence || []) block.append(evidenceQuote(span, event.trigger));
  return block;
}

async function openEvent(eventId) {
  panel.replaceChildren(el("p", { class: "hint" }, "loading…"));
  let event;
  try {
    event = await api(`/events/${encodeURIComponent(eventId)}`);
  } catch (error) {
    panel.replaceChildren(el("p", { class: "message error" }, error.message));
    return;
  }
  state.currentEvent = event;
  const heading = el("h2", {}, event.type);
  heading.style.borderLeft = `6px solid ${colour(event.family)}`;
  heading.style.paddingLeft = "6px";
  const evidence = el("section", { id: "evidence" }, el("h3", {}, "Evidence"));
  const sources = event.sources && event.sources.length ? event.sources
    : [{ document_id: null, evidence: event.evidence }];
  for (const source of sources) evidence.append(sourceBlock(source, event));
  // The words first: a reader trusts a point when they can read what supports it.
  panel.replaceChildren(heading, evidence, fieldList(event), reviewControls(event),
    reviewHistory(event.reviews || []));
}

// --- review -----------------------------------------------------------------------------------

function reviewHistory(reviews) {
  if (!reviews.length) return el("div");
  const list = el("ul");
  for (const review of reviews) {
    const what = [review.action, review.field, review.reviewer, review.created_at || review.at]
      .filter(Boolean).join(" · ");
    list.append(el("li", {}, what, review.note ? ` — ${review.note}` : ""));
  }
  return el("section", {}, el("h3", {}, "Review log"), list);
}

function parseValue(raw) {
  try { return JSON.parse(raw); } catch { return raw; }
}

function reviewControls(event) {
  const message = el("div", { class: "message" });
  const field = el("input", { placeholder: "field (type…)", list: "review-fields" });
  const value = el("input", { placeholder: "value / JSON" });
  const other = el("input", { placeholder: "other fe-… id" });
  const fields = el("datalist", { id: "review-fields" });
  for (const name of ["type", "modality", "date", "fatalities", "location", "origin",
    "destination", "quantity", "actors", "attribution"]) fields.append(el("option", { value: name }));

  async function send(body) {
    message.className = "message";
    message.textContent = "saving…";
    try {
      const updated = await api(`/events/${encodeURIComponent(event.id)}/review`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      await openEvent(updated.id || event.id);
      refreshMap();
    } catch (error) {
      message.className = "message error";
      message.textContent = error.message.startsWith("401") || error.message.startsWith("403")
        ? `${error.message} (enter the token at the top right)` : error.message;
    }
  }

  const buttons = el("div", { class: "review" },
    el("button", { type: "button", onclick: () => send({ action: "confirm" }) }, "Confirm"),
    el("button", { type: "button", onclick: () => send({ action: "reject" }) }, "Reject"),
    field, value,
    el("button", {
      type: "button",
      onclick: () => send({ action: "correct", field: field.value, value: parseValue(value.value) }),
    }, "Correct"));
  if (event.level === "fused") {
    const members = (event.sources || []).map((source) => source.event_id).filter(Boolean);
    buttons.append(other,
      el("button", { type: "button", onclick: () => send({ action: "merge", other_id: other.value }) },
        "Merge"));
    if (members.length > 1) {
      buttons.append(el("button", {
        type: "button",
        onclick: () => send({ action: "split", event_ids: [members[members.length - 1]] }),
        title: "move the last report's event out into its own event",
      }, "Split off last report"));
    }
  }
  return el("section", {}, el("h3", {}, "Review"), buttons, fields, message);
}

// --- document view ----------------------------------------------------------------------------

// Offsets are Python code points: index an array of code points, not the UTF-16 string.
function highlightedText(text, mentions, events, currentEventId) {
  const chars = Array.from(text);
  const spans = [];
  for (const mention of mentions) {
    spans.push({ start: mention.start, end: mention.end, kind: "ent", label: mention.label });
  }
  for (const event of events) {
    for (const span of event.evidence || []) {
      spans.push({ start: span.start, end: span.end, kind: "ev", eventId: event.id, type: event.type });
    }
  }
  const cuts = new Set([0, chars.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].filter((n) => n >= 0 && n <= chars.length).sort((a, b) => a - b);
  const body = el("div", { class: "document-text" });
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    let node = document.createTextNode(chars.slice(a, b).join(""));
    const covering = spans.filter((span) => span.start <= a && span.end >= b);
    for (const span of covering.filter((s) => s.kind === "ent")) {
      node = el("span", { class: `ent ent-${span.label}`, title: span.label }, node);
    }
    const events = covering.filter((s) => s.kind === "ev");
    if (events.length) {
      const current = events.some((s) => s.eventId === currentEventId);
      node = el("span", {
        class: `ev-span${current ? " current" : ""}`,
        title: events.map((s) => s.type).join(", "),
        dataset: { eventId: events[0].eventId },
        onclick: () => openEvent(events[0].eventId),
      }, node);
    }
    body.append(node);
  }
  return body;
}

async function openDocument(documentId, eventId) {
  if (!documentId) return;
  panel.replaceChildren(el("p", { class: "hint" }, "loading…"));
  let doc;
  try {
    doc = await api(`/documents/${encodeURIComponent(documentId)}`);
  } catch (error) {
    panel.replaceChildren(el("p", { class: "message error" }, error.message));
    return;
  }
  const back = state.currentEvent;
  const header = el("div", {},
    back ? el("a", { class: "doc-link", onclick: () => openEvent(back.id) }, "← back to the event") : null,
    el("h2", {}, doc.title || doc.id),
    el("div", { class: "meta" }, [doc.outlet, doc.byline, doc.published].filter(Boolean).join(" · ")),
    el("p", { class: "hint" },
      `${doc.events.length} events (highlighted; click one), ${doc.mentions.length} entities (underlined)`));
  panel.replaceChildren(header, highlightedText(doc.text, doc.mentions, doc.events, eventId));
  const current = panel.querySelector(".ev-span.current");
  if (current) current.scrollIntoView({ block: "center" });
}

// --- filters, status, start-up ----------------------------------------------------------------

const statusLine = document.getElementById("status");

async function refreshMap() {
  statusLine.textContent = "loading…";
  try {
    const [events, flows] = await Promise.all([loadEvents(), loadFlows()]);
    const range = state.brush ? ` · ${state.brush.start} – ${state.brush.end}` : "";
    statusLine.textContent = `${events.total} events, ${events.mapped} on the map · ` +
      `${flows.flows.length} flows (${flows.unlocated} movements without both ends)${range}`;
  } catch (error) {
    statusLine.textContent = error.message;
  }
}

async function refreshAll() {
  await Promise.all([refreshMap(), loadTimeline().catch((error) => {
    statusLine.textContent = error.message;
  })]);
}

function readFilters(form) {
  const values = Object.fromEntries(new FormData(form).entries());
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
}

async function setUpFilters() {
  const form = document.getElementById("filters");
  const { types } = await api("/types");
  const families = [...new Set(types.map((t) => t.family))];
  for (const family of families) form.family.append(el("option", { value: family }, family));
  for (const type of types) form.type.append(el("option", { value: type.code }, type.code));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = readFilters(form);
    state.brush = null;
    refreshAll();
  });
  form.addEventListener("reset", () => {
    state.filters = {};
    state.brush = null;
    setTimeout(refreshAll, 0);
  });
  const legend = document.getElementById("legend");
  for (const family of families) {
    const item = el("span", {}, family);
    item.style.setProperty("--c", colour(family));
    legend.append(item);
  }
}

function setUpToken() {
  const form = document.getElementById("token-form");
  form.token.value = token();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (form.token.value) sessionStorage.setItem(TOKEN_KEY, form.token.value);
    else sessionStorage.removeItem(TOKEN_KEY);
  });
}

async function start() {
  setUpToken();
  loadBaseMap().catch((error) => { statusLine.textContent = `base map: ${error.message}`; });
  await setUpFilters().catch((error) => { statusLine.textContent = error.message; });
  await refreshAll();
  const bounds = clusters.getBounds();
  const flowBounds = flowLayer.getBounds();
  if (flowBounds.isValid()) bounds.extend(flowBounds);
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.15), { maxZoom: 7 });
  document.body.dataset.ready = "true";
}

window.addEventListener("resize", () => loadTimeline().catch(() => {}));
start();
