// Partage's web admin in headless Chromium: sign in, create an event placed with the map
// picker (with the Markdown preview) and a picture (uploaded, described, its focal point
// clicked; then seen on the event's page and in the agenda), approve a suggestion sent through the public form, and
// block a domain. Run by tests/api/browser.rs with BASE_URL, CHROMIUM and SCREENSHOTS set; the
// account alice / "correct horse battery" exists.
import assert from "node:assert/strict";
import { base, open, step } from "./setup.mjs";

const { browser, context, page, errors, shoot } = await open();
page.on("dialog", (dialog) => dialog.accept());

// A photograph for the event: two wheels, drawn by the browser itself.
const maker = await context.newPage();
await maker.setViewportSize({ width: 1200, height: 800 });
await maker.setContent(`<body style="margin:0"><div style="width:1200px;height:800px;display:flex;
  align-items:center;justify-content:center;gap:90px;background:linear-gradient(135deg,#f6d365,#fda085)">
  <div style="width:320px;height:320px;border:30px solid #2d3a4a;border-radius:50%"></div>
  <div style="width:320px;height:320px;border:30px solid #2d3a4a;border-radius:50%"></div></div></body>`);
const photo = await maker.screenshot({ type: "jpeg", quality: 90 });
await maker.close();
const described = "Two bicycle wheels waiting to be trued";

step("sign in, sent back where we were going");
await page.goto(`${base}/admin/events/new`);
await page.waitForURL(/\/admin\/signin\?next=/);
await page.getByLabel("User name").fill("alice");
await page.getByLabel("Password").fill("correct horse battery");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(/\/admin\/events\/new$/);

step("a new event, placed on the map, with a Markdown preview");
await page.getByLabel("Name", { exact: true }).fill("Repair night");
await page.getByLabel("Starts").fill("2099-06-06T18:00");
await page.getByLabel("Ends").fill("2099-06-06T21:00");
await page.getByLabel("Description").fill("Bring **broken** things.");
await page.locator(".preview strong").filter({ hasText: "broken" }).waitFor();

step("the organiser, the time zone and a place already used, chosen from lists");
await page.getByLabel("Run by the initiative").selectOption({ label: "Repair Café Belleville" });
assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/Paris", "the chapter's zone comes chosen");
await page.getByLabel("Time zone").selectOption({ label: "Europe/Brussels" });
const map = page.locator(".map-picker");
await map.scrollIntoViewIfNeeded();
await page.locator(".map-picker.leaflet-container").waitFor();
await page.getByLabel("A place already used").selectOption({ label: "La Cyclofficine, 5 rue Pierre Bonnard, 75020 Paris" });
assert.equal(await page.getByLabel("Name of the place").inputValue(), "La Cyclofficine");
assert.equal(await page.getByLabel("Town").inputValue(), "Paris");
assert.equal(await page.getByLabel("Latitude").inputValue(), "48.872100");
await page.locator(".map-picker .leaflet-marker-icon").waitFor();
await page.getByLabel("Name of the place").fill("Maison des Associations");
await map.click({ position: { x: 220, y: 120 } });
await page.locator(".map-picker .leaflet-marker-icon").waitFor();
const latitude = await page.getByLabel("Latitude").inputValue();
const longitude = await page.getByLabel("Longitude").inputValue();
assert.match(latitude, /^-?\d+\.\d{6}$/, "the click filled the latitude");
assert.match(longitude, /^-?\d+\.\d{6}$/, "and the longitude");
await page.getByLabel("Repair").check();

step("a picture: chosen, sent at once, described, its focal point clicked");
await page.locator("#pictures-add").setInputFiles({ name: "wheels.jpg", mimeType: "image/jpeg", buffer: photo });
const picture = page.locator("li.picture:not(.uploading)");
await picture.locator("textarea").waitFor();
await page.waitForFunction(() => document.querySelector("li.picture .focus-picker img")?.naturalWidth > 0);
await page.getByLabel("Description (what the picture shows)").fill(described);
await picture.locator(".focus-picker img").click({ position: { x: 40, y: 30 } });
assert.match(await picture.locator('input[name^="focus."]').inputValue(), /^-0\.\d\d,0\.\d\d$/, "the click set the focal point");
await shoot("admin-event");
await page.getByRole("button", { name: "Create" }).click();
await page.waitForURL(/\/admin\/events\/repair-night\?notice=created$/);
assert.match(await page.locator(".notice").textContent(), /Created and published/);
assert.equal(await page.getByLabel("Latitude").inputValue(), latitude);
assert.equal(await page.getByLabel("Description (what the picture shows)").inputValue(), described);

step("the event is public, with its picture, its map, and a thumbnail in the agenda");
await page.goto(`${base}/events/repair-night`);
assert.match(await page.locator(".when").textContent(), /Europe\/Brussels/);
assert.match(await page.locator("main").textContent(), /Repair Café Belleville/, "its organiser is named");
const cover = page.locator("figure.pictures img.cover");
assert.equal(await cover.getAttribute("alt"), described);
// Its preview and its own size: a 1,200-px picture is not enlarged.
assert.match(await cover.getAttribute("srcset"), /-preview\.jpg 640w, .*\.jpg 1200w$/);
await page.waitForFunction(() => document.querySelector("figure.pictures img.cover")?.naturalWidth > 0);
assert.match(await cover.getAttribute("style"), /object-position/, "the focal point keeps the subject in view");
await page.locator("#map .leaflet-marker-icon").waitFor();
await page.goto(`${base}/events`);
const thumb = page.locator("img.thumb").first();
assert.equal(await thumb.getAttribute("alt"), described);
await thumb.scrollIntoViewIfNeeded();
await page.waitForFunction(() => document.querySelector("img.thumb")?.naturalWidth > 0);

step("a visitor suggests an initiative; it waits for review");
const visitor = await (await browser.newContext({ locale: "en-GB" })).newPage();
await visitor.goto(`${base}/suggest`);
await visitor.getByLabel("Name", { exact: true }).fill("Grainothèque du 11e");
await visitor.getByLabel("Summary").fill("Seeds to borrow and give back.");
await visitor.getByLabel("Town").fill("Paris");
await visitor.getByRole("button", { name: "Send the suggestion" }).click();
await visitor.waitForURL(/\/suggest\?sent=1$/);
assert.equal((await visitor.goto(`${base}/initiatives/grainotheque-du-11e`)).status(), 404);

step("the admin approves it");
await page.goto(`${base}/admin`);
await page.getByRole("link", { name: "One entry waits for review." }).click();
await shoot("admin-review");
await page.getByRole("article").filter({ hasText: "Grainothèque du 11e" }).getByRole("button", { name: "Approve" }).click();
await page.waitForURL(/notice=approved/);
assert.equal((await visitor.goto(`${base}/initiatives/grainotheque-du-11e`)).status(), 200);

step("block a domain (confirmed)");
await page.getByRole("link", { name: "Blocked domains" }).click();
await page.getByLabel("Domain", { exact: true }).fill("spam.example");
await page.getByLabel("Reason").fill("Sends spam");
await page.getByRole("button", { name: "Block" }).click();
await page.waitForURL(/notice=blocked/);
assert.equal(await page.locator("table.admin-list td").first().textContent(), "spam.example");
await shoot("admin-blocks");

step("the dashboard");
await page.goto(`${base}/admin`);
await shoot("admin-dashboard");

assert.deepEqual(errors, [], "no script errors");
await browser.close();
console.log("admin browser tests passed");
