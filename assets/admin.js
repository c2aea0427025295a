// Partage admin: the map picker, live previews (Markdown, opening hours), the pictures of an
// entry (upload, description, focal point) and confirmations. Every form works without this script; it only helps.
"use strict";

function confirmations() {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}

function mapPicker(box) {
  const form = box.closest("form");
  const lat = form.elements[box.dataset.lat];
  const lon = form.elements[box.dataset.lon];
  const map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
  // The zoom buttons in the page's language (set on <body>).
  const words = document.body.dataset;
  L.control.zoom({ zoomInTitle: words.mapZoomIn, zoomOutTitle: words.mapZoomOut }).addTo(map);
  L.tileLayer(document.body.dataset.tiles, {
    maxZoom: 19,
    attribution: document.body.dataset.attribution,
  }).addTo(map);
  let marker = null;
  const place = (latlng, pan) => {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, title: box.getAttribute("aria-label") }).addTo(map);
      marker.on("dragend", () => write(marker.getLatLng()));
    } else {
      marker.setLatLng(latlng);
    }
    if (pan) map.setView(latlng, Math.max(map.getZoom() || 0, 15));
  };
  const write = (latlng) => {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    for (const input of [lat, lon]) input.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const read = () => {
    const a = parseFloat(lat.value.replace(",", "."));
    const b = parseFloat(lon.value.replace(",", "."));
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
  };
  const start = read();
  if (start) {
    map.setView(start, 15);
    place(start, false);
  } else {
    // Europe, until the chapter's own centre is known.
    map.setView([48.8566, 2.3522], 5);
    fetch("/admin/centre", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((centre) => { if (centre && !marker) map.setView(centre, 12); })
      .catch(() => {});
  }
  map.on("click", (event) => {
    place(event.latlng, false);
    write(event.latlng);
  });
  for (const input of [lat, lon]) {
    input.addEventListener("input", () => {
      const point = read();
      if (point) place(point, true);
    });
  }
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

function preview(box) {
  const source = document.getElementById(box.dataset.source);
  const token = source.form.elements._csrf;
  if (!token) return;
  const update = async () => {
    const body = new URLSearchParams({ _csrf: token.value, kind: box.dataset.preview, text: source.value });
    try {
      const response = await fetch("/admin/preview", { method: "POST", body, credentials: "same-origin" });
      if (response.ok) box.innerHTML = await response.text(); // sanitised by the server
    } catch (_) {
      // Offline: no preview, the form still works.
    }
  };
  source.addEventListener("input", debounce(update, 300));
  if (source.value.trim()) update();
}

// A picture's focal point: a click on its preview sets x,y from -1 to 1 (Mastodon's terms).
function focusPicker(item) {
  const button = item.querySelector(".focus-picker");
  const input = item.querySelector('input[name^="focus."]');
  if (!button || !input) return;
  const dot = document.createElement("span");
  dot.className = "focus-dot";
  button.append(dot);
  const show = () => {
    const [x, y] = input.value.split(",").map(Number);
    dot.hidden = !input.value;
    if (input.value) {
      dot.style.left = `${(x + 1) * 50}%`;
      dot.style.top = `${(1 - y) * 50}%`;
    }
  };
  button.addEventListener("click", (event) => {
    const box = button.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * 2 - 1;
    const y = 1 - ((event.clientY - box.top) / box.height) * 2;
    const clamp = (v) => Math.max(-1, Math.min(1, v)).toFixed(2);
    input.value = `${clamp(x)},${clamp(y)}`;
    show();
  });
  show();
}

// The pictures of an entry's form: files dropped, chosen or photographed are sent at once to
// /admin/media, then appear with their description (required) and their focal point.
function pictures(box) {
  const list = box.querySelector(".picture-list");
  const chooser = box.querySelector("#pictures-add");
  const error = box.querySelector(".drop .error");
  const form = box.closest("form");
  const csrf = form.elements._csrf.value;
  const max = Number(box.dataset.max);
  for (const item of list.querySelectorAll("li.picture")) focusPicker(item);
  const element = (tag, attributes = {}, text = null) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text != null) node.textContent = text;
    return node;
  };
  const fail = (text) => {
    error.textContent = text;
    error.hidden = false;
  };
  const filled = (item, media) => {
    item.replaceChildren();
    item.dataset.key = media.id;
    const first = list.querySelector("li.picture") === item;
    const id = `f-description-${media.id}`;
    const button = element("button", { type: "button", class: "focus-picker", title: box.dataset.focus });
    button.append(element("img", { src: media.preview_url, alt: "", width: "160" }));
    const field = element("div", { class: "field" });
    const label = element("label", { for: id, class: "required" }, box.dataset.describe);
    const text = element("textarea", { id, name: `description.${media.id}`, rows: "2", required: "" });
    field.append(label, text);
    const main = element("label", { class: "check" });
    const radio = element("input", { type: "radio", name: "images_main", value: media.id });
    radio.checked = first;
    main.append(radio, ` ${box.dataset.main}`);
    const remove = element("label", { class: "check" });
    remove.append(element("input", { type: "checkbox", name: "images_remove", value: media.id }), ` ${box.dataset.remove}`);
    item.append(
      element("input", { type: "hidden", name: "images", value: media.id }),
      element("input", { type: "hidden", name: `focus.${media.id}`, value: "" }),
      button, field, main, remove,
    );
    focusPicker(item);
    text.focus();
  };
  const send = async (file) => {
    if (list.querySelectorAll("li.picture").length >= max) {
      fail(`${file.name}: ${max} max.`);
      return;
    }
    const item = element("li", { class: "picture uploading" });
    const local = element("img", { src: URL.createObjectURL(file), alt: "", width: "160" });
    item.append(local, element("p", { class: "hint", role: "status" }, box.dataset.uploading));
    list.append(item);
    const body = new FormData();
    body.append("_csrf", csrf);
    body.append("file", file);
    try {
      const response = await fetch(box.dataset.upload, { method: "POST", body, credentials: "same-origin" });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.message ?? String(response.status));
      item.classList.remove("uploading");
      filled(item, answer);
    } catch (e) {
      item.remove();
      fail(`${file.name}: ${e.message}`);
    } finally {
      URL.revokeObjectURL(local.src);
    }
  };
  const take = (files) => {
    error.hidden = true;
    for (const file of files) send(file);
  };
  chooser.addEventListener("change", () => {
    take([...chooser.files]);
    chooser.value = "";
  });
  box.addEventListener("dragover", (event) => {
    event.preventDefault();
    box.classList.add("dragging");
  });
  box.addEventListener("dragleave", () => box.classList.remove("dragging"));
  box.addEventListener("drop", (event) => {
    event.preventDefault();
    box.classList.remove("dragging");
    take([...event.dataTransfer.files].filter((f) => f.type.startsWith("image/")));
  });
}

