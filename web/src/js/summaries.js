// Summaries of the current view: events and deaths per month (a chart) and per admin1 (a
// table), from the same rows as the map and the table; recalled history (background events,
// "in 1982") is left out of both, as it is of the timeline.
import { el, svg } from "./dom.js";

const TOP_ADMIN1 = 12;

export function monthly(rows) {
  const months = new Map();
  for (const row of rows) {
    if (row.recalled || !row.date_start) continue;
    const month = row.date_start.slice(0, 7);
    const entry = months.get(month) || { month, events: 0, deaths: 0 };
    entry.events += 1;
    entry.deaths += Number(row.deaths) || 0;
    months.set(month, entry);
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

export function byAdmin1(rows) {
  const regions = new Map();
  for (const row of rows) {
    if (row.recalled) continue;
    const name = row.admin1 || "(unknown)";
    const key = `${name}|${row.country_code || ""}`;
    const entry = regions.get(key) || { admin1: name, country: row.country_code, events: 0, deaths: 0 };
    entry.events += 1;
    entry.deaths += Number(row.deaths) || 0;
    regions.set(key, entry);
  }
  return [...regions.values()].sort((a, b) => b.events - a.events || b.deaths - a.deaths);
}

function monthChart(months) {
  const width = 440, height = 120, axis = 14, gap = 1;
  const chart = svg("svg", {
    class: "month-chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `events and deaths per month, ${months.length} months`,
  });
  if (!months.length) {
    chart.append(svg("text", { x: 8, y: height / 2 }, "no dated events"));
    return chart;
  }
  const step = width / months.length;
  const peakEvents = Math.max(...months.map((m) => m.events));
  const peakDeaths = Math.max(1, ...months.map((m) => m.deaths));
  const plot = height - axis - 4;
  months.forEach((m, i) => {
    const h = (m.events / peakEvents) * plot;
    const bar = svg("rect", { class: "events-bar", x: i * step, y: height - axis - h,
      width: Math.max(1, step - gap), height: h });
    bar.append(svg("title", {}, `${m.month}: ${m.events} events, ${m.deaths} deaths`));
    chart.append(bar);
  });
  const line = months.map((m, i) =>
    `${i ? "L" : "M"} ${(i + 0.5) * step} ${height - axis - (m.deaths / peakDeaths) * plot}`);
  chart.append(svg("path", { class: "deaths-line", d: line.join(" ") }));
  chart.append(svg("text", { x: 0, y: height - 2 }, months[0].month));
  chart.append(svg("text", { x: width, y: height - 2, "text-anchor": "end" },
    months[months.length - 1].month));
  return chart;
}

function admin1Table(regions) {
  const peak = Math.max(1, ...regions.map((r) => r.events));
  const body = el("tbody", {}, regions.slice(0, TOP_ADMIN1).map((region) => {
    const bar = el("span", { class: "bar", "aria-hidden": "true" });
    bar.style.width = `${(region.events / peak) * 100}%`;
    return el("tr", {},
      el("th", { scope: "row" }, region.country ? `${region.admin1} (${region.country})` : region.admin1),
      el("td", { class: "num" }, region.events, bar), el("td", { class: "num" }, region.deaths));
  }));
  return el("table", { class: "admin1-table" },
    el("caption", {}, `Events and deaths by admin1 (top ${Math.min(TOP_ADMIN1, regions.length)} of ${regions.length})`),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Admin1"),
      el("th", { scope: "col", class: "num" }, "Events"), el("th", { scope: "col", class: "num" }, "Deaths"))),
    body);
}

export function drawSummaries(node, rows) {
  const months = monthly(rows);
  const totals = months.reduce((sum, m) => ({ events: sum.events + m.events, deaths: sum.deaths + m.deaths }),
    { events: 0, deaths: 0 });
  const recalled = rows.filter((row) => row.recalled).length;
  node.replaceChildren(
    el("h2", {}, "Summary"),
    el("p", { class: "summary-totals" },
      `${totals.events} dated events, ${totals.deaths} deaths reported`,
      recalled ? ` (${recalled} recalled from the past left out)` : "",
      el("span", { class: "key events" }, "events"), el("span", { class: "key deaths" }, "deaths")),
    monthChart(months), admin1Table(byAdmin1(rows)));
}
