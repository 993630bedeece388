// browser.mjs — what the browser journeys share: Debian's chromium driven by
// playwright-core (never a downloaded browser), one "actor" per person in a
// journey (a browser context of its own: cookies, viewport, language), and
// the checks every visited page must pass: no console or page error, no
// broken same-origin link or resource, a label for every form field, no
// horizontal scrolling on a phone, the page in the expected language. Each
// checked page is saved as a screenshot under var/test-output/screenshots/.
//
// Environment: as tests/http (AFTERCARE_URL, AFTERCARE_VAR), plus
// AFTERCARE_ROOT (where var/test-output is) and CHROMIUM (default
// /usr/bin/chromium).

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { BASE } from '../http/lib.mjs';

const ROOT = process.env.AFTERCARE_ROOT || new URL('../..', import.meta.url).pathname;
export const SHOTS = path.join(ROOT, 'var/test-output/screenshots');

export const VIEWPORTS = {
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};
/** zh-CN is the site's default; en is reached through the page's switch. */
export const LANGS = ['zh-CN', 'en'];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // As root (containers, CI) chromium refuses to start with its sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** The strings of one language (templates/lang/*.hdf, L { key = value }). */
export function strings(lang) {
  const out = {};
  const file = path.join(ROOT, 'templates/lang', `${lang}.hdf`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/**
 * One person in a journey: a fresh browser context (no cookies) with the
 * journey's viewport and language. Every page it loads is checked with
 * check(); errors seen by the browser at any time fail the next check.
 */
export class Actor {
  constructor(browser, { journey, who, viewport, lang, js = true }) {
    this.browser = browser;
    this.js = js; // false: a browser with JavaScript off
    this.journey = journey;
    this.who = who;
    this.viewportName = viewport;
    this.lang = lang;
    this.errors = [];
    this.pageLang = 'zh-CN'; // the site's default until the switch is used
    this.checkedLinks = new Map(); // url → status, so each is fetched once
  }

  async open() {
    this.context = await this.browser.newContext({
      ...VIEWPORTS[this.viewportName],
      baseURL: BASE,
      locale: 'zh-CN', // what a visitor in China sends; English is chosen on the page
      javaScriptEnabled: this.js,
    });
    this.context.setDefaultTimeout(30000); // a busy machine: pages may take seconds
    this.page = await this.context.newPage();
    this.page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console error: ${msg.text()} (${msg.location().url || this.page.url()})`);
    });
    this.page.on('pageerror', (err) => this.errors.push(`page error: ${err.message} (${this.page.url()})`));
    this.page.on('response', (res) => {
      const req = res.request();
      if (req.isNavigationRequest() && req.frame() === this.page.mainFrame() && res.status() >= 400)
        this.errors.push(`page answered ${res.status()}: ${req.method()} ${res.url()}`);
    });
    return this;
  }

  async close() {
    await this.context?.close();
  }

  /** Opens a path and checks the page. */
  async goto(urlPath, pageName, opts) {
    await this.page.goto(urlPath, { waitUntil: 'load' });
    await this.check(pageName, opts);
  }

  /** Clicks something that loads a new document (a link, a form's button),
   * waits for it and checks it. */
  async follow(locator, pageName, opts) {
    const loaded = this.page.waitForEvent('load');
    await locator.click();
    await loaded;
    await this.page.waitForLoadState('load');
    await this.check(pageName, opts);
  }

  /** Chooses the journey's language with the switch in the page header,
   * unless the page is in it already (zh-CN, the default). The page before
   * the switch is checked but not saved; the page after it is. */
  async chooseLanguage(pageName, opts) {
    const now = await this.page.locator('html').getAttribute('lang');
    if (now === this.lang) return;
    const sw = this.page.locator(`header a.lang[href^="/lang/${this.lang}?"]`);
    assert.equal(await sw.count(), 1, `a switch to ${this.lang} in the header (page is ${now})`);
    const before = new URL(this.page.url()).pathname;
    this.pageLang = this.lang;
    await this.follow(sw, pageName, opts);
    assert.equal(new URL(this.page.url()).pathname, before, 'the switch leads back to the same page');
  }

  shot(pageName) {
    return path.join(SHOTS, `${this.journey}-${this.viewportName}-${this.lang}-${this.who}-${pageName}.png`);
  }

  /** Every check on the page now shown, then a screenshot of it (unless
   * shot is false: the same page was saved already, by this actor or
   * another). */
  async check(pageName, { shot = true } = {}) {
    const page = this.page;
    const where = `${this.who} ${pageName} (${page.url()})`;
    const problems = [];

    const lang = await page.locator('html').getAttribute('lang');
    if (lang !== this.pageLang) problems.push(`page language is ${lang}, expected ${this.pageLang}`);

    const facts = await page.evaluate(() => {
      const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
      const describe = (el) =>
        `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.name ? ` name="${el.name}"` : ''}>`;
      const unlabelled = [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.tagName === 'INPUT' && skip.has(el.type)))
        .filter((el) => !(el.labels && el.labels.length > 0) && !(el.getAttribute('aria-label') || '').trim())
        .map(describe);
      const urls = [
        ...[...document.querySelectorAll('a[href]')].map((a) => a.href),
        ...[...document.querySelectorAll('link[href]')].map((l) => l.href),
        ...[...document.querySelectorAll('img[src], script[src]')].map((e) => e.src),
      ];
      const root = document.documentElement;
      const wide = [];
      if (root.scrollWidth > root.clientWidth) {
        // Boxes past the right edge, and boxes whose content (a long word)
        // spills out of them.
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          const cls = typeof el.className === 'string' && el.className ? `.${el.className.replace(/ /g, '.')}` : '';
          if (r.width > 0 && r.right > root.clientWidth + 0.5) wide.push(`${describe(el)}${cls} right=${Math.round(r.right)}`);
          else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
            wide.push(`${describe(el)}${cls} content ${el.scrollWidth}px in ${el.clientWidth}px`);
          if (wide.length >= 8) break;
        }
      }
      const brokenImages = [...document.images]
        .filter((img) => img.complete && img.naturalWidth === 0 && img.loading !== 'lazy')
        .map((img) => img.src);
      return { unlabelled, urls, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, brokenImages };
    });

    for (const f of facts.unlabelled) problems.push(`form field without a label: ${f}`);
    if (this.viewportName === 'phone' && facts.scrollWidth > facts.clientWidth)
      problems.push(`scrolls sideways on a phone: scrollWidth ${facts.scrollWidth} > clientWidth ${facts.clientWidth}; too wide: ${facts.wide.join(', ')}`);
    for (const src of facts.brokenImages) problems.push(`image did not load: ${src}`);
    for (const [url, status] of await this.checkLinks(facts.urls)) problems.push(`broken link (${status}): ${url}`);

    mkdirSync(SHOTS, { recursive: true });
    if (shot && this.pageLang === this.lang) await page.screenshot({ path: this.shot(pageName), fullPage: true });

    problems.push(...this.errors.splice(0));
    assert.deepEqual(problems, [], `${where}: ${problems.length} problem(s)`);
  }

  /**
   * Fetches each same-origin URL not fetched before with this actor's
   * cookies, redirects not followed and nothing stored (a link such as the
   * language switch sets a cookie: following it here must not change the
   * journey). Returns [url, status] of those answering >= 400.
   */
  async checkLinks(urls) {
    const origin = new URL(BASE).origin;
    const here = new URL(this.page.url());
    here.hash = '';
    const cookie = (await this.context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join('; ');
    const bad = [];
    const todo = new Set();
    const wanted = [];
    for (const raw of urls) {
      let u;
      try {
        u = new URL(raw);
      } catch {
        bad.push([raw, 'not a URL']);
        continue;
      }
      if (u.origin !== origin) continue;
      u.hash = '';
      if (u.href === here.href) continue; // "#main": this page, checked as it loaded
      wanted.push(u.href);
      if (!this.checkedLinks.has(u.href)) todo.add(u.href);
    }
    await Promise.all(
      [...todo].map(async (url) => {
        const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
        await res.arrayBuffer();
        this.checkedLinks.set(url, res.status);
      }),
    );
    for (const url of new Set(wanted)) {
      const status = this.checkedLinks.get(url);
      if (status >= 400) bad.push([url, status]);
    }
    return bad;
  }
}
