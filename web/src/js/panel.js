// The detail panel: an event with its evidence (the trigger marked), its fields, the review
// form and history; a document's clean text with its events and entities; a flow's events.
import { api } from "./api.js";
import { colour, el, plural, safeUrl } from "./dom.js";
import { flowTitle } from "./flows.js";
import { historySection, reviewSection } from "./review.js";

function placeText(place) {
  if (!place) return null;
  const where = [place.name, place.admin1, place.country_code].filter(Boolean).join(", ");
  return `${where} (${place.precision}; “${place.text}”)`;
}

export function dateText(date) {
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

export class Panel {
  constructor(node, { onSelect, onSaved, types, rowFor }) {
    this.node = node;
    this.onSelect = onSelect;
    this.onSaved = onSaved;
    this.types = types;
    this.rowFor = rowFor;
    this.current = null;
  }

  show(...children) {
    this.node.replaceChildren(...children);
    this.node.scrollTop = 0;
  }

  error(message) { this.show(el("p", { class: "message error", role: "alert" }, message)); }

  sourceBlock(source, event) {
    const block = el("div", { class: "source", dataset: { documentId: source.document_id } });
    const url = source.url ? safeUrl(source.url) : null;
    block.append(el("div", {}, el("strong", {}, source.title || source.document_id || "report"),
      " ", source.document_id ? el("button", {
        type: "button", class: "link doc-link",
        onclick: () => this.openDocument(source.document_id, source.event_id),
      }, "read the document") : null));
    const meta = [source.outlet, source.published].filter(Boolean).join(" · ");
    if (meta) block.append(el("div", { class: "meta" }, meta));
    if (url) {
      block.append(el("div", { class: "meta" },
        el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, url)));
    }
    for (const span of source.evidence || []) block.append(evidenceQuote(span, event.trigger));
    return block;
  }

  // `focus`: move the keyboard's focus to the event's heading (when what was used to open it
  // is gone, or is one of many map items a Tab would otherwise walk through).
  async openEvent(eventId, { focus = false } = {}) {
    this.show(el("p", { class: "hint" }, "loading…"));
    let event;
    try {
      event = await api(`/events/${encodeURIComponent(eventId)}`);
    } catch (error) {
      this.error(error.message);
      return null;
    }
    this.current = event;
    const heading = el("h2", { tabindex: "-1" }, event.type);
    heading.style.borderLeft = `6px solid ${colour(event.family)}`;
    heading.style.paddingLeft = "6px";
    const evidence = el("section", { id: "evidence", "aria-label": "evidence" },
      el("h3", {}, "Evidence"));
    const sources = event.sources && event.sources.length ? event.sources
      : [{ document_id: null, evidence: event.evidence }];
    for (const source of sources) evidence.append(this.sourceBlock(source, event));
    const history = el("section", { class: "history", "aria-label": "review history" });
    // The words first: a reader trusts a point when they can read what supports it.
    this.show(heading, evidence, fieldList(event), reviewSection(event, {
      types: this.types, onSaved: (id) => this.saved(id),
    }), history);
    historySection(event.id, history);
    if (focus) heading.focus();
    return event;
  }

  async saved(eventId) {
    await this.openEvent(eventId);
    this.onSaved(eventId);
  }

  // A flow badge's events: one line each, opening the event.
  openFlow(flow) {
    if (flow.event_ids.length === 1) { this.onSelect(flow.event_ids[0]); return; }
    const list = el("ul", { class: "event-list" });
    for (const id of flow.event_ids) {
      const row = this.rowFor(id);
      const label = row ? `${row.date_start || "undated"} · ${row.type}` : id;
      list.append(el("li", {}, el("button", {
        type: "button", class: "link", dataset: { eventId: id }, onclick: () => this.onSelect(id),
      }, label)));
    }
    const heading = el("h2", { tabindex: "-1" }, flowTitle(flow));
    this.show(heading, el("p", { class: "hint" }, `${plural(flow.count, "event")}: open one`), list);
    heading.focus();
  }

  async openDocument(documentId, eventId) {
    if (!documentId) return;
    this.show(el("p", { class: "hint" }, "loading…"));
    let doc;
    try {
      doc = await api(`/documents/${encodeURIComponent(documentId)}`);
    } catch (error) {
      this.error(error.message);
      return;
    }
    const back = this.current;
    const header = el("div", {},
      back ? el("button", { type: "button", class: "link doc-link",
        onclick: () => this.onSelect(back.id) }, "← back to the event") : null,
      el("h2", { tabindex: "-1" }, doc.title || doc.id),
      el("div", { class: "meta" }, [doc.outlet, doc.byline, doc.published].filter(Boolean).join(" · ")),
      el("p", { class: "hint" },
        `${doc.events.length} events (highlighted; click one), ${doc.mentions.length} entities (underlined)`));
    this.show(header, this.highlightedText(doc.text, doc.mentions, doc.events, eventId));
    // The button that opened the document is gone: the keyboard goes on from its title.
    this.node.querySelector("h2").focus({ preventScroll: true });
    const current = this.node.querySelector(".ev-span.current");
    if (current) current.scrollIntoView({ block: "center" });
  }

  // Offsets are Python code points: index an array of code points, not the UTF-16 string.
  highlightedText(text, mentions, events, currentEventId) {
    const chars = Array.from(text);
    const spans = mentions.map((m) => ({ start: m.start, end: m.end, kind: "ent", label: m.label }));
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
      const evs = covering.filter((s) => s.kind === "ev");
      if (evs.length) {
        const current = evs.some((s) => s.eventId === currentEventId);
        node = el("span", {
          class: `ev-span${current ? " current" : ""}`, role: "button", tabindex: "0",
          title: evs.map((s) => s.type).join(", "), dataset: { eventId: evs[0].eventId },
          onclick: () => this.onSelect(evs[0].eventId),
          onkeydown: (e) => { if (e.key === "Enter") this.onSelect(evs[0].eventId); },
        }, node);
      }
      body.append(node);
    }
    return body;
  }
}
