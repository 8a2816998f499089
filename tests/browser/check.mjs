// Visits every page of a built cxreport site in headless Chromium, the way a reader would.
//
// Serves the site on 127.0.0.1 under a sub-path (as GitHub Pages does for a project site) and
// also opens pages straight from disk (file://). Fails on any console error, failed or external
// request, HTTP error, broken link or anchor, image that does not load, or serious/critical axe
// violation. On a desktop (1280 px) and a phone (390 px) screen alike, no page scrolls sideways,
// every chart fits its box and its text is 11 to 24 px. Writes screenshots at 1280
// and 390 px wide into the artifacts folder.
//
// Usage: node check.mjs [SITE_DIR] [ARTIFACTS_DIR]

import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync } from "node:fs";
import { join, relative, extname, resolve, dirname } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const site = resolve(process.argv[2] ?? join(here, "../../public"));
const artifacts = resolve(process.argv[3] ?? join(here, "../../ci-artifacts"));
const prefix = "/reports/cx/"; // any sub-path must work
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".js": "text/javascript",
};

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const pages = files(site)
  .filter((f) => f.endsWith(".html"))
  .map((f) => relative(site, f).split("\\").join("/"))
  .sort();

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end("outside the site's sub-path");
    return;
  }
  const path = join(site, decodeURIComponent(url.pathname.slice(prefix.length)));
  if (!path.startsWith(site) || !existsSync(path) || statSync(path).isDirectory()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
  res.end(readFileSync(path));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let passed = 0;
const failures = [];
function check(ok, what) {
  if (ok) passed += 1;
  else failures.push(what);
}

// Ids of each page, to check anchors.
const ids = new Map();
function idsOf(page) {
  if (!ids.has(page)) {
    const html = readFileSync(join(site, page), "utf8");
    ids.set(page, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
  }
  return ids.get(page);
}

async function visit(context, url, label, { axe = true } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith("file://") && !u.startsWith("data:")) {
      problems.push(`external request: ${u}`);
    }
  });
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url, { waitUntil: "load" });
  const images = await page.$$eval("img", (imgs) =>
    imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src),
  );
  images.forEach((src) => problems.push(`image did not load: ${src}`));
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (!lang) problems.push("no lang attribute on <html>");
  if (axe) {
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        problems.push(`axe ${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      }
    }
  }
  check(problems.length === 0, `${label}:\n    ${problems.join("\n    ")}`);
  return page;
}

// What a reader of `page` cannot see whole or tap: a page wider than the screen, a chart wider
// than its box, chart text smaller than 11 px or larger than 24 px (a chart's text scales with its
// drawing's width), on a phone the table of what a score varies with scrolling sideways or a
// table that does scroll hiding its rows' names, or a table of values by period opening without
// its latest period in view, on a desktop a table per period scrolling sideways,
// a navigation link smaller than 24 px (WCAG 2.2's minimum target size).
async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth) problems.push(`the page is ${width} px wide on a ${window.innerWidth} px screen`);
    for (const svg of document.querySelectorAll("svg.chart")) {
      const shown = svg.getBoundingClientRect();
      if (shown.width === 0) continue; // the other size of the same chart
      const name = svg.querySelector("title")?.textContent;
      const box = svg.parentElement.getBoundingClientRect();
      if (shown.right > box.right + 0.5) problems.push(`chart "${name}" overflows its box`);
      const scale = shown.width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(t.getAttribute("font-size")));
      const smallest = Math.min(...sizes) * scale;
      if (smallest < 11) problems.push(`chart "${name}" has ${smallest.toFixed(1)} px text`);
      // A small drawing stretched over a wide box: a card's chart across a whole page.
      const largest = Math.max(...sizes) * scale;
      if (largest > 24) problems.push(`chart "${name}" has ${largest.toFixed(1)} px text`);
    }
    // On a phone, the four columns of what a score varies with fit without scrolling.
    for (const table of document.querySelectorAll("table.explained")) {
      const box = table.parentElement;
      if (window.innerWidth <= 600 && box.scrollWidth > box.clientWidth + 1) {
        problems.push(`the table of what the score varies with is ${box.scrollWidth} px wide in a ${box.clientWidth} px box`);
      }
    }
    // On a desktop, a survey's or value's table per period fits its column, opened: its response
    // rates once sat off to the right, each squeezed onto four lines.
    for (const table of window.innerWidth > 600 ? document.querySelectorAll("table.periods") : []) {
      const details = table.closest("details");
      const open = details?.open;
      if (details) details.open = true;
      const box = table.parentElement;
      if (box.scrollWidth > box.clientWidth + 1) {
        problems.push(`the table per period is ${box.scrollWidth} px wide in a ${box.clientWidth} px box`);
      }
      if (details) details.open = open;
    }
    // On a phone, a table that scrolls sideways keeps each row's name in view.
    for (const box of document.querySelectorAll(".table-scroll")) {
      if (window.innerWidth > 600 || box.scrollWidth <= box.clientWidth + 1) continue;
      const start = box.scrollLeft;
      if (box.classList.contains("latest-end")) {
        const latest = [...box.querySelectorAll("thead th")].pop();
        if (latest.getBoundingClientRect().right > box.getBoundingClientRect().right + 1) {
          problems.push(`a table of values by period opens without its latest period ("${latest.textContent}") in view`);
        }
      }
      // Both ends: a box laid out right to left (opened at its latest periods) scrolls to
      // negative offsets.
      for (const end of [box.scrollWidth, -box.scrollWidth]) {
        box.scrollLeft = end;
        const left = box.getBoundingClientRect().left;
        const hidden = [...box.querySelectorAll("tbody th")].filter((th) => th.getBoundingClientRect().left < left - 1);
        if (hidden.length) problems.push(`scrolled sideways, a table hides the names of its rows ("${hidden[0].textContent}")`);
      }
      box.scrollLeft = start;
    }
    for (const link of document.querySelectorAll(".site-header nav a")) {
      const { width, height } = link.getBoundingClientRect();
      if (width < 24 || height < 24) problems.push(`navigation link "${link.textContent}" is ${width.toFixed(0)} x ${height.toFixed(0)} px`);
    }
    return problems;
  });
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
for (const path of pages) {
  const page = await visit(context, base + path, path);
  const layout = await layoutProblems(page);
  check(layout.length === 0, `${path} at 1280 px:\n    ${layout.join("\n    ")}`);
  // Every link inside the site resolves to a file, and its anchor to an id.
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
  for (const href of hrefs) {
    if (/^[a-z]+:/i.test(href)) {
      check(/^(https?|mailto):/i.test(href), `${path}: unexpected link scheme ${href}`);
      continue;
    }
    check(!href.startsWith("/"), `${path}: link ${href} is not relative`);
    const [file, anchor] = href.split("#");
    const target = file === "" ? path : relative(".", join(dirname(path), file)).split("\\").join("/");
    const exists = existsSync(join(site, target)) && statSync(join(site, target)).isFile();
    check(exists, `${path}: link ${href} points to a missing file ${target}`);
    if (exists && anchor && target.endsWith(".html")) {
      check(idsOf(target).has(anchor), `${path}: link ${href} points to a missing anchor`);
    }
  }
  await page.close();
}

// Opened straight from disk, the same pages must work (no server, no sub-path).
const fromDisk = ["index.html", pages.find((p) => p.startsWith("surveys/") && p.split("/").length > 3)].filter(Boolean);
for (const path of fromDisk) {
  const page = await visit(context, pathToFileURL(join(site, path)).href, `file://${path}`, { axe: false });
  await page.close();
}

// On a phone: the same pages, read without sideways scrolling.
{
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  for (const path of pages) {
    const page = await phone.newPage();
    await page.goto(base + path, { waitUntil: "load" });
    const problems = await layoutProblems(page);
    check(problems.length === 0, `${path} at 390 px:\n    ${problems.join("\n    ")}`);
    await page.close();
  }
  await phone.close();
}

// Screenshots for people to look at.
mkdirSync(artifacts, { recursive: true });
const shots = ["index.html", ...pages.filter((p) => /^surveys\/[^/]+\/index\.html$/.test(p)), "methodology.html", ...pages.filter((p) => p === "benchmarks.html")];
const valuePage = pages.find((p) => p.split("/").length === 4);
if (valuePage) shots.push(valuePage);
for (const width of [1280, 390]) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  for (const path of shots) {
    const page = await ctx.newPage();
    await page.goto(base + path, { waitUntil: "load" });
    const name = `${path.replace(/\.html$/, "").replaceAll("/", "_")}-${width}.png`;
    await page.screenshot({ path: join(artifacts, name), fullPage: true });
    await page.close();
  }
  await ctx.close();
}

