// Partage: Leaflet maps. A map is a <div class="map"> with either data-lat/data-lon (one
// place) or data-geojson (and data-events) addresses of GeoJSON layers, clustered.
"use strict";

// The page's words for the map (set on <body> in its language): its zoom buttons, and each
// cluster's name, "{n}" standing for its count.
const words = document.body.dataset;

function zoomButtons(map) {
  L.control.zoom({ zoomInTitle: words.mapZoomIn, zoomOutTitle: words.mapZoomOut }).addTo(map);
}

// A cluster shows its count, and is named "3 places here — zoom in" for screen readers.
function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
  const count = document.createElement("span");
  count.textContent = String(n);
  count.setAttribute("aria-hidden", "true");
  const name = document.createElement("span");
  name.className = "visually-hidden";
  name.textContent = (words.mapCluster ?? "{n}").replace(/[\u2068\u2069]/g, "").replace("{n}", String(n));
  const inner = document.createElement("div");
  inner.append(count, name);
  return L.divIcon({ html: inner, className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) });
}

function tiles(map) {
  L.tileLayer(document.body.dataset.tiles, {
    maxZoom: 19,
    attribution: document.body.dataset.attribution,
  }).addTo(map);
}

// A marker's popup, built as elements (never markup from the data): its picture, its name
// linked to its page, its summary.
function popup(p) {
  const box = document.createElement("div");
  if (p.image) {
    const img = document.createElement("img");
    img.className = "thumb";
    img.src = p.image;
    img.alt = p.image_description ?? "";
    img.loading = "lazy";
    box.append(img);
  }
  const link = document.createElement("a");
  link.href = p.url;
  link.textContent = p.name ?? "";
  box.append(link);
  if (p.summary) {
    box.append(document.createElement("br"), p.summary);
  }
  if (p.also_listed?.length) {
    box.append(alsoListed(p.also_listed));
  }
  return box;
}

// "Also listed by Lyon, us": the entries an admin linked to this one as the same, each linked
// to its page here and named by where it comes from.
function alsoListed(listed) {
  const line = document.createElement("p");
  line.className = "also";
  line.append(words.mapAlso ?? "");
  listed.forEach((entry, n) => {
    const link = document.createElement("a");
    link.href = entry.url;
    link.textContent = entry.by ?? words.mapOurs ?? "";
    line.append(n > 0 ? ", " : " ", link);
  });
  return line;
}

async function layer(map, address, className, cluster) {
  const response = await fetch(address, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) return [];
  const data = await response.json();
  const points = [];
  for (const feature of data.features) {
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], { radius: 8, className, weight: 2 });
    const p = feature.properties;
    marker.bindPopup(() => popup(p));
    marker.options.title = p.name;
    cluster.addLayer(marker);
    points.push([lat, lon]);
  }
  return points;
}

async function show(element) {
  if (element.dataset.ready) return;
  element.dataset.ready = "1";
  const map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
  zoomButtons(map);
  tiles(map);
  if (element.dataset.lat) {
    const at = [Number(element.dataset.lat), Number(element.dataset.lon)];
    L.marker(at, { title: element.dataset.name, alt: element.dataset.name }).addTo(map);
    map.setView(at, 15);
    return;
  }
  map.setView([48.85, 2.35], 5);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, iconCreateFunction: clusterIcon });
  map.addLayer(cluster);
  const address = element.dataset.geojson ?? element.closest("[data-geojson]")?.dataset.geojson;
  const points = [];
  if (address) points.push(...await layer(map, address, "marker-initiative", cluster));
  if (element.dataset.events) points.push(...await layer(map, element.dataset.events, "marker-event", cluster));
  element.dataset.markers = String(points.length);
  if (points.length) map.fitBounds(points, { padding: [20, 20], maxZoom: 15 });
}

function start() {
  for (const element of document.querySelectorAll(".map")) show(element);
}

window.addEventListener("DOMContentLoaded", start);
document.addEventListener("partage:results", start);
