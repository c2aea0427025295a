// Partage's website in headless Chromium: filter the directory, search as you type, "near me",
// see map markers, open an event and download its .ics, switch language; a screenshot of each
// main page. Run by tests/api/browser.rs with BASE_URL, CHROMIUM and SCREENSHOTS set.
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.BASE_URL;
const shots = process.env.SCREENSHOTS;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const context = await browser.newContext({
  locale: "en-GB",
  viewport: { width: 1280, height: 900 },
  geolocation: { latitude: 48.861, longitude: 2.443 },
  permissions: ["geolocation", "clipboard-read", "clipboard-write"],
  acceptDownloads: true,
});
// No map tiles on a machine without internet: answer them at once, empty.
await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: "" }));
const page = await context.newPage();
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));

const names = async () => page.locator("#results li.card h3 a").allTextContents();
const step = (name) => console.log(`- ${name}`);
const shoot = async (name) => {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
};

step("home: the handle can be copied");
await page.goto(`${base}/`);
await page.getByRole("button", { name: "Copy" }).click();
assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^@paris@/);
await shoot("home");

step("home: search the directory from where people land");
await page.getByLabel("Find an initiative").fill("outil");
await page.getByRole("button", { name: "Search", exact: true }).click();
await page.waitForURL(/\/initiatives\?q=outil/);
assert.deepEqual(await names(), ["Outilthèque de Montreuil"]);

step("directory: search as you type");
await page.goto(`${base}/initiatives`);
await page.waitForFunction(() => Number(document.querySelector("#map")?.dataset.markers) >= 3);
await shoot("directory");
await page.getByLabel("Search").pressSequentially("outil", { delay: 30 });
await page.waitForFunction(() => document.querySelectorAll("#results li.card").length === 1);
assert.deepEqual(await names(), ["Outilthèque de Montreuil"]);
assert.match(page.url(), /\/initiatives\?q=outil/);

step("directory: filter by category, shareable address");
await page.getByLabel("Search").fill("");
await page.getByLabel("Category").selectOption("repair");
await page.waitForURL(/category=repair/);
await page.waitForFunction(() => document.querySelector("#results li.card h3 a")?.textContent === "Repair Café Belleville");
assert.deepEqual(await names(), ["Repair Café Belleville"]);
await page.goto(page.url());
assert.deepEqual(await names(), ["Repair Café Belleville"], "the address alone gives the same list");

step("directory: near me, nearest first");
await page.goto(`${base}/initiatives`);
await page.getByRole("button", { name: "Near me" }).click();
await page.waitForURL(/near=48\.86100%2C2\.44300/);
assert.equal((await names())[0], "Outilthèque de Montreuil");

step("directory without JavaScript's help: the form submits");
await page.goto(`${base}/initiatives?open_now=1`);
assert.deepEqual(await names(), ["Repair Café Belleville"]);

step("initiative page with its small map");
await page.goto(`${base}/initiatives/repair-cafe-belleville`);
await page.locator("#map.leaflet-container").waitFor();
assert.equal(await page.locator(".leaflet-marker-icon").count(), 1);
await shoot("initiative");

step("map: markers of initiatives and events, by category");
await page.goto(`${base}/map`);
await page.waitForFunction(() => document.querySelector("#map")?.dataset.markers === "4");
assert.ok((await page.locator(".marker-cluster, path.leaflet-interactive").count()) >= 1);
await shoot("map");
await page.getByLabel("Category").selectOption("goods");
await page.waitForURL(/category=goods/);
await page.waitForFunction(() => document.querySelector("#map")?.dataset.markers === "1");

step("map: a popup names where else an entry is listed");
// The point of an entry linked to Lyon's, as /initiatives.geojson gives it (tests/api/duplicates).
const linked = { type: "FeatureCollection", features: [{ type: "Feature",
  geometry: { type: "Point", coordinates: [2.377, 48.8722] },
  properties: { name: "Repair Café Croix-Rousse", url: `${base}/initiatives/repair-cafe-belleville`,
    also_listed: [{ by: "Partage Lyon", url: `${base}/initiatives/outiltheque-de-montreuil` }] } }] };