// Keyboard: the first Tab reaches the skip link, and following it moves focus into <main>.
{
  const page = await context.newPage();
  await page.goto(base + "index.html", { waitUntil: "load" });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.className);
  check(first === "skip", `keyboard: the first Tab focuses "${first}", not the skip link`);
  await page.keyboard.press("Enter");
  // Following a link to an anchor updates the address a moment after the key press.
  await page.waitForURL(/#main$/, { timeout: 5000 }).catch(() => {});
  check(page.url().endsWith("#main"), `keyboard: the skip link leads to ${page.url()}`);
  await page.close();
}

// Print: no navigation, and the tables and theme comments folded into <details> on screen are
// on paper.
// Printed, the overview and every survey's page (their tables differ: a survey with long
// values and 12 months cut one off); their PDFs go to the artifacts, to look at.
{
  const page = await context.newPage();
  const surveys = shots.filter((p) => /^surveys\/[^/]+\/index\.html$/.test(p));
  for (const path of ["index.html", ...surveys]) {
    await page.goto(base + path, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    // A closed box hides its content through its ::details-content, which print must show:
    // the content itself still has a size, so its size tells nothing.
    const hidden = await page.$$eval("details.table-box, details.theme-examples", (folded) =>
      folded.filter((d) => getComputedStyle(d, "::details-content").contentVisibility !== "visible").length,
    );
    check(hidden === 0, `print ${path}: ${hidden} folded tables or theme comments would not print`);
    const nav = await page.$eval(".site-header nav", (n) => getComputedStyle(n).display);
    check(nav === "none", `print ${path}: navigation prints (display ${nav})`);
    // A legend's keys are backgrounds, which print only when the page asks: without them, a
    // printed legend does not say which colour is which.
    const keys = await page.$$eval(".key", (keys) =>
      keys.filter((k) => getComputedStyle(k, "::before").printColorAdjust !== "exact").length,
    );
    check(keys === 0, `print ${path}: ${keys} legend keys would print without their colour`);
    // Paper does not scroll: at an A4 page's width (718 px inside its margins), no table may
    // be wider than its box, or its last columns are cut off.
    await page.setViewportSize({ width: 718, height: 1000 });
    const cut = await page.$$eval(".table-scroll", (boxes) =>
      boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).length,
    );
    check(cut === 0, `print ${path}: ${cut} tables are cut off at an A4 page's width`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.pdf({ path: join(artifacts, `${path.replace(/\.html$/, "").replaceAll("/", "_")}.pdf`), format: "A4" });
    await page.emulateMedia({ media: "screen" });
  }
  await page.close();
}

// Dark mode, for people to look at.
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
  const page = await ctx.newPage();
  await page.goto(base + "index.html", { waitUntil: "load" });
  await page.screenshot({ path: join(artifacts, "index-dark-1280.png"), fullPage: true });
  await ctx.close();
}

await browser.close();
server.close();
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`browser: ${pages.length} pages visited, screenshots in ${relative(process.cwd(), artifacts) || "."}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
