// Debian's Chromium driven by playwright-core, at a phone's size with touch.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = process.env.DOORSTEP_DIST ?? path.join(ROOT, 'dist');
const SHOTS = path.join(ROOT, 'target', 'screenshots');

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  timezoneId: 'Asia/Shanghai',
};

/** Every Content-Security-Policy violation any page of this test file met (app.mjs fails the file on any). */
export const cspViolations = [];

/** Reports every CSP violation in `context`'s pages into `cspViolations`. */
export async function watchCsp(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  context.on('console', (m) => {
    if (/Content Security Policy|CSP violation/.test(m.text())) cspViolations.push(`${m.text()} (${m.location()?.url ?? ''})`);
  });
  return context;
}

export async function launch() {
  const browser = await launchBare();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchCsp(await newContext(options));
  return browser;
}

function launchBare() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new phone-sized page; every console error and page error is collected in `page.errors`. */
export async function phone(browser, { locale = 'zh-CN', ...options } = {}) {
  const context = await browser.newContext({ ...PHONE, locale, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    // Failed loads are reported below with their address.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.errors.push(m.text());
  });
  page.on('response', (r) => r.status() >= 400 && page.errors.push(`HTTP ${r.status()} ${r.url()}`));
  return { context, page };
}

/** Saves a phone-sized screenshot as target/screenshots/<name>.png. */
export async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until `fn` (run in the page, may be async) answers truthy; `page.waitForFunction` does
 * not wait for a promise's answer. */
export async function until(page, fn, arg, { timeout = 20_000, every = 250 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`until: not so after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Whether the service worker has kept the page for offline use (and, `warmed`, everything else). */
export async function kept(warmed) {
  for (const name of await caches.keys()) {
    const keys = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    if (keys.includes('/index.html') && (!warmed || keys.some((k) => /^\/later-[0-9a-f]{16}\.json$/.test(k)))) return true;
  }
  return false;
}

/**
 * The app's service worker registration at `origin`, as the DevTools protocol names it, seen
 * from `page` (any page of the context): `{ cdp, registrationId }`, or `null` if none appears
 * within `ms`. Through it a test fires what the browser would (a sync, a periodic sync).
 */
export async function workerRegistration(page, origin, ms = 5_000) {
  const cdp = await page.context().newCDPSession(page);
  const found = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => found.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  for (let waited = 0; waited < ms && !found.some((r) => r.scopeURL.startsWith(origin)); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const registration = found.find((r) => r.scopeURL.startsWith(origin));
  return registration ? { cdp, registrationId: registration.registrationId } : null;
}
