// The timeline: events per week stacked by type family, for the dated events that are news
// (recalled history, "in 1982", would stretch it over decades). Dragging over it selects a
// date range, which goes into the From/To inputs and filters the view.
import { addDays, colour, svg, weekOf } from "./dom.js";

const WEEK_MS = 604800000;

export function weeklyCounts(rows) {
  const weeks = new Map();
  for (const row of rows) {
    if (row.recalled || !row.date_start) continue;
    const period = weekOf(row.date_start);
    const week = weeks.get(period) || { period, total: 0, families: {} };
    week.total += 1;
    week.families[row.family] = (week.families[row.family] || 0) + 1;
    weeks.set(period, week);
  }
  return [...weeks.values()].sort((x, y) => (x.period < y.period ? -1 : 1));
}

export function drawTimeline(chart, rows, { range, onBrush }) {
  chart.replaceChildren(svg("title", {}, "events per week; drag to select dates"));
  const weeks = weeklyCounts(rows);
  const width = chart.clientWidth || 800, height = chart.clientHeight || 90, axis = 14;
  if (!weeks.length) {
    chart.append(svg("text", { x: 8, y: height / 2 }, "no dated events"));
    return;
  }
  const first = weeks[0].period, last = weeks[weeks.length - 1].period;
  const span = Math.max(1, (Date.parse(last) - Date.parse(first)) / WEEK_MS + 1);
  const step = width / span;
  const peak = Math.max(...weeks.map((week) => week.total));
  const xOf = (iso) => ((Date.parse(iso) - Date.parse(first)) / WEEK_MS) * step;
  for (const week of weeks) {
    let y = height - axis;
    for (const [family, count] of Object.entries(week.families)) {
      const h = (count / peak) * (height - axis - 4);
      y -= h;
      const bar = svg("rect", {
        class: "bar", x: xOf(week.period), y, width: Math.max(1, step - 1), height: h,
        fill: colour(family),
      });
      bar.append(svg("title", {}, `week of ${week.period}: ${count} ${family}`));
      chart.append(bar);
    }
  }
  for (const [iso, anchor, x] of [[first, "start", 0], [last, "end", width]]) {
    chart.append(svg("text", { x, y: height - 2, "text-anchor": anchor }, iso));
  }
  const brush = svg("rect", { class: "brush", y: 0, height: height - axis, x: 0, width: 0 });
  chart.append(brush);
  const dateAt = (x) => addDays(first, Math.floor(Math.max(0, Math.min(width - 1, x)) / step) * 7);
  if (range.start || range.end) {
    const x0 = range.start ? Math.max(0, xOf(weekOf(range.start))) : 0;
    const x1 = range.end ? Math.min(width, xOf(weekOf(range.end)) + step) : width;
    brush.setAttribute("x", x0);
    brush.setAttribute("width", Math.max(0, x1 - x0));
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
    if (hi - lo < 3) onBrush(null, null);
    else onBrush(dateAt(lo), addDays(dateAt(hi), 6));
  };
}
