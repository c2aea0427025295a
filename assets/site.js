// Partage: small enhancements; every page works without them.
"use strict";

// Copy buttons: <button data-copy="text" data-copied="Copied!" hidden>
for (const button of document.querySelectorAll("[data-copy]")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.copy);
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}

// "Near me": fills the place field with the browser's position.
for (const button of document.querySelectorAll("[data-near-me]")) {
  if (!navigator.geolocation) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.geolocation.getCurrentPosition((position) => {
      const field = document.getElementById(button.dataset.nearMe);
      field.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
      field.form.requestSubmit();
    });
  });
}

// Selects that apply at once.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.requestSubmit());
}

// Search as you type: the results are fetched and swapped in place, the address follows.
for (const form of document.querySelectorAll("form[data-live]")) {
  const target = () => document.getElementById(form.dataset.live);
  let timer = null;
  let controller = null;
  const refresh = async () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value !== "") params.append(name, value);
    }
    if (!params.get("near")) params.delete("radius_km");
    const query = params.toString();
    const address = form.getAttribute("action") + (query ? "?" + query : "");
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(address, { signal: controller.signal, headers: { Accept: "text/html" } });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(form.dataset.live);
      if (!fresh || !target()) return;
      target().replaceWith(fresh);
      history.replaceState(null, "", address);
      document.dispatchEvent(new CustomEvent("partage:results", { detail: fresh }));
    } catch (error) {
      if (error.name !== "AbortError") console.warn(error);
    }
  };
  form.querySelector("input[name=q]")?.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  for (const field of form.querySelectorAll("select, input[type=checkbox], input[type=date]")) {
    field.addEventListener("change", refresh);
  }
}
