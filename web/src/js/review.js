// Review: confirm, reject, correct type/place/date/deaths/actors with a message under each
// field that is wrong, a reviewer name, and the event's history from GET /reviews.
import { api, postJSON } from "./api.js";
import { el } from "./dom.js";

const REVIEWER_KEY = "eventatlas.reviewer";
const ROLES = ["actor", "target", "affected", "source"];
const PRECISION_OF_KIND = { country: "country", admin1: "admin1", admin2: "admin2" };
let fieldCounter = 0;

function field(label, input, hint = null) {
  fieldCounter += 1;
  const id = `review-${fieldCounter}`;
  input.id = id;
  const error = el("div", { class: "field-error", id: `${id}-error`, "aria-live": "polite" });
  input.setAttribute("aria-describedby", `${id}-error`);
  const wrapper = el("div", { class: "form-field" }, el("label", { for: id }, label), input,
    hint ? el("div", { class: "hint" }, hint) : null, error);
  return { wrapper, input, error };
}

function setError(item, message) {
  item.error.textContent = message || "";
  if (message) item.input.setAttribute("aria-invalid", "true");
  else item.input.removeAttribute("aria-invalid");
}

function actorsText(actors) {
  return (actors || []).map((actor) => `${actor.role}: ${actor.name}`).join("\n");
}

// "role: name" per line; returns [actors, error].
export function parseActors(text) {
  const actors = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const match = line.match(/^\s*([a-z]+)\s*:\s*(.+?)\s*$/i);
    if (!match || !ROLES.includes(match[1].toLowerCase())) {
      return [null, `line ${index + 1}: write "role: name", role one of ${ROLES.join(", ")}`];
    }
    actors.push({ role: match[1].toLowerCase(), name: match[2] });
  }
  return [actors, null];
}

function placeField(event) {
  const item = field("Place", el("input", { type: "search", value: event.location?.name || "" }),
    "type a name and press Find, then pick one");
  const results = el("div", { class: "place-choices", role: "group", "aria-label": "places found" });
  item.chosen = null;
  const find = el("button", { type: "button", onclick: async () => {
    results.replaceChildren();
    const { places } = await api(`/places?${new URLSearchParams({ q: item.input.value, limit: 6 })}`)
      .catch((error) => { setError(item, error.message); return { places: [] }; });
    if (!places.length) setError(item, `no place called “${item.input.value}” in the gazetteer`);
    for (const place of places) {
      const label = [place.name, place.admin1, place.country_code].filter(Boolean).join(", ");
      results.append(el("button", { type: "button", class: "choice", onclick: (e) => {
        item.chosen = place;
        item.input.value = place.name;
        for (const b of results.children) b.setAttribute("aria-pressed", "false");
        e.currentTarget.setAttribute("aria-pressed", "true");
        setError(item, "");
      } }, `${label} (${place.kind})`));
    }
  } }, "Find");
  item.wrapper.insertBefore(el("span", {}, find), item.error);
  item.wrapper.insertBefore(results, item.error);
  return item;
}

// The corrections the form holds that differ from the event, or the first error found.
function corrections(event, form) {
  const changes = [];
  let ok = true;
  for (const item of Object.values(form)) setError(item, "");
  if (form.type.input.value !== event.type) changes.push(["type", form.type.input.value]);
  const placeName = form.place.input.value.trim();
  if (placeName !== (event.location?.name || "")) {
    const place = form.place.chosen;
    if (!place || place.name !== placeName) {
      setError(form.place, "press Find and pick the place from the list"); ok = false;
    } else {
      changes.push(["location", { name: place.name, lat: place.lat, lon: place.lon,
        admin1: place.admin1, country_code: place.country_code, geonameid: place.geonameid,
        precision: PRECISION_OF_KIND[place.kind] || "town" }]);
    }
  }
  const start = form.start.input.value, end = form.end.input.value || start;
  if (start !== (event.date?.start || "") || end !== (event.date?.end || start)) {
    if (!start) { setError(form.start, "give the first day (YYYY-MM-DD)"); ok = false; }
    else if (end < start) { setError(form.end, "the last day is before the first"); ok = false; }
    else changes.push(["date", { start, end, precision: "day" }]);
  }
  const deaths = form.deaths.input.value.trim();
  const before = event.fatalities?.best ?? "";
  if (deaths !== String(before)) {
    if (deaths === "") changes.push(["fatalities", null]);
    else if (!/^\d+$/.test(deaths)) { setError(form.deaths, "a whole number, 0 or more"); ok = false; }
    else changes.push(["fatalities", { low: null, best: Number(deaths), high: null }]);
  }
  if (form.actors.input.value.trim() !== actorsText(event.actors).trim()) {
    const [actors, error] = parseActors(form.actors.input.value);
    if (error) { setError(form.actors, error); ok = false; } else changes.push(["actors", actors]);
  }
  return ok ? changes : null;
}

