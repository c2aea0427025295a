// The widgets on another website: a page of another origin frames the agenda and uses the
// <partage-agenda> component; both show the right events, in the page's language, the frame
// takes its content's height, and a click opens the event. Run by tests/api/browser.rs with
// BASE_URL, CHROMIUM and SCREENSHOTS set, on the seeded site.
import assert from "node:assert/strict";
import http from "node:http";
import { base, open, step } from "./setup.mjs";

const { browser, page, errors, shoot } = await open({ width: 1000, height: 900 });
// Another website: a second HTTP server on this machine, of another origin (127.0.0.1 and its
// own port, where the chapter is localhost), serving a page that uses the widgets.
const html = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Association du quartier</title>
    <script src="${base}/embed.js" defer></script>
    <style>body { font-family: sans-serif; max-width: 40rem; margin: 1rem auto; }
      partage-agenda { --partage-accent: #aa3300; }</style></head>
    <body><h1>Notre quartier</h1>
    <h2>L'agenda (iframe)</h2>
    <iframe src="${base}/embed/agenda?category=repair&lang=fr&accent=%23aa3300" title="Agenda"
      style="width: 100%; border: 1px solid #ccc; height: 80px"></iframe>
    <h2>L'agenda (composant)</h2>
    <partage-agenda filter="category=repair" limit="5"></partage-agenda>
    </body></html>`;
const server = http.createServer((_, response) => {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(html);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const host = `http://127.0.0.1:${server.address().port}`;

step("a page of another origin frames the agenda, in its language, sized to its content");
await page.goto(`${host}/`);
const frame = page.frameLocator("iframe");
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
await shoot("embedded-agenda");

step("a click opens the event, in the top window");
await component.getByRole("link", { name: "Bike repair workshop" }).click();
await page.waitForURL(`${base}/events/bike-repair-workshop`);

assert.deepEqual(errors, [], "no script errors");
await browser.close();
server.close();
console.log("embed tests passed");
