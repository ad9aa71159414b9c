// The timeline: events per week stacked by type family, for the dated events that are news
// (recalled history, "in 1982", would stretch it over decades). Dragging over it selects a
// date range, which goes into the From/To inputs and filters the view. From the keyboard it is
// a slider over weeks: arrows move the selected weeks, Shift+arrows move its end only, Page
// Up/Down move four weeks, Home/End go to the ends, Enter filters to it, Escape clears it.
import { addDays, colour, svg, weekOf } from "./dom.js";

const WEEK_MS = 604800000;
const PAGE_WEEKS = 4;

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
    chart.onkeydown = null;
    setSlider(chart, 0, 0, 0, "no dated events");
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
  const spanWeeks = Math.round(span);
  const indexOf = (iso) => Math.max(0, Math.min(spanWeeks - 1,
    Math.round((Date.parse(weekOf(iso)) - Date.parse(first)) / WEEK_MS)));
  // The selected weeks, as indexes from the first: the filter's range, else the last week.
  const picked = {
    lo: range.start ? indexOf(range.start) : range.end ? 0 : spanWeeks - 1,
    hi: range.end ? indexOf(range.end) : spanWeeks - 1,
  };
  const showPicked = () => {
    brush.setAttribute("x", picked.lo * step);
    brush.setAttribute("width", (picked.hi - picked.lo + 1) * step);
    setSlider(chart, picked.lo, spanWeeks - 1, picked.hi,
      `${addDays(first, picked.lo * 7)} to ${addDays(first, picked.hi * 7 + 6)}`);
  };
  if (range.start || range.end) showPicked();
  else setSlider(chart, 0, spanWeeks - 1, spanWeeks - 1, `every date, ${first} to ${addDays(last, 6)}`);
  chart.onfocus = () => { if (!range.start && !range.end) showPicked(); };
  chart.onkeydown = (event) => {
    if (event.key === "Enter") {
      onBrush(addDays(first, picked.lo * 7), addDays(first, picked.hi * 7 + 6));
    } else if (event.key === "Escape") {
      onBrush(null, null);
    } else if (!movePicked(picked, event, spanWeeks)) {
      return;
    }
    event.preventDefault();
    showPicked();
  };
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

// Move the keyboard's selection for a key; false for a key the timeline does not use.
function movePicked(picked, event, spanWeeks) {
  const steps = { ArrowLeft: -1, ArrowRight: 1, PageUp: -PAGE_WEEKS, PageDown: PAGE_WEEKS };
  const last = spanWeeks - 1;
  const clamp = (value) => Math.max(0, Math.min(last, value));
  if (event.key === "Home" || event.key === "End") {
    const width = picked.hi - picked.lo;
    picked.lo = event.key === "Home" ? 0 : last - width;
    picked.hi = picked.lo + width;
    return true;
  }
  const by = steps[event.key];
  if (by === undefined) return false;
  if (event.shiftKey) {
    picked.hi = Math.max(picked.lo, clamp(picked.hi + by));
  } else {
    const width = picked.hi - picked.lo;
    picked.lo = Math.max(0, Math.min(last - width, picked.lo + by));
    picked.hi = picked.lo + width;
  }
  return true;
}

function setSlider(chart, now, max, end, text) {
  chart.setAttribute("aria-valuemin", "0");
  chart.setAttribute("aria-valuemax", String(max));
  chart.setAttribute("aria-valuenow", String(Math.min(now, end)));
  chart.setAttribute("aria-valuetext", text);
}
