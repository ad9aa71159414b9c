// EventAtlas web UI: wires the map, the table, the filters, the timeline, the summaries and
// the detail panel to one state (kept in the URL) and one set of rows from the API.
import { api, queryString } from "./api.js";
import { colour, el, FAMILY_COLOURS, NEUTRAL } from "./dom.js";
import { filterProblem, readFilters, setUpExports, setUpFilters, setUpPlaceSearch, setUpToken,
  writeFilters } from "./filters.js";
import { drawFlows } from "./flows.js";
import { EventMap } from "./map.js";
import { Panel } from "./panel.js";
import { readURL, state, writeURL } from "./state.js";
import { drawSummaries } from "./summaries.js";
import { EventTable } from "./table.js";
import { drawTimeline } from "./timeline.js";

const MAX_ROWS = 20000;  // the API's largest page of rows
const form = document.getElementById("filters");
const statusLine = document.getElementById("status");
const chart = document.getElementById("timeline");
const summaryNode = document.getElementById("summaries");

let rows = [];
let rowsById = new Map();
let timelineRows = [];
let panel = null;

const eventMap = new EventMap("map", {
  onSelect: (id) => select(id, { fly: false }),
  onView: (view) => { state.view = view; writeURL(); },
});
const table = new EventTable(document.getElementById("table-body"), {
  state, onSelect: (id) => select(id), onChange: writeURL,
});

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", isError);
  statusLine.setAttribute("role", isError ? "alert" : "status");
}

async function select(eventId, { fly = true } = {}) {
  state.selected = eventId;
  writeURL();
  table.reveal(eventId);
  if (fly) eventMap.flyTo(eventId);
  // Opened from the map or the panel, the keyboard goes on in the event; from the table, it
  // stays on the row, so the arrow keys keep browsing.
  const from = document.activeElement;
  const focus = Boolean(from && from.closest && from.closest("#map, #panel"));
  await panel.openEvent(eventId, { focus });
}

function fetchRows(filters) {
  return api(`/events?${queryString({ ...filters, format: "rows", limit: MAX_ROWS })}`);
}

function interpretedText(interpreted) {
  return Object.entries(interpreted || {}).map(([name, { typed, meaning }]) =>
    ` · ${name} “${typed}” read as ${meaning}`).join("");
}

function showRows(page, flows) {
  rows = page.rows;
  rowsById = new Map(rows.map((row) => [row.id, row]));
  const mapped = eventMap.show(rows);
  drawFlows(eventMap.map, eventMap.flowLayer, flows.flows, (flow) => panel.openFlow(flow));
  table.render(rows);
  drawSummaries(summaryNode, rows);
  const { start, end } = state.filters;
  const range = start || end ? ` · ${start || "…"} – ${end || "…"}` : "";
  setStatus(`${page.total} events, ${mapped} on the map · ${flows.flows.length} flows ` +
    `(${flows.unlocated} movements without both ends)${range}${interpretedText(page.interpreted)}`);
}

// Nothing is shown for filters no event can match, and the status says why.
function showNothing(reason) {
  rows = [];
  rowsById = new Map();
  eventMap.clear();
  table.render([]);
  drawSummaries(summaryNode, []);
  setStatus(reason, true);
}

function redrawTimeline() {
  drawTimeline(chart, timelineRows, {
    range: { start: state.filters.start, end: state.filters.end },
    onBrush: (start, end) => {
      form.start.value = start || "";
      form.end.value = end || "";
      apply(readFilters(form));
    },
  });
}

async function refresh({ fit = false } = {}) {
  writeURL();
  const problem = filterProblem(state.filters);
  if (problem) { showNothing(problem); return; }
  setStatus("loading…");
  // The timeline spans every date of the other filters, so a range can be dragged again.
  const { start, end, ...dateless } = state.filters;
  try {
    const [page, flows, everyDate] = await Promise.all([
      fetchRows(state.filters), api(`/flows?${queryString(state.filters)}`),
      start || end ? fetchRows(dateless) : null]);
    showRows(page, flows);
    timelineRows = (everyDate || page).rows;
    redrawTimeline();
    if (fit) eventMap.fit(rows);
  } catch (error) {
    showNothing(error.message);
  }
}

function apply(filters) {
  const before = state.filters;
  state.filters = filters;
  state.page = 0;
  // A search for words or a region moves the map to what it found.
  const fit = (filters.q && filters.q !== before.q) || (filters.admin1 && filters.admin1 !== before.admin1)
    || (filters.actor && filters.actor !== before.actor);
  return refresh({ fit: Boolean(fit) });
}

function drawLegend(families) {
  const legend = document.getElementById("legend");
  const item = (name, fill) => {
    const entry = el("span", {}, name);
    entry.style.setProperty("--c", fill);
    return entry;
  };
  legend.replaceChildren(...families.filter((f) => FAMILY_COLOURS[f]).map((f) => item(f, colour(f))),
    item("mixed (no family has half)", NEUTRAL));
}

async function start() {
  readURL();
  // On a phone the filters fold away under their summary, so the map shows first.
  if (window.matchMedia("(max-width: 600px)").matches) document.getElementById("filter-box").open = false;
  const view = state.view;
  setUpToken(document.getElementById("token-form"));
  eventMap.loadBaseMap().catch((error) => setStatus(`base map: ${error.message}`, true));
  let types = [];
  try {
    const setUp = await setUpFilters(form, {
      onApply: apply,
      onReset: () => { writeFilters(form, {}); apply({}); },
    });
    types = setUp.types;
    drawLegend(setUp.families);
  } catch (error) {
    setStatus(error.message, true);
  }
  writeFilters(form, state.filters);
  panel = new Panel(document.getElementById("panel"), {
    onSelect: (id) => select(id), onSaved: () => refresh(), types, rowFor: (id) => rowsById.get(id),
  });
  setUpPlaceSearch(document.getElementById("place-form"), document.getElementById("place-results"), {
    onPlace: (place) => eventMap.flyToPlace(place), onMessage: (text) => setStatus(text),
  });
  setUpExports(document.getElementById("exports"), {
    currentQuery: () => state.filters, onMessage: (text) => setStatus(text),
  });
  await refresh();
  if (view) eventMap.setView(view);
  else eventMap.fit(rows, 7);
  if (state.selected) {
    table.reveal(state.selected);
    await panel.openEvent(state.selected);
  }
  document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
  eventMap.loadBaseMapDetails().catch((error) => setStatus(`base map: ${error.message}`, true));
}

// For tests and the console: open an event or a document by id.
window.eventAtlas = {
  openEvent: (id) => panel.openEvent(id),
  openDocument: (id, eventId) => panel.openDocument(id, eventId),
  flowLayer: () => eventMap.flowLayer,
  state,
};
window.addEventListener("resize", redrawTimeline);
start();