// A place already used: choosing it fills the address fields and moves the pin (through the
// coordinates' input events, which the map picker follows).
function knownPlaces(box) {
  const choice = box.querySelector("select");
  const form = box.closest("form");
  box.hidden = false;
  choice.addEventListener("change", () => {
    if (!choice.value) return;
    const place = JSON.parse(choice.value);
    for (const key of ["name", "street", "postal_code", "locality", "region", "country"]) {
      const input = form.elements[`location.${key}`];
      if (input) input.value = place[key] ?? "";
    }
    for (const key of ["latitude", "longitude"]) {
      const input = form.elements[`location.${key}`];
      if (input) {
        input.value = place[key] == null ? "" : Number(place[key]).toFixed(6);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  });
}

// The organiser typed (past a thousand initiatives, no list is sent): as one types, the
// chapter's initiatives with words beginning as typed (the API's search) become the field's
// suggestions, by name (by address name where several share a name; the server takes both).
function initiativeSearch(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const typed = input.value.trim();
      if (typed.length < 2 || typed === asked) return;
      asked = typed;
      try {
        const response = await fetch(input.dataset.search + encodeURIComponent(typed));
        if (!response.ok || asked !== typed) return;
        const { items } = await response.json();
        const named = new Map();
        for (const i of items) named.set(i.name, (named.get(i.name) ?? 0) + 1);
        list.replaceChildren(...items.map((i) => {
          const option = document.createElement("option");
          const town = i.location?.locality ?? "";
          const shared = named.get(i.name) > 1;
          option.value = shared ? i.slug : i.name;
          const label = shared ? [i.name, town].filter(Boolean).join(" — ") : town;
          if (label) option.label = label;
          return option;
        }));
      } catch {
        // Suggestions only help: the name can still be typed whole.
      }
    }, 200);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  confirmations();
  document.querySelectorAll("input[list][data-search]").forEach(initiativeSearch);
  document.querySelectorAll(".known-places").forEach(knownPlaces);
  if (window.L) document.querySelectorAll(".map-picker").forEach(mapPicker);
  document.querySelectorAll("[data-preview]").forEach(preview);
  document.querySelectorAll("fieldset.pictures[data-upload]").forEach(pictures);
});
