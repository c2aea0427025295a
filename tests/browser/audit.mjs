// An accessibility audit of every public page and the admin's pages with axe-core (WCAG 2.1 A
// and AA, and best practice) in headless Chromium: in English and French, 1280 and 390 px wide.
// Any violation fails, listed with its rule, the elements and how to fix it. Run by
// tests/api/browser.rs with BASE_URL and CHROMIUM set; the account alice / "correct horse
// battery" exists and the site is seeded (tests/api/website.rs). AUDIT_QUICK=1 audits English
// at 390 px only, while fixing something.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const base = process.env.BASE_URL;
const axe = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const publicPages = [
  "/",
  "/initiatives",
  "/initiatives?category=repair&near=48.87,2.37&radius_km=5",
  "/initiatives/repair-cafe-belleville",
  "/initiatives/repair-cafe-belleville/owner",
  "/events",
  "/events?view=month&month=2099-12",
  "/events/bike-repair-workshop",
  "/events/bike-repair-workshop/report",
  "/embed/agenda?theme=dark&accent=%23aa3300",
  "/embed/agenda?header=0&limit=3",
  "/embed/directory?theme=light",
  "/embed/map?theme=dark&category=repair",
  "/embed/events/bike-repair-workshop",
  "/embed/initiatives/repair-cafe-belleville?header=0",
  "/embed",
  "/embed?kind=directory&category=repair&language=fr&theme=dark&accent=%23aa3300",
  "/map",
  "/network",
  "/follow",
  "/suggest",
  "/subscriptions/sent",
  "/no-such-page",
];
const adminPages = [
  "/admin",
  "/admin/initiatives",
  "/admin/initiatives/new",
  "/admin/initiatives/repair-cafe-belleville",
  "/admin/events",
  "/admin/events/new",
  "/admin/events/bike-repair-workshop",
  "/admin/review",
  "/admin/duplicates",
  "/admin/stale",
  "/admin/comments",
  "/admin/reports",
  "/admin/follows",
  "/admin/followers",
  "/admin/blocks",
  "/admin/deliveries",
  "/admin/users",
  "/admin/log",
  "/admin/account",
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const errors = [];

/// The violations on the page at `path`, each as a readable line.
async function audit(page, path) {
  const response = await page.goto(`${base}${path}`);
  assert.ok(response.status() < 500, `${path} answers ${response.status()}`);
  // The maps draw their markers after the scripts load.
  if (await page.locator(".leaflet-container").count()) {
    await page.locator(".leaflet-marker-icon, .marker-cluster").first().waitFor({ timeout: 5000 }).catch(() => {});
  }
  await page.addScriptTag({ path: axe });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    tags,
  );
  return (await page.evaluate(ownChecks)).concat(results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`)
        .join("\n    ")}`,
  ));
}

/// What axe cannot see: sideways scrolling, placeholders cut off, and focus rings under 3:1 against what is around
/// them (WCAG 2.1, 1.4.11). Run in the page; one line per problem.
function ownChecks() {
  const problems = [];
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) {
    // Name the elements that stick out and whose children do not: the ones to fix.
    const out = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
    const culprits = out.filter((e) => ![...e.children].some((c) => out.includes(c))).slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`);
    problems.push(`scrolls sideways: ${wide}px wide in ${window.innerWidth}px (${culprits.join(", ")})`);
  }
  const canvas = document.createElement("canvas").getContext("2d");
  for (const input of document.querySelectorAll("input[placeholder]")) {
    if (!input.offsetParent) continue;
    const style = getComputedStyle(input);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (canvas.measureText(input.placeholder).width > room + 1) {
      problems.push(`placeholder cut off: #${input.id} "${input.placeholder}" in ${Math.round(room)}px`);
    }
  }
  const rgb = (colour) => (colour.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const focusable = "a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary";
  for (const element of [...document.querySelectorAll(focusable)].slice(0, 60)) {
    if (!element.offsetParent) continue;
    element.focus({ focusVisible: true });
    if (document.activeElement !== element || !element.matches(":focus-visible")) continue;
    const style = getComputedStyle(element);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
      problems.push(`no visible focus ring: ${element.outerHTML.slice(0, 80)}`);
      continue;
    }
    const ratio = contrast(rgb(style.outlineColor), behind(element));
    if (ratio < 3) problems.push(`focus ring ${ratio.toFixed(2)}:1: ${element.outerHTML.slice(0, 80)}`);
  }
  document.activeElement?.blur();
  return problems;
}

const found = [];
for (const [lang, locale] of (process.env.AUDIT_QUICK ? [["en", "en-GB"]] : [["en", "en-GB"], ["fr", "fr-FR"]])) {
  for (const width of (process.env.AUDIT_QUICK ? [390] : [1280, 390])) {
    // axe-core is injected into the page: our Content-Security-Policy would refuse it.
    const context = await browser.newContext({ locale, viewport: { width, height: 900 }, bypassCSP: true });
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: "" }));
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on("console", (message) => {
      // A page that answers 4xx on purpose (not found, a form with mistakes) is logged as such.
      const itself = message.location().url === page.url();
      if (message.type() === "error" && !itself) errors.push(`${page.url()}: ${message.text()}`);
    });
    const visit = async (path) => {
      const separator = path.includes("?") ? "&" : "?";
      for (const v of await audit(page, `${path}${separator}lang=${lang}`)) {
        found.push(`${path} [${lang}, ${width}px] ${v}`);
      }
    };
    for (const path of publicPages) await visit(path);
    await visit("/admin/signin");
    await page.goto(`${base}/admin/signin?lang=${lang}`);
    await page.locator("input[name=username]").fill("alice");
    await page.locator("input[name=password]").fill("correct horse battery");
    await page.locator("form button[type=submit]").click();
    await page.waitForURL(/\/admin$/);
    for (const path of adminPages) await visit(path);
    // A form sent with mistakes shows its errors: they too must be announced properly.
    await page.goto(`${base}/admin/initiatives/new?lang=${lang}`);
    await page.locator("form.entry button[type=submit], form button[type=submit]").first().click();
    await page.waitForLoadState();
    await page.addScriptTag({ path: axe });
    const invalid = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      tags,
    );
    for (const v of invalid.violations) found.push(`invalid initiative form [${lang}, ${width}px] ${v.id}: ${v.help}`);
    console.log(`- ${lang}, ${width}px: ${publicPages.length + adminPages.length + 2} pages audited`);
    await context.close();
  }
}

await browser.close();
assert.deepEqual(errors, [], "no script errors");
assert.equal(found.length, 0, `accessibility violations:\n${found.join("\n")}`);
console.log("accessibility audit passed");
