// Partage: the embed builder. The page is a plain form the server answers; as one types, this
// asks the server for the same page and takes its preview and snippets (the server alone knows
// how a choice becomes a widget), and the copy buttons copy.
"use strict";
(() => {
  const form = document.getElementById("embed-form");
  if (!form) return;
  let timer = null;
  let asked = 0;

  async function refresh() {
    const query = new URLSearchParams(new FormData(form));
    for (const [name, value] of [...query]) if (!value) query.delete(name);
    const address = `/embed?${query}`;
    const mine = ++asked;
    const response = await fetch(address, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!response.ok || mine !== asked) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("embed-output");
    const output = document.getElementById("embed-output");
    if (!fresh || !output) return;
    const frame = output.querySelector("iframe.widget-preview");
    const next = fresh.querySelector("iframe.widget-preview");
    // The preview loads again only when its address changed.
    if (frame && next && frame.getAttribute("src") !== next.getAttribute("src")) {
      frame.setAttribute("src", next.getAttribute("src"));
      frame.setAttribute("height", next.getAttribute("height"));
      frame.setAttribute("title", next.getAttribute("title"));
      frame.style.height = "";
    }
    for (const area of output.querySelectorAll("textarea")) {
      const value = fresh.querySelector(`#${area.id}`)?.value;
      if (value !== undefined) area.value = value;
    }
    history.replaceState(null, "", address);
  }

  // The preview is sized to its content, as embed.js sizes frames on other sites.
  window.addEventListener("message", (event) => {
    if (event.origin !== location.origin || event.data?.partage !== "resize") return;
    const frame = document.querySelector("iframe.widget-preview");
    if (frame?.contentWindow === event.source) frame.style.height = `${Math.ceil(event.data.height) + 4}px`;
  });

  // Fields that do not apply to the chosen widget are hidden (the server leaves them out).
  const fields = () => {
    const kind = new FormData(form).get("kind");
    for (const field of form.querySelectorAll("[data-kinds]")) field.hidden = !field.dataset.kinds.split(" ").includes(kind);
  };

  form.addEventListener("input", () => {
    fields();
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });

  for (const button of document.querySelectorAll("[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const area = document.getElementById(button.dataset.copy);
      area.select();
      try {
        await navigator.clipboard.writeText(area.value);
      } catch {
        document.execCommand("copy");
      }
      const label = button.textContent;
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
})();
