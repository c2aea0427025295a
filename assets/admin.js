// Partage admin: the map picker, live previews (Markdown, opening hours, image) and
// confirmations. Every form works without this script; it only helps.
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
  const map = L.map(box, { scrollWheelZoom: false });
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

function imagePreview(img) {
  const source = document.getElementById(img.dataset.source);
  const update = () => {
    const url = source.value.trim();
    if (/^https?:\/\//.test(url)) {
      img.src = url;
      img.hidden = false;
    } else {
      img.hidden = true;
      img.removeAttribute("src");
    }
  };
  img.addEventListener("error", () => { img.hidden = true; });
  source.addEventListener("input", debounce(update, 300));
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  confirmations();
  if (window.L) document.querySelectorAll(".map-picker").forEach(mapPicker);
  document.querySelectorAll("[data-preview]").forEach(preview);
  document.querySelectorAll("img.image-preview").forEach(imagePreview);
});
