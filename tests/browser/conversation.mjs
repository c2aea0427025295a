// Conversations in headless Chromium: the admin sees a reply from the fediverse waiting on the
// dashboard, approves it in Comments, and finds it under the event with how many shared it; a
// reader reports a problem with the event from its page. Run by tests/api/browser.rs with
// BASE_URL, CHROMIUM and SCREENSHOTS set; the account alice / "correct horse battery" exists,
// the event "repair-night" has one reply waiting and one boost.
import assert from "node:assert/strict";
import { base, open, step } from "./setup.mjs";

const { browser, page, errors, shoot } = await open();

step("the dashboard says a comment waits; the admin approves it");
await page.goto(`${base}/admin/signin`);
await page.getByLabel("User name").fill("alice");
await page.getByLabel("Password").fill("correct horse battery");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(/\/admin$/);
await page.getByRole("link", { name: "One comment from the fediverse waits for review" }).click();
await page.waitForURL(/\/admin\/comments$/);
const item = page.locator("article.review-item").filter({ hasText: "Is it wheelchair accessible?" });
await item.waitFor();
await shoot("admin-comments");
await item.getByRole("button", { name: "Approve" }).click();
await page.waitForURL(/\/admin\/comments\?notice=saved$/);
assert.equal(await page.locator("article.review-item").count(), 0, "nothing waits any more");

step("the comment shows under the event, with who shared it");
await page.goto(`${base}/events/repair-night`);
const conversation = page.locator("section.conversation");
await conversation.getByRole("heading", { name: "One comment" }).waitFor();
assert.match(await conversation.locator(".comment").textContent(), /Is it wheelchair accessible\?/);
assert.match(await conversation.locator(".comment .handle").textContent(), /^@\w+@/);
assert.match(await conversation.locator(".reactions").textContent(), /One person shared this/);
await conversation.scrollIntoViewIfNeeded();
await shoot("event-comments");

{
  step("a reader reports a problem from the event's page");
  await page.getByRole("link", { name: "Report a problem with this entry" }).click();
  await page.waitForURL(/\/events\/repair-night\/report$/);
  await page.getByRole("radio").first().check();
  const message = page.getByRole("textbox").first();
  await message.fill("The address moved to 5 rue Pierre Bonnard.");
  await shoot("report");
  await page.getByRole("button").filter({ hasText: /report|send/i }).first().click();
  await page.waitForLoadState();
  assert.ok(!(await page.locator(".problems").count()), "sent without a problem");
}

assert.deepEqual(errors, [], "no script errors");
await browser.close();
console.log("conversation tests passed");
