// Partage widgets: tell the page around the frame how tall the content is, so that its script
// (or any that listens for { partage: "resize" }) can size the frame without a scrollbar.
"use strict";
const tell = () =>
  window.parent.postMessage({ partage: "resize", height: document.documentElement.scrollHeight, href: location.href }, "*");
window.addEventListener("load", tell);
if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
