// Partage: Leaflet maps. A map is a <div class="map"> with either data-lat/data-lon (one
// place) or data-geojson (and data-events) addresses of GeoJSON layers, clustered.
"use strict";

function tiles(map) {
  L.tileLayer(document.body.dataset.tiles, {
    maxZoom: 19,
    attribution: document.body.dataset.attribution,
  }).addTo(map);
}

function text(value) {
  const span = document.createElement("span");
  span.textContent = value == null ? "" : String(value);
  return span.innerHTML;
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
    marker.bindPopup(`<a href="${text(p.url)}">${text(p.name)}</a>` +
      (p.summary ? `<br>${text(p.summary)}` : ""));
    marker.options.title = p.name;
    cluster.addLayer(marker);
    points.push([lat, lon]);
  }
  return points;
}

async function show(element) {
  if (element.dataset.ready) return;
  element.dataset.ready = "1";
  const map = L.map(element, { scrollWheelZoom: false });
  tiles(map);
  if (element.dataset.lat) {
    const at = [Number(element.dataset.lat), Number(element.dataset.lon)];
    L.marker(at, { title: element.dataset.name }).addTo(map);
    map.setView(at, 15);
    return;
  }
  map.setView([48.85, 2.35], 5);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false });
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
