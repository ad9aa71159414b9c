// What the analyst is looking at, kept in the URL so that a link or a reload restores it:
// the filters, the selected event, the map view and the table's sort and page.
export const FILTER_KEYS = ["start", "end", "family", "type", "actor", "country", "admin1", "q",
  "modality", "min_confidence", "level"];

export const state = {
  filters: {}, selected: null, view: null, sort: "date", order: "desc", page: 0,
};

export function readURL() {
  const params = new URLSearchParams(window.location.search);
  state.filters = {};
  for (const key of FILTER_KEYS) {
    if (params.get(key)) state.filters[key] = params.get(key);
  }
  state.selected = params.get("event");
  const view = (params.get("map") || "").split(",").map(Number);
  state.view = view.length === 3 && view.every(Number.isFinite) ? view : null;
  state.sort = params.get("sort") || "date";
  state.order = params.get("order") === "asc" ? "asc" : "desc";
  state.page = Math.max(0, Number(params.get("page")) || 0);
}

export function writeURL() {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (state.filters[key]) params.set(key, state.filters[key]);
  }
  if (state.selected) params.set("event", state.selected);
  if (state.view) params.set("map", state.view.map((n, i) => (i < 2 ? n.toFixed(4) : n)).join(","));
  if (state.sort !== "date") params.set("sort", state.sort);
  if (state.order !== "desc") params.set("order", state.order);
  if (state.page) params.set("page", state.page);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history.replaceState(null, "", url);
  }
}
