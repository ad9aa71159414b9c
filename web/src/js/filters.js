// The filter form, the place search box, the token and the export buttons.
import { api, download, queryString, setToken, token } from "./api.js";
import { el } from "./dom.js";
import { FILTER_KEYS } from "./state.js";

export const EXPORTS = [
  ["acled-csv", "ACLED CSV", "csv"], ["geojson", "GeoJSON", "geojson"], ["parquet", "Parquet", "parquet"],
];

// The first thing wrong with a set of filters, said as the analyst would fix it; else null.
export function filterProblem(filters) {
  if (filters.start && filters.end && filters.start > filters.end) {
    return `“From” (${filters.start}) is after “To” (${filters.end}): no event can match; ` +
      "change one of the dates";
  }
  const confidence = filters.min_confidence;
  if (confidence !== undefined && confidence !== "" && !(Number(confidence) >= 0 && Number(confidence) <= 1)) {
    return "Min conf. is a number from 0 to 1";
  }
  if (filters.country && !/^[A-Za-z]{2}$/.test(filters.country)) {
    return "Country is a two-letter ISO code, e.g. SY";
  }
  return null;
}

export function readFilters(form) {
  const values = Object.fromEntries(new FormData(form).entries());
  return Object.fromEntries(Object.entries(values)
    .filter(([key, value]) => FILTER_KEYS.includes(key) && value !== ""));
}

export function writeFilters(form, filters) {
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (input) input.value = filters[key] || (key === "level" ? "fused" : "");
  }
}

export async function setUpFilters(form, { onApply, onReset }) {
  const { types } = await api("/types");
  const families = [...new Set(types.map((t) => t.family))];
  for (const family of families) form.family.append(el("option", { value: family }, family));
  for (const type of types) form.type.append(el("option", { value: type.code }, type.code));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onApply(readFilters(form));
  });
  form.addEventListener("reset", () => setTimeout(onReset, 0));
  return { types, families };
}

// Place search: gazetteer names and alternate names; the first place found is flown to and
// every one is listed to pick from.
export function setUpPlaceSearch(form, results, { onPlace, onMessage }) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = form.place.value.trim();
    results.replaceChildren();
    if (!q) return;
    let places;
    try {
      ({ places } = await api(`/places?${queryString({ q, limit: 8 })}`));
    } catch (error) {
      onMessage(error.message);
      return;
    }
    if (!places.length) { onMessage(`no place called “${q}” in the gazetteer`); return; }
    for (const place of places) {
      const label = [place.name, place.admin1, place.country_code].filter(Boolean).join(", ");
      results.append(el("li", {}, el("button", {
        type: "button", class: "link", onclick: () => { onPlace(place); results.replaceChildren(); },
      }, `${label} (${place.kind})`)));
    }
    onPlace(places[0]);
  });
}

export function setUpToken(form) {
  form.token.value = token();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setToken(form.token.value);
  });
}

// Export buttons: the current filters through GET /export, saved as a file.
export function setUpExports(node, { currentQuery, onMessage }) {
  for (const [format, label, suffix] of EXPORTS) {
    node.append(el("button", {
      type: "button", dataset: { format },
      onclick: async (event) => {
        const button = event.currentTarget;
        const started = performance.now();
        button.disabled = true;
        onMessage(`exporting ${label}…`);
        try {
          const { blob, written } = await download(`/export?${queryString({ ...currentQuery(), format })}`);
          const link = el("a", { href: URL.createObjectURL(blob), download: `eventatlas-events.${suffix}` });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 10000);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          button.dataset.exportedBytes = String(blob.size);
          button.dataset.exportedMs = String(Math.round(performance.now() - started));
          onMessage(`${label}: ${written} rows written in ${seconds} s`);
        } catch (error) {
          onMessage(`${label}: ${error.message}`);
        } finally {
          button.disabled = false;
        }
      },
    }, label));
  }
}