await page.route(/\/initiatives\.geojson/, (route) => route.fulfill({ json: linked }));
await page.goto(`${base}/initiatives`);
await page.waitForFunction(() => document.querySelector("#map")?.dataset.markers === "1");
await page.locator("#map path.leaflet-interactive").click();
const popup = page.locator(".leaflet-popup-content");
await popup.getByText("Also listed by").waitFor();
assert.equal(await popup.getByRole("link", { name: "Partage Lyon" }).getAttribute("href"),
  `${base}/initiatives/outiltheque-de-montreuil`);
await page.unroute(/\/initiatives\.geojson/);

step("events: agenda, month, an event and its .ics");
await page.goto(`${base}/events`);
await shoot("events");
await page.getByRole("link", { name: "Month" }).click();
await page.locator("table.month").waitFor();
await page.getByRole("link", { name: /→$/ }).first().waitFor();
await page.goto(`${base}/events?month=2099-12`);
await shoot("month");
await page.getByRole("link", { name: "Bike repair workshop" }).click();
await page.waitForURL(/\/events\/bike-repair-workshop$/);
assert.match(await page.locator(".when").textContent(), /Saturday 5 December 2099, 14:00–17:00/);
await shoot("event");
const [download] = await Promise.all([
  page.waitForEvent("download"),
  page.getByRole("link", { name: "Add to my calendar (.ics)" }).click(),
]);
const ics = await readFile(await download.path(), "utf8");
assert.match(ics, /BEGIN:VCALENDAR/);
assert.match(ics, /SUMMARY:Bike repair workshop/);
assert.match(ics, /DTSTART;TZID=Europe\/Paris:20991205T140000/);

step("language switch, remembered");
await page.getByRole("link", { name: "Français" }).click();
await page.waitForURL(/lang=fr/);
assert.equal(await page.getAttribute("html", "lang"), "fr");
assert.match(await page.locator(".when").textContent(), /samedi 5 décembre 2099, 14:00–17:00/);
await page.goto(`${base}/network`);
assert.equal(await page.getAttribute("html", "lang"), "fr");
await shoot("network");

step("a phone");
await page.setViewportSize({ width: 390, height: 844 });
await page.goto(`${base}/initiatives?lang=en`);
const width = await page.evaluate(() => document.documentElement.scrollWidth);
assert.ok(width <= 390, `no sideways scrolling on a phone (page is ${width}px wide)`);
await shoot("phone-directory");

if (process.env.MAIL_DIR) {
  step("directory: subscribe to what is new here, confirm from the message received");
  await page.goto(`${base}/initiatives?near=48.853,2.369&radius_km=5`);
  await page.getByText("Get what is new here by e-mail").click();
  const email = `browser-${Date.now()}@example.org`;
  await page.getByLabel("Your e-mail address").fill(email);
  await page.getByLabel("Every day").check();
  await shoot("subscribe");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await page.waitForURL(/\/subscriptions\/sent$/);
  await page.getByRole("heading", { name: "Check your mailbox" }).waitFor();
  let link;
  for (let i = 0; i < 150 && !link; i++) {
    for (const file of (await readdir(process.env.MAIL_DIR)).filter((f) => f.endsWith(".eml"))) {
      const raw = await readFile(join(process.env.MAIL_DIR, file), "utf8");
      if (!raw.split("\r\n", 1)[0].includes(email)) continue;
      // Quoted-printable: soft line breaks and encoded characters.
      const text = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      link = text.match(/https?:\/\/[^\s"<]+\/subscriptions\/confirm\/[0-9a-f]{64}/)?.[0];
    }
    if (!link) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(link, `a confirmation message reached ${email}`);
  await page.goto(link);
  await page.getByRole("heading", { name: "Subscribed" }).waitFor();
}

step("keyboard: the skip link comes first");
await page.keyboard.press("Tab");
assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#main");

assert.deepEqual(errors, [], "no script errors");
await browser.close();
console.log("browser tests passed");
