// Partage on other websites: <partage-agenda> and <partage-directory> render the chapter's
// public JSON API in a shadow root (no framework, no cookie, nothing from a third party), and
// frames of /embed/* on the page are sized to their content. <partage-map> frames /embed/map:
// a map needs Leaflet and its tiles, which stay in our frame rather than in the host's page.
//
//   <script src="https://chapter.example/embed.js" defer></script>
//   <partage-agenda filter="category=repair&near=48.85,2.35&radius_km=10" limit="5"></partage-agenda>
//
// Styles follow the custom properties --partage-accent, --partage-ink, --partage-muted,
// --partage-line and --partage-font, set on the element or any of its ancestors.
"use strict";
(() => {
  const origin = new URL(document.currentScript.src).origin;

  // Frames of our widgets say how tall they are; size them so (no inner scrollbar).
  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.data?.partage !== "resize") return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(event.data.height) + 4}px`;
    }
  });

  const STYLE = `
    :host { display: block; font: var(--partage-font, inherit); color: var(--partage-ink, inherit); }
    h3 { font-size: 1em; margin: .9em 0 .3em; border-bottom: 1px solid var(--partage-line, #d5dedb); }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: .3em 0; }
    a { color: var(--partage-accent, #0b6157); }
    .when { font-weight: 700; color: var(--partage-accent, #0b6157); margin-right: .5em; }
    .place, .summary { color: var(--partage-muted, #4d5a56); font-size: .9em; }
    .more { margin-top: .6em; font-size: .9em; }`;

  const text = (tag, value, className) => {
    const element = document.createElement(tag);
    element.textContent = value ?? "";
    if (className) element.className = className;
    return element;
  };
  const link = (href, value) => {
    const a = text("a", value);
    a.href = href;
    a.target = "_top";
    return a;
  };
  const place = (l) => [l?.name, l?.locality].filter(Boolean).join(", ");
  // The component's own few words, in English or French.
  const words = (lang) => (lang.startsWith("fr")
    ? { all: "Tout voir", none: "Rien pour l’instant." }
    : { all: "See them all", none: "Nothing yet." });

  class PartageList extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = STYLE;
      root.append(style);
      this.render(root).catch(() => root.append(text("p", "—")));
    }

    async fetch(path) {
      const query = new URLSearchParams(this.getAttribute("filter") ?? "");
      query.set("per_page", String(Math.min(Math.max(Number(this.getAttribute("limit")) || 10, 1), 50)));
      const response = await fetch(`${origin}${path}?${query}`, { credentials: "omit", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${response.status}`);
      return { items: (await response.json()).items ?? [], query };
    }

    lang() {
      return this.getAttribute("lang") || document.documentElement.lang || navigator.language;
    }
  }

  class PartageAgenda extends PartageList {
    async render(root) {
      const { items, query } = await this.fetch("/api/v1/events");
      const lang = this.lang();
      let day = null;
      let list = null;
      for (const e of items) {
        const start = new Date(e.starts_at);
        const label = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeZone: e.timezone }).format(start);
        if (label !== day) {
          day = label;
          list = document.createElement("ul");
          root.append(text("h3", label), list);
        }
        const item = document.createElement("li");
        const time = new Intl.DateTimeFormat(lang, { timeStyle: "short", timeZone: e.timezone }).format(start);
        item.append(text("span", time, "when"), link(e.url, e.name));
        if (place(e.location)) item.append(document.createElement("br"), text("span", place(e.location), "place"));
        list.append(item);
      }
      if (!items.length) root.append(text("p", words(lang).none));
      const more = text("p", "", "more");
      query.delete("per_page");
      more.append(link(`${origin}/events?${query}`, words(lang).all));
      root.append(more);
    }
  }

  class PartageDirectory extends PartageList {
    async render(root) {
      const { items, query } = await this.fetch("/api/v1/initiatives");
      const list = document.createElement("ul");
      for (const i of items) {
        const item = document.createElement("li");
        item.append(link(i.url, i.name));
        if (i.summary) item.append(document.createElement("br"), text("span", i.summary, "summary"));
        list.append(item);
      }
      root.append(items.length ? list : text("p", words(this.lang()).none));
      query.delete("per_page");
      const more = text("p", "", "more");
      more.append(link(`${origin}/initiatives?${query}`, words(this.lang()).all));
      root.append(more);
    }
  }

  class PartageMap extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      const query = new URLSearchParams(this.getAttribute("filter") ?? "");
      for (const name of ["theme", "show"]) {
        if (this.getAttribute(name)) query.set(name, this.getAttribute(name));
      }
      // In the page's language, as the other components.
      const lang = this.getAttribute("lang") || document.documentElement.lang;
      if (lang) query.set("lang", lang);
      const accent = getComputedStyle(this).getPropertyValue("--partage-accent").trim();
      if (/^#[0-9a-fA-F]{6}$/.test(accent)) query.set("accent", accent);
      const frame = document.createElement("iframe");
      frame.src = `${origin}/embed/map?${query}`;
      frame.title = this.getAttribute("title") || "Map";
      frame.loading = "lazy";
      const height = Number(this.getAttribute("height")) || 400;
      frame.style.cssText = `display: block; width: 100%; height: ${height}px; border: 0`;
      root.append(frame);
    }
  }

  if (!customElements.get("partage-agenda")) customElements.define("partage-agenda", PartageAgenda);
  if (!customElements.get("partage-directory")) customElements.define("partage-directory", PartageDirectory);
  if (!customElements.get("partage-map")) customElements.define("partage-map", PartageMap);
})();
