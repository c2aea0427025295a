// What every browser script starts with: Debian's Chromium driven by Playwright, map tiles
// answered empty (no internet here), script errors collected, numbered steps and screenshots.
import { join } from "node:path";
import { chromium } from "playwright-core";

export const base = process.env.BASE_URL;
const shots = process.env.SCREENSHOTS;

export async function open({ locale = "en-GB", width = 1280, height = 1000 } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext({ locale, viewport: { width, height } });
  await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: "" }));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const shoot = async (name) => {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  return { browser, context, page, errors, shoot };
}

export const step = (name) => console.log(`- ${name}`);
