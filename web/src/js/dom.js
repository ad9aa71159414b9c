// Small DOM helpers. Every piece of text that comes from an article or the store is put into
// the page as a text node (textContent), never as HTML. Leaflet treats a string given as
// tooltip, popup or divIcon content as HTML, so those always get an element built here.

export const FAMILY_COLOURS = {
  battle: "#c0392b", remote: "#e67e22", civilians: "#8e44ad", protest: "#27ae60",
  riot: "#d35400", strategic: "#7f8c8d", movement: "#2980b9", recruitment: "#16a085",
  statement: "#95a5a6",
};
// A cluster whose events have no type family in the majority: the legend's "mixed".
export const NEUTRAL = "#4a5563";

export function colour(family) { return FAMILY_COLOURS[family] || NEUTRAL; }

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch { return null; }
}

export function addDays(iso, days) {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

// Monday of the week of an ISO date (the timeline's bucket, as DuckDB's date_trunc('week')).
export function weekOf(iso) {
  const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

export function plural(count, word) { return `${count} ${word}${count === 1 ? "" : "s"}`; }
