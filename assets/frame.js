// Partage widgets: tell the page around the frame how tall the content is, so that its script
// (or any that listens for { partage: "resize" }) can size the frame without a scrollbar. The
// body's own height, not the document's: that one is never less than the frame, which could
// then grow but never shrink.
"use strict";
const tell = () =>
  window.parent.postMessage(
    { partage: "resize", height: Math.ceil(document.body.getBoundingClientRect().height), href: location.href },
    "*",
  );
window.addEventListener("load", tell);
if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
