// The events table beside the map: sortable columns, pages, and keyboard navigation (arrow
// keys move between rows, Enter or Space opens one, Page Up/Down turn pages).
import { colour, el } from "./dom.js";

export const PAGE_SIZE = 50;

const COLUMNS = [
  { key: "date", label: "Date", value: (row) => row.date_start || "" },
  { key: "type", label: "Type", value: (row) => row.type },
  { key: "place", label: "Place", value: (row) => row.place || "", sortable: false },
  { key: "deaths", label: "Deaths", value: (row) => row.deaths ?? -1, numeric: true },
  { key: "confidence", label: "Conf.", value: (row) => row.confidence ?? -1, numeric: true },
  { key: "sources", label: "Src.", value: (row) => row.sources ?? 0, numeric: true },
];

// "battle.government_regains_territory" may break after its dot and underscores only.
function typeParts(type) {
  return type.split(/(?<=[._])/).flatMap((part, i) => (i ? [el("wbr"), part] : [part]));
}

function compare(column, order) {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => {
    const x = column.value(a), y = column.value(b);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;  // a stable order for equal values
  };
}

export class EventTable {
  constructor(container, { state, onSelect, onChange }) {
    this.state = state;
    this.onSelect = onSelect;
    this.onChange = onChange;
    this.rows = [];
    this.sorted = [];
    this.caption = el("caption", { class: "visually-hidden" }, "Events matching the filters");
    this.head = el("thead");
    this.body = el("tbody");
    this.table = el("table", { id: "events-table" }, this.caption, this.head, this.body);
    this.body.addEventListener("keydown", (event) => this.onKey(event));
    this.pager = el("nav", { class: "pager", "aria-label": "table pages" });
    container.replaceChildren(el("div", { class: "table-scroll" }, this.table), this.pager);
  }

  render(rows) {
    this.rows = rows;
    this.sortRows();
    this.draw();
  }

  sortRows() {
    const column = COLUMNS.find((c) => c.key === this.state.sort) || COLUMNS[0];
    this.sorted = [...this.rows].sort(compare(column, this.state.order));
  }

  pages() { return Math.max(1, Math.ceil(this.sorted.length / PAGE_SIZE)); }

  draw(focusIndex = null) {
    this.state.page = Math.min(this.state.page, this.pages() - 1);
    this.drawHead();
    const first = this.state.page * PAGE_SIZE;
    const shown = this.sorted.slice(first, first + PAGE_SIZE);
    this.body.replaceChildren(...shown.map((row, index) => this.rowElement(row, index)));
    if (!shown.length) {
      this.body.append(el("tr", {}, el("td", { colspan: COLUMNS.length }, "No events match.")));
    }
    this.drawPager();
    if (focusIndex !== null && shown.length) {
      this.focusRow(Math.max(0, Math.min(shown.length - 1, focusIndex)));
    }
  }

  drawHead() {
    const cells = COLUMNS.map((column) => {
      const active = column.key === this.state.sort;
      const sort = active ? (this.state.order === "asc" ? "ascending" : "descending") : "none";
      if (column.sortable === false) return el("th", { scope: "col" }, column.label);
      const button = el("button", {
        type: "button", class: "sort", dataset: { sort: column.key },
        onclick: () => this.sortBy(column.key),
      }, column.label, active ? (this.state.order === "asc" ? " ▲" : " ▼") : "");
      return el("th", { scope: "col", "aria-sort": sort, class: column.numeric ? "num" : null },
        button);
    });
    this.head.replaceChildren(el("tr", {}, cells));
  }

  rowElement(row, index) {
    const selected = row.id === this.state.selected;
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = colour(row.family);
    const range = row.date_end && row.date_end !== row.date_start;
    const date = row.date_start ? `${row.date_start}${range ? "…" : ""}` : "undated";
    const tr = el("tr", {
      tabindex: selected || (index === 0 && !this.hasSelectedOnPage()) ? "0" : "-1",
      "aria-selected": selected ? "true" : "false", class: selected ? "selected" : null,
      dataset: { eventId: row.id, index: String(index) },
      onclick: () => this.select(row.id),
    },
    el("td", { class: "date", title: range ? `${row.date_start} – ${row.date_end}` : null }, date),
    el("td", { class: "type" }, swatch, ...typeParts(row.type)),
    el("td", { title: [row.place, row.admin1, row.country_code].filter(Boolean).join(", ") },
      row.place || "—"),
    el("td", { class: "num" }, row.deaths ?? "—"),
    el("td", { class: "num" }, row.confidence === null ? "—" : row.confidence.toFixed(2)),
    el("td", { class: "num" }, row.sources ?? "—"));
    return tr;
  }

