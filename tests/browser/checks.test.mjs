// checks.test.mjs — the page checks of browser.mjs catch what they promise
// to catch: a real page of the site (the sign-in page at phone size) passes,
// and the same page with one problem put in fails with exactly that
// problem. Without this a journey that passes could be one whose checks
// look at nothing.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { BASE } from '../http/lib.mjs';
import { Actor, launch } from './browser.mjs';

describe('page checks', () => {
  let browser;
  let a;

  before(async () => {
    browser = await launch();
    a = await new Actor(browser, { journey: 'checks', who: 'visitor', viewport: 'phone', lang: 'zh-CN' }).open();
  });

  after(async () => {
    await a?.close();
    await browser?.close();
  });

  beforeEach(async () => {
    await a.page.goto('/login', { waitUntil: 'load' });
  });

  /** Puts html at the end of <main>. */
  function inject(html) {
    return a.page.evaluate((h) => document.querySelector('main').insertAdjacentHTML('beforeend', h), html);
  }

  async function problems() {
    try {
      await a.check('x', { shot: false });
    } catch (err) {
      assert.ok(Array.isArray(err.actual), `check failed for another reason: ${err.stack}`);
      return err.actual;
    }
    return [];
  }

  test('the sign-in page as served passes every check', async () => {
    assert.deepEqual(await problems(), []);
  });

  test('a field without a label fails; label[for], a wrapping label and aria-label pass', async () => {
    await inject(
      '<input name="lonely" type="text"><select id="s1"></select><textarea name="t1"></textarea>' +
        '<label for="f1">F</label><input id="f1" name="f1"><label>W <input name="wrapped"></label>' +
        '<input name="aria" aria-label="A"><input type="hidden" name="h"><input type="submit">',
    );
    assert.deepEqual(await problems(), [
      'form field without a label: <input name="lonely">',
      'form field without a label: <select id="s1">',
      'form field without a label: <textarea name="t1">',
    ]);
  });

  test('something wider than a phone fails, naming what is too wide', async () => {
    // Through the CSSOM: the site's CSP blocks style attributes (next test).
    await a.page.evaluate(() => {
      const div = document.createElement('div');
      div.className = 'too-wide';
      div.textContent = 'a line of 600 px';
      div.style.width = '600px';
      document.querySelector('main').append(div);
    });
    const found = await problems();
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0], /^scrolls sideways on a phone: scrollWidth \d+ > clientWidth 360; too wide: .*too-wide/);
  });

  test('a style attribute, which the content security policy blocks, fails', async () => {
    await inject('<p style="color: red">x</p>');
    const found = await problems();
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0], /^console error: .*Content Security Policy/);
  });

  test('a link or an image to a missing page fails; other sites are not fetched', async () => {
    await inject(
      '<a href="/no-such-page-for-the-checks">x</a><img src="/static/no-such-image.png" alt="">' +
        '<a href="https://example.invalid/">elsewhere</a>',
    );
    await a.page.waitForTimeout(300); // the image's 404 reaches the console
    const found = await problems();
    assert.ok(found.includes(`broken link (404): ${BASE}/no-such-page-for-the-checks`), JSON.stringify(found));
    assert.ok(found.includes(`broken link (404): ${BASE}/static/no-such-image.png`), JSON.stringify(found));
    assert.ok(found.includes(`image did not load: ${BASE}/static/no-such-image.png`), JSON.stringify(found));
    assert.ok(!found.some((p) => p.includes('example.invalid')), JSON.stringify(found));
  });

  test('a console error and an uncaught exception fail', async () => {
    await a.page.evaluate(() => {
      console.error('checks: a console error');
      setTimeout(() => {
        throw new Error('checks: an uncaught exception');
      }, 0);
    });
    await a.page.waitForTimeout(300);
    const found = await problems();
    assert.ok(found.some((p) => p.startsWith('console error: checks: a console error')), JSON.stringify(found));
    assert.ok(found.some((p) => p.startsWith('page error: checks: an uncaught exception')), JSON.stringify(found));
  });

  test('a page that answers with an error status fails', async () => {
    await a.page.goto('/my/requests/AS000000000000/nothing-here', { waitUntil: 'load' });
    const found = await problems();
    assert.ok(found.some((p) => /^page answered 404: GET /.test(p)), JSON.stringify(found));
  });
});
