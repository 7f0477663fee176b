// ui.test.mjs — headless Chromium tests of what an analyst sees (stage: present).
// Run by tests/browser/run.sh, which builds the example database, writes the
// report file, starts `parley serve` and passes, in the environment:
//   REPORT_FILE      the HTML file of `parley report USA RUS`
//   SERVE_URL        http://127.0.0.1:PORT/ of `parley serve`
//   CONTACTS         contact days of USA–RUS (`parley rhythm USA RUS -f json` .contacts)
//   CONTACTS_FROM    the same from FROM_DATE on
//   FROM_DATE        a filter date for the live page
//   ARTIFACTS        folder for the screenshots
//   CHROMIUM         the browser (default /usr/bin/chromium)
// Checks, for the report file and for the live page: the charts drew (SVG marks,
// one per contact day of the example dyad, the Anchorage summit and the calls
// among them), hovering a contact shows its events, evidence and source, Chinese
// and English text is drawn with real fonts (CDP CSS.getPlatformFontsForNode),
// nothing overflows 1280 px, no request leaves the file or the server, and the
// console has no errors. Screenshots are kept in ARTIFACTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const env = process.env;
const CONTACTS = Number(env.CONTACTS);
const ARTIFACTS = env.ARTIFACTS || ".";
let browser;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});
after(async () => { if (browser) await browser.close(); });

// A page that records console errors, page errors and every request.
async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const log = { errors: [], requests: [] };
  page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("request", (r) => log.requests.push(r.url()));
  return { page, log };
}

// The checks shared by the report file and the live page.
async function checkCharts(page, contacts, label) {
  const marks = page.locator("svg#chart-contacts g.contact");
  assert.equal(await marks.count(), contacts, `${label}: one contact mark per contact day`);
  assert.equal(Number(await page.locator("main.parley-report").getAttribute("data-contacts")), contacts);
  for (const id of ["chart-timeline", "chart-contacts", "chart-goldstein", "chart-compare"]) {
    const box = await page.locator(`svg#${id}`).boundingBox();
    assert.ok(box && box.width > 600 && box.height > 120, `${label}: ${id} is drawn (${JSON.stringify(box)})`);
    assert.ok(box.x >= 0 && box.x + box.width <= 1280, `${label}: ${id} fits in 1280 px`);
    const title = await page.locator(`svg#${id} text.chart-title`).textContent();
    assert.match(title, /[\u4e00-\u9fff].*·.*[A-Za-z]/, `${label}: ${id} has a Chinese and English title`);
  }
  assert.ok((await page.locator("svg#chart-timeline rect.bar").count()) > 0, `${label}: timeline bars`);
  assert.ok((await page.locator("svg#chart-goldstein circle.point").count()) > 0, `${label}: Goldstein points`);
  assert.ok((await page.locator("svg#chart-compare rect.bar").count()) > 0, `${label}: partner bars`);
  assert.ok((await page.locator("svg .legend").count()) >= 8, `${label}: legends`);
  // every contact mark is visible, with a non-zero circle
  for (let i = 0; i < contacts; i++) {
    const b = await marks.nth(i).locator("circle.mark").boundingBox();
    assert.ok(b && b.width >= 8, `${label}: contact mark ${i} is visible`);
  }
  return marks;
}

async function markFor(page, day) {
  const titles = await page.locator("svg#chart-contacts g.contact > title").allTextContents();
  const i = titles.findIndex((t) => t.startsWith(day));
  assert.ok(i >= 0, `a contact on ${day} (contacts: ${titles.map((t) => t.slice(0, 10)).join(", ")})`);
  return page.locator("svg#chart-contacts g.contact").nth(i);
}

async function checkHover(page, day, expect, label, shot) {
  const mark = await markFor(page, day);
  await mark.locator("circle.hit").hover();
  const tip = page.locator("#parley-tip");
  await tip.waitFor({ state: "visible", timeout: 3000 });
  if (shot) await page.screenshot({ path: path.join(ARTIFACTS, shot) });
  const text = await tip.textContent();
  assert.ok(text.includes(day), `${label}: the hover box names the day ${day}`);
  for (const e of expect) assert.ok(text.includes(e), `${label}: the hover box of ${day} shows "${e}": ${text.slice(0, 300)}`);
  const box = await tip.boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 800, `${label}: the hover box is on screen`);
  await page.mouse.move(2, 2);
  await tip.waitFor({ state: "hidden", timeout: 3000 });
}