  hasSelectedOnPage() {
    const first = this.state.page * PAGE_SIZE;
    return this.sorted.slice(first, first + PAGE_SIZE).some((r) => r.id === this.state.selected);
  }

  drawPager() {
    const last = this.pages() - 1;
    const page = this.state.page;
    const first = this.sorted.length ? page * PAGE_SIZE + 1 : 0;
    const to = Math.min(this.sorted.length, (page + 1) * PAGE_SIZE);
    this.pager.replaceChildren(
      el("button", { type: "button", disabled: page === 0, onclick: () => this.goTo(page - 1) },
        "‹ Previous"),
      el("span", { class: "range", "aria-live": "polite" },
        `${first}–${to} of ${this.sorted.length} · page ${page + 1} of ${last + 1}`),
      el("button", { type: "button", disabled: page >= last, onclick: () => this.goTo(page + 1) },
        "Next ›"));
  }

  sortBy(key) {
    if (this.state.sort === key) this.state.order = this.state.order === "asc" ? "desc" : "asc";
    else { this.state.sort = key; this.state.order = key === "type" ? "asc" : "desc"; }
    this.state.page = 0;
    this.sortRows();
    this.draw();
    this.onChange();
    const button = this.head.querySelector(`button[data-sort="${key}"]`);
    if (button) button.focus();
  }

  goTo(page, focusIndex = null) {
    this.state.page = Math.max(0, Math.min(this.pages() - 1, page));
    this.draw(focusIndex);
    this.onChange();
  }

  select(eventId) {
    this.state.selected = eventId;
    this.markSelected();
    this.onSelect(eventId);
  }

  // Show the page holding `eventId` and mark its row, without opening it again.
  reveal(eventId) {
    const index = this.sorted.findIndex((row) => row.id === eventId);
    if (index < 0) return;
    const page = Math.floor(index / PAGE_SIZE);
    if (page !== this.state.page) { this.state.page = page; this.draw(); this.onChange(); }
    this.markSelected();
  }

  markSelected() {
    for (const tr of this.body.querySelectorAll("tr[data-event-id]")) {
      const selected = tr.dataset.eventId === this.state.selected;
      tr.classList.toggle("selected", selected);
      tr.setAttribute("aria-selected", selected ? "true" : "false");
      if (selected) {
        for (const other of this.body.querySelectorAll("tr[tabindex='0']")) other.tabIndex = -1;
        tr.tabIndex = 0;
        tr.scrollIntoView({ block: "nearest" });
      }
    }
  }

  focusRow(index) {
    const rows = [...this.body.querySelectorAll("tr[data-event-id]")];
    if (!rows.length) return;
    for (const tr of rows) tr.tabIndex = -1;
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    target.tabIndex = 0;
    target.focus();
  }

  onKey(event) {
    const tr = event.target.closest("tr[data-event-id]");
    if (!tr) return;
    const index = Number(tr.dataset.index);
    const count = this.body.querySelectorAll("tr[data-event-id]").length;
    const moves = {
      ArrowDown: () => (index + 1 < count ? this.focusRow(index + 1)
        : this.state.page + 1 < this.pages() && this.goTo(this.state.page + 1, 0)),
      ArrowUp: () => (index > 0 ? this.focusRow(index - 1)
        : this.state.page > 0 && this.goTo(this.state.page - 1, PAGE_SIZE - 1)),
      Home: () => this.focusRow(0),
      End: () => this.focusRow(count - 1),
      PageDown: () => this.goTo(this.state.page + 1, 0),
      PageUp: () => this.goTo(this.state.page - 1, 0),
      Enter: () => this.select(tr.dataset.eventId),
      " ": () => this.select(tr.dataset.eventId),
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    moves[event.key]();
  }
}
