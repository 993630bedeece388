// desk.test.mjs (browser) — the staff desk's role views (issue 14) at phone
// (360 px) and desktop (1280 px) size, in Chinese and English: each role
// signs in and lands on its own view, with every view and its count a link;
// the agent opens another role's view, checks a row and opens the bulk
// assignment's answer. Every page passes the checks of browser.mjs and is
// saved as a screenshot.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, importOrders, orderDoc, register, submitRequest, uniqueOrderNo, uniquePhone } from '../http/lib.mjs';
import { Actor, LANGS, VIEWPORTS, launch } from './browser.mjs';

const LANDING = { agent: 'new', warehouse: 'returning', finance: 'to_refund', logistics: 'to_ship', tech: 'my_repairs', manager: 'all' };

let browser;
let caseNo;

before(async () => {
  browser = await launch();
  // one submitted case, so the agent's view has a row to pick
  const phone = uniquePhone();
  const orderNo = uniqueOrderNo('DESKWEB');
  await importOrders([orderDoc({ orderNo, phone, items: [{ sku: 'EAR-01', name: '蓝牙耳机', category: 'electronics', qty: 1, unit_price_fen: 19900 }] })]);
  const client = await register(orderNo, phone, 'pw-deskweb-' + phone.slice(-4));
  const form = await client.get(`/my/orders/${orderNo}/new`);
  const id = /name="qty_(\d+)"/.exec(form.text)[1];
  const { res } = await submitRequest(client, orderNo, { type: 'return_refund', reason: 'quality_defect', description: '坏了', qty: { [id]: 1 } });
  caseNo = res.headers.get('location').split('/').pop();
});

after(async () => {
  await browser?.close();
});

for (const viewport of Object.keys(VIEWPORTS)) {
  for (const lang of LANGS) {
    describe(`role views, ${viewport}, ${lang}`, { concurrency: 1 }, () => {
      for (const [who, view] of Object.entries(LANDING)) {
        test(`${who} lands on ${view}`, async () => {
          const a = await new Actor(browser, { journey: 'desk', who, viewport, lang }).open();
          try {
            const p = a.page;
            await a.goto('/staff/login', 'login', { shot: false });
            await a.chooseLanguage('login', { shot: false });
            await p.fill('#login', `${who}@demo.local`);
            await p.fill('#password', DEMO_PASSWORD);
            await a.follow(p.locator('main form button[type=submit]'), 'queue');
            assert.equal(await p.locator('#view-title').getAttribute('data-view'), view);
            const links = p.locator('nav.views a');
            assert.equal(await links.count(), 13, 'every view is offered');
            const current = p.locator('nav.views a[aria-current="page"]');
            assert.equal(await current.getAttribute('data-view'), view);
            assert.match(await current.getAttribute('class'), /\bmine\b/);
            const shown = Number(await current.getAttribute('data-count'));
            const text = await current.locator('.count').innerText();
            assert.equal(text, shown >= 100 ? '99+' : String(shown), 'the count is on the link ("99+" past the cap)');
            if (who === 'agent') {
              await a.follow(p.locator('nav.views a[data-view="returning"]'), 'queue-returning');
              assert.equal(await p.locator('#view-title').getAttribute('data-view'), 'returning');
              await a.follow(p.locator('nav.views a[data-view="new"]'), 'queue-new', { shot: false });
              await p.fill('#q', caseNo);
              await a.follow(p.locator('form.filters button[type=submit]'), 'queue-search', { shot: false });
              await p.check(`#pick-${caseNo}`);
              await p.selectOption('#bulk-staff', { index: 1 });
              await a.follow(p.locator('#bulk button[type=submit]'), 'bulk-result');
              assert.equal(await p.locator(`#bulk-result li[data-case="${caseNo}"]`).count(), 1);
            }
          } finally {
            await a.close();
          }
        });
      }
    });
  }
}