// The platform fonts Chromium used for the text of the first element matching selector.
async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  assert.ok(nodeId, `element ${selector}`);
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

async function checkFonts(page, label) {
  const fonts = await fontsOf(page, "p.subtitle");
  const cjk = fonts.find((f) => /CJK|SC|Han|Hei|Song|Ming/i.test(f.familyName) && f.glyphCount > 0);
  assert.ok(cjk, `${label}: Chinese text drawn with a CJK font: ${JSON.stringify(fonts)}`);
  const total = fonts.reduce((n, f) => n + f.glyphCount, 0);
  assert.ok(total > 20, `${label}: the subtitle's glyphs are drawn (${total})`);
}

test("report file: charts, contacts, hover, fonts, no network, no console errors", async () => {
  const { page, log } = await openPage();
  const url = "file://" + path.resolve(env.REPORT_FILE);
  await page.goto(url, { waitUntil: "load" });
  await checkCharts(page, CONTACTS, "report");
  await checkHover(page, "2025-08-15", ["阿拉斯加", "来源 source"], "report", "report-hover.png");
  await checkHover(page, "2025-02-12", ["通联"], "report");
  await markFor(page, "2025-12-29");
  // the claims table: the contested drone attack with each stance
  const claims = await page.locator("table.claims").textContent();
  for (const s of ["asserts", "denies", "doubts", "新华网"]) assert.ok(claims.includes(s), `report: claims table shows ${s}`);
  await checkFonts(page, "report");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 1280, `report: no horizontal scrolling at 1280 px (${width})`);
  const outside = log.requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
  assert.deepEqual(outside, [], "report: nothing is fetched at view time");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, "report-1280x800.png") });
  await page.screenshot({ path: path.join(ARTIFACTS, "report-full.png"), fullPage: true });
  assert.deepEqual(log.errors, [], "report: no console errors");
  await page.close();
});

test("live page: loads the dyad, filters, completion, hover, no console errors", async () => {
  const { page, log } = await openPage();
  const base = new URL(env.SERVE_URL);
  await page.goto(new URL("?a=USA&b=RUS", base).href);
  await page.waitForSelector("body[data-state=ready]", { timeout: 30000 });
  await checkCharts(page, CONTACTS, "page");
  await checkHover(page, "2025-08-15", ["阿拉斯加"], "page", "page-hover.png");
  await checkFonts(page, "page");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, "page-1280x800.png") });
  await page.screenshot({ path: path.join(ARTIFACTS, "page-full.png"), fullPage: true });

  // the date filter: fewer contacts, the address follows the filters
  await page.fill("#f-from", env.FROM_DATE);
  await page.click("form.filters button[type=submit]");
  await page.waitForFunction(
    (d) => document.body.dataset.state === "ready" && location.search.includes("from=" + d), env.FROM_DATE, { timeout: 30000 });
  await page.waitForFunction((n) => document.querySelectorAll("svg#chart-contacts g.contact").length === n,
    Number(env.CONTACTS_FROM), { timeout: 10000 });
  await checkCharts(page, Number(env.CONTACTS_FROM), "page (from " + env.FROM_DATE + ")");

  // completion of actor names in either language
  await page.fill("#f-a", "普京");
  await page.waitForFunction(() => [...document.querySelectorAll("#actors-a option")].some((o) => o.value === "RUSGOV"),
    null, { timeout: 5000 });

  const outside = log.requests.filter((u) => !u.startsWith(base.origin) && !u.startsWith("data:"));
  assert.deepEqual(outside, [], "page: no request leaves the server");
  assert.deepEqual(log.errors, [], "page: no console errors");

  // an unknown actor: the server's message is shown (the failed request itself is logged by the browser)
  await page.fill("#f-a", "Nobodyland");
  await page.click("form.filters button[type=submit]");
  await page.waitForSelector("body[data-state=error]", { timeout: 10000 });
  assert.match(await page.locator("#status").textContent(), /unknown actor 'Nobodyland'/);
  assert.ok(log.errors.every((e) => /status of 404/.test(e)), "page: only the expected 404 is logged: " + log.errors);
  await page.close();
});
