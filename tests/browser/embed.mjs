// The widgets on another website: a page of another origin frames the agenda and uses the
// <partage-agenda> and <partage-map> components; they show the right events and places, in the
// page's language (French, then English on the site's English page), the frame takes its
// content's height, and a click opens the event. Then the embed builder: a choice changes the
// preview and the snippets as the server writes them. Run by tests/api/browser.rs with
// BASE_URL, CHROMIUM and SCREENSHOTS set, on the seeded site.
import assert from "node:assert/strict";
import http from "node:http";
import { base, open, step } from "./setup.mjs";

const { browser, page, errors, shoot } = await open({ width: 1000, height: 900 });
// Another website: a second HTTP server on this machine, of another origin (127.0.0.1 and its
// own port, where the chapter is localhost), serving a page that uses the widgets.
const site = (lang) => `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Association du quartier</title>
    <script src="${base}/embed.js" defer></script>
    <style>body { font-family: sans-serif; max-width: 40rem; margin: 1rem auto; }
      partage-agenda { --partage-accent: #aa3300; }</style></head>
    <body><h1>Notre quartier</h1>
    <h2>L'agenda (iframe)</h2>
    <iframe src="${base}/embed/agenda?category=repair&lang=${lang}&accent=%23aa3300" title="Agenda"
      style="width: 100%; border: 1px solid #ccc; height: 80px"></iframe>
    <h2>L'agenda (composant)</h2>
    <partage-agenda filter="category=repair" limit="5"></partage-agenda>
    <h2>La carte</h2>
    <partage-map filter="category=repair" height="300" title="Carte"></partage-map>
    </body></html>`;
const server = http.createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(site(request.url === "/en" ? "en" : "fr"));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const host = `http://127.0.0.1:${server.address().port}`;

step("a page of another origin frames the agenda, in its language, sized to its content");
await page.goto(`${host}/`);
const frame = page.frameLocator("iframe[title=Agenda]");
await frame.getByText("Bike repair workshop").waitFor();
assert.equal(await frame.locator("html").getAttribute("lang"), "fr");
assert.equal(await frame.getByText("Seed swap").count(), 0, "only the category asked for");
await page.waitForFunction(() => parseInt(document.querySelector("iframe").style.height, 10) > 80);

step("the component renders the same events from the API, dated in the page's language");
const component = page.locator("partage-agenda");
await component.getByRole("link", { name: "Bike repair workshop" }).waitFor();
assert.match(await component.locator("h3").first().textContent(), /samedi 5 décembre 2099/);
assert.equal(await component.getByText("Seed swap").count(), 0);
assert.equal(await component.getByRole("link", { name: "Tout voir" }).getAttribute("href"), `${base}/events?category=repair`);

step("the map component frames the map with the same filter, its places on it");
await page.locator("partage-map").scrollIntoViewIfNeeded();
let map;
for (let i = 0; i < 100 && !map; i += 1) {
  map = page.frames().find((f) => f.url().startsWith(`${base}/embed/map?category=repair`));
  if (!map) await page.waitForTimeout(100);
}
assert.ok(map, "the map's frame is on the page");
await map.waitForSelector("#map[data-markers]");
assert.ok(Number(await map.getAttribute("#map", "data-markers")) > 0, "the repair places are on the map");
assert.equal(await map.locator("html").getAttribute("lang"), "fr");
await shoot("embedded-agenda");

step("on the site's English page, the same widgets speak English");
await page.goto(`${host}/en`);
await page.frameLocator("iframe[title=Agenda]").getByText("See them all").waitFor();
const english = page.locator("partage-agenda");
await english.getByRole("link", { name: "See them all" }).waitFor();
assert.match(await english.locator("h3").first().textContent(), /Saturday.*5 December 2099|Saturday, December 5, 2099/);
await page.goto(`${host}/`);

step("a click opens the event, in the top window");
await component.getByRole("link", { name: "Bike repair workshop" }).click();
await page.waitForURL(`${base}/events/bike-repair-workshop`);

step("the builder: choosing the directory of repair cafés in French rewrites the preview and the snippets");
await page.goto(`${base}/embed`);
await page.locator("#kind-directory").check();
assert.equal(await page.locator("#from").isVisible(), false, "a directory has no dates");
await page.locator("#category").selectOption("repair");
await page.locator("#language").selectOption("fr");
await page.locator("#accent").fill("#aa3300");
await page.waitForFunction(() => document.querySelector("iframe.widget-preview").getAttribute("src").includes("accent=%23aa3300"));
const preview = page.frameLocator("iframe.widget-preview");
await preview.getByText("Repair Café Belleville").waitFor();
assert.equal(await preview.locator("html").getAttribute("lang"), "fr");
// The preview shrinks to its one card (it was made 600 px tall).
await page.waitForFunction(() => parseInt(document.querySelector("iframe.widget-preview").style.height, 10) < 400);
const written = await page.locator("#embed-component").inputValue();
// What the script shows is what the server writes for the same choice, without the script.
const plain = await (await page.request.get(`${base}/embed?kind=directory&category=repair&language=fr&accent=%23aa3300`)).text();
assert.ok(plain.includes(written.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")), written);
assert.match(written, /<partage-directory filter="category=repair" lang="fr" style="--partage-accent: #aa3300">/);
assert.match(page.url(), /\/embed\?kind=directory&category=repair/);
await page.getByRole("button", { name: "Copy" }).first().click();
await page.getByRole("button", { name: "Copied" }).waitFor();
await shoot("embed-builder");

assert.deepEqual(errors, [], "no script errors");
await browser.close();
server.close();
console.log("embed tests passed");