export function reviewSection(event, { types, onSaved }) {
  const message = el("div", { class: "message", role: "status" });
  const reviewer = field("Reviewer", el("input", {
    type: "text", autocomplete: "name", value: localStorage.getItem(REVIEWER_KEY) || "",
  }));
  const note = field("Note", el("input", { type: "text" }));
  const typeSelect = el("select", {}, types.map((t) => el("option", { value: t.code }, t.code)));
  typeSelect.value = event.type;
  const form = {
    type: field("Type", typeSelect),
    place: placeField(event),
    start: field("From", el("input", { type: "date", value: event.date?.start || "" })),
    end: field("To", el("input", { type: "date", value: event.date?.end || "" })),
    deaths: field("Deaths", el("input", {
      type: "text", inputmode: "numeric", value: event.fatalities?.best ?? "" })),
    actors: field("Actors", el("textarea", { rows: 3 }, actorsText(event.actors)),
      "one per line: role: name (roles: actor, target, affected, source)"),
  };

  async function send(bodies) {
    const who = reviewer.input.value.trim();
    if (who) localStorage.setItem(REVIEWER_KEY, who);
    message.className = "message";
    message.textContent = "saving…";
    let id = event.id;
    try {
      for (const body of bodies) {
        const updated = await postJSON(`/events/${encodeURIComponent(id)}/review`,
          { ...body, reviewer: who || null, note: note.input.value || null });
        id = updated.id || id;
      }
      await onSaved(id);
    } catch (error) {
      message.className = "message error";
      message.setAttribute("role", "alert");
      message.textContent = /^40[13]/.test(error.message)
        ? `${error.message} (enter the token under Tools)` : error.message;
    }
  }

  function correct(submit) {
    submit.preventDefault();
    const changes = corrections(event, form);
    if (changes === null) { message.className = "message error"; message.textContent = "fix the fields marked above"; return; }
    if (!changes.length) { message.className = "message"; message.textContent = "nothing changed"; return; }
    send(changes.map(([name, value]) => ({ action: "correct", field: name, value })));
  }

  const buttons = el("div", { class: "review" },
    el("button", { type: "button", onclick: () => send([{ action: "confirm" }]) }, "Confirm"),
    el("button", { type: "button", onclick: () => send([{ action: "reject" }]) }, "Reject"));
  if (event.level === "fused") {
    const reports = (event.sources || []).map((source) => source.event_ids || [source.event_id])
      .map((ids) => ids.filter(Boolean)).filter((ids) => ids.length);
    const other = el("input", { type: "text", "aria-label": "id of the event to merge in", placeholder: "fe-…" });
    buttons.append(other, el("button", { type: "button",
      onclick: () => send([{ action: "merge", other_id: other.value }]) }, "Merge"));
    if (reports.length > 1) {
      buttons.append(el("button", { type: "button", title: "move the last report out into its own event",
        onclick: () => send([{ action: "split", event_ids: reports[reports.length - 1] }]) },
      "Split off last report"));
    }
  }
  const correction = el("form", { class: "correction", "aria-label": "correct this event", novalidate: true,
    onsubmit: correct }, Object.values(form).map((item) => item.wrapper),
  el("button", { type: "submit" }, "Save corrections"));
  return el("section", { class: "review-box", "aria-label": "review" }, el("h3", {}, "Review"),
    reviewer.wrapper, note.wrapper, message, buttons, el("h3", {}, "Correct"), correction);
}

function valueText(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(valueText).join("; ");
  if (value.role && value.name) return `${value.role}: ${value.name}`;
  if (value.name) return value.name;
  if (value.start) return value.start === value.end || !value.end ? value.start : `${value.start} – ${value.end}`;
  if ("best" in value) return String(value.best ?? "?");
  return JSON.stringify(value);
}

// The event's audit log, newest last, with the previous and new value where the store has them.
export async function historySection(eventId, node) {
  node.replaceChildren(el("h3", {}, "History"), el("p", { class: "hint" }, "loading…"));
  let reviews;
  try {
    ({ reviews } = await api(`/reviews?${new URLSearchParams({ event_id: eventId })}`));
  } catch (error) {
    node.replaceChildren(el("h3", {}, "History"), el("p", { class: "message error" }, error.message));
    return;
  }
  const list = el("ol", { class: "history-list" });
  for (const review of reviews) {
    const what = [review.action, review.field].filter(Boolean).join(" ");
    const change = "previous" in review || review.field
      ? ` ${valueText(review.previous)} → ${valueText(review.value)}` : "";
    const who = [review.reviewer, (review.created_at || "").slice(0, 16).replace("T", " ")]
      .filter(Boolean).join(", ");
    list.append(el("li", {}, el("strong", {}, what), change, who ? ` (${who})` : "",
      review.note ? ` — ${review.note}` : ""));
  }
  node.replaceChildren(el("h3", {}, "History"),
    reviews.length ? list : el("p", { class: "hint" }, "not reviewed yet"));
}
