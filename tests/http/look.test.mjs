// look.test.mjs — the shop's own look and the small things of issue 13:
// the name, logo and accent colour set on the policies page and shown on
// every page and the return slip (bad colours and bad logos refused), the
// timeline's English read as sentences, the survey's labelled scales and
// the public pages' meta description.
//
// The brand is one row for the whole shop: this file sets it, checks it and
// puts the neutral look back at the end, whatever happened.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  Client, caseNoOf, completedCase, fieldErrors, freshCustomer, giveRiskHistory, langStrings, png, pngOfSize,
  sql, staffAs, staffStep, stripTags, submitRequest, unescapeHtml,
} from './lib.mjs';

const EN = langStrings('en');
const ZH = langStrings('zh-CN');

function brandRow() {
  const [[name, accent, hasLogo]] = sql('SELECT name, accent, logo IS NOT NULL FROM shop_brand WHERE id = 1');
  return { name, accent, hasLogo: hasLogo === '1' };
}

async function postBrand(fields, logo = null) {
  const m = await staffAs('manager');
  await m.get('/staff/admin/policies');
  const parts = [['csrf', m.csrf]];
  for (const [k, v] of Object.entries(fields)) parts.push([k, v]);
  if (logo) parts.push(['logo', logo]);
  return m.postMultipart('/staff/admin/brand', parts);
}

const neutral = () => postBrand({ shop_name: '', accent: '', logo_remove: '1' });

describe("the shop's look", () => {
  before(neutral);
  after(neutral);

  test('a colour that is not #rrggbb, or too light, is refused and nothing changes', async () => {
    const was = brandRow();
    for (const [accent, key] of [['red;}', 'err_accent_form'], ['red', 'err_accent_form'], ['#fff', 'err_accent_form'],
      ['#0b6bcb;}body{display:none', 'err_accent_form'], ['#ffff00', 'err_accent_contrast']]) {
      const res = await postBrand({ shop_name: 'X', accent });
      assert.equal(res.status, 400, `accent ${accent}`);
      assert.equal(unescapeHtml(fieldErrors(res.text).accent || ''), EN[key], `accent ${accent}: the message`);
      assert.ok(res.text.includes('id="brand"'), 'the policies page comes back with the form');
      assert.deepEqual(brandRow(), was, `accent ${accent}: nothing saved`);
    }
    const long = await postBrand({ shop_name: '店'.repeat(61), accent: '' });
    assert.equal(long.status, 400, 'a name of 61 characters');
    assert.ok(fieldErrors(long.text).shop_name);
  });

  test('a logo that is not an image, too large, or an SVG with script is refused', async () => {
    const was = brandRow();
    const bad = [
      ['text', { filename: 'logo.png', type: 'image/png', data: Buffer.from('not an image at all') }],
      ['oversize', { filename: 'big.png', type: 'image/png', data: pngOfSize(300 * 1024) }],
      ['svg with script', { filename: 'logo.svg', type: 'image/svg+xml',
        data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>') }],
      ['html', { filename: 'logo.jpg', type: 'image/jpeg', data: Buffer.from('<html><script>alert(1)</script></html>') }],
    ];
    for (const [what, file] of bad) {
      const res = await postBrand({ shop_name: 'X', accent: '' }, file);
      assert.equal(res.status, 400, what);
      const msg = unescapeHtml(fieldErrors(res.text).logo || '');
      assert.equal(msg, what === 'oversize' ? EN.err_logo_large : EN.err_logo_type, `${what}: the message`);
      assert.deepEqual(brandRow(), was, `${what}: nothing saved`);
    }
    assert.equal((await new Client().get('/brand/logo')).status, 404, 'still no logo');
  });

  test('name, logo and accent show on every page and on the return slip; the neutral look comes back', async () => {
    const logo = png(40, 20, [120, 30, 90]);
    const res = await postBrand({ shop_name: '小店 <b>Look</b>', accent: '#7a1f5c' }, { filename: 'logo.png', type: 'image/png', data: logo });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.deepEqual(brandRow(), { name: '小店 <b>Look</b>', accent: '#7a1f5c', hasLogo: true });
    const [[gen]] = sql("SELECT gen FROM data_versions WHERE name = 'brand'");

    const cust = await freshCustomer('LOOK', [{ sku: 'LOOK-1', name: '台灯', category: 'appliance', qty: 1, unit_price_fen: 9900 }]);
    giveRiskHistory(cust.phone, 'medium');
    const { res: made } = await submitRequest(cust.client, cust.orderNo, {
      type: 'return_refund', reason: 'quality_defect', qty: { [cust.order.items[0].id]: 1 },
    });
    const caseNo = caseNoOf(made);
    await staffStep('agent', caseNo, 'approve');
    const pages = [
      [new Client(), '/login'], [new Client(), '/staff/login'], [cust.client, '/my/orders'], [cust.client, `/my/requests/${caseNo}`],
      [cust.client, `/my/requests/${caseNo}/slip`], [await staffAs('manager'), '/staff/queue'], [new Client(), '/no-such-page'],
    ];
    for (const [c, path] of pages) {
      const page = await c.get(path);
      assert.ok([200, 404].includes(page.status), `${path}: ${page.status}`);
      assert.ok(page.text.includes(`<link rel="stylesheet" href="/brand.css?v=${gen}">`), `${path}: the accent's stylesheet`);
      assert.ok(page.text.includes(`<img class="logo" src="/brand/logo?v=${gen}" alt="" height="32">`), `${path}: the logo`);
      assert.ok(page.text.includes('小店 &lt;b&gt;Look&lt;/b&gt;'), `${path}: the name, escaped`);
      assert.ok(!page.text.includes('<b>Look</b>'), `${path}: never as markup`);
      assert.match(page.text, /<title>[^<]* · 小店 &lt;b&gt;Look&lt;\/b&gt;<\/title>/, `${path}: in the title`);
      assert.doesNotMatch(page.text, /<style|style="/, `${path}: no inline style (the CSP allows none)`);
    }
    const slip = await cust.client.get(`/my/requests/${caseNo}/slip`);
    assert.match(slip.text, /<p class="slip-shop" id="slip-shop"><img class="logo"[^>]*> 小店 &lt;b&gt;Look&lt;\/b&gt;<\/p>/, 'the slip carries the shop');

    const css = await new Client().get(`/brand.css?v=${gen}`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    assert.match(css.text, /^:root \{ --brand: #7a1f5c; \}/);
    assert.match(css.headers.get('content-security-policy'), /default-src 'self'/);
    const img = await new Client().get(`/brand/logo?v=${gen}`);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
    assert.ok(img.bytes.equals(logo), 'the very bytes uploaded');
    assert.match(img.headers.get('content-security-policy'), /sandbox/, 'sandboxed like every image');
    assert.equal(img.headers.get('x-content-type-options'), 'nosniff');

    // The policies page shows what is set.
    const pol = await (await staffAs('manager')).get('/staff/admin/policies');
    assert.match(pol.text, /id="accent"[^>]*value="#7a1f5c"/);
    assert.ok(pol.text.includes('id="brand-logo-now"'));

    // Back to neutral: no stylesheet, no logo, the site's own name.
    assert.equal((await neutral()).status, 303);
    assert.deepEqual(brandRow(), { name: '', accent: '', hasLogo: false });
    const plain = await new Client().get('/login');
    assert.ok(!plain.text.includes('/brand.css'), 'neutral: no accent stylesheet');
    assert.ok(!plain.text.includes('/brand/logo'), 'neutral: no logo');
    assert.ok(plain.text.includes(`<a class="brand" href="/">${EN.site_name}</a>`), 'neutral: the site name');
    assert.equal((await new Client().get('/brand/logo')).status, 404);
    assert.match((await new Client().get('/brand.css')).text, /neutral/);
  });
});

describe('the English reads as sentences', () => {
  // What a button says (templates/staff_case.cs) must never be a timeline line.
  const BARE = /^(Approve|Reject|Refund|Complete|Close|Assign|Ship|Receive|Record|Confirm|Submit|Cancel|Inspect|Arrive|Repair)\b(?!ed)/;

  test('every timeline text of the English file is a sentence, not a command', () => {
    const done = Object.keys(EN).filter((k) => k.startsWith('tl_'));
    assert.ok(done.length >= 20, `${done.length} timeline texts`);
    for (const k of done) {
      assert.doesNotMatch(EN[k], BARE, `${k} = ${EN[k]}`);
      assert.ok(ZH[k], `${k} in Chinese too`);
    }
    for (const a of ['submit', 'resubmit', 'cancel', 'approve', 'reject', 'shipment', 'receive', 'inspect_pass', 'inspect_fail',
      'refund', 'ship', 'convert_to_refund', 'assign', 'arrive', 'repaired', 'complete', 'close', 'refund_failed', 'pickup',
      'pickup_booked', 'pickup_moved', 'survey_invite', 'survey_answer', 'followup'])
      assert.ok(EN[`tl_${a}`], `the event ${a} has its sentence`);
  });

  test("a case's timeline, in English for the customer and staff, and in Chinese", async () => {
    const c = await completedCase('LOOKW');
    const lines = (html) => {
      const ol = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(html);
      assert.ok(ol, 'the page has a timeline');
      return [...ol[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unescapeHtml(stripTags(m[1])).replace(/\s+/g, ' ').trim());
    };
    const mine = lines((await c.client.get(`/my/requests/${c.caseNo}`)).text);
    assert.ok(mine.length >= 4, mine.join('\n'));
    for (const line of mine) {
      const text = line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d /, '');
      assert.doesNotMatch(text, BARE, `a bare verb: ${line}`);
      assert.match(text, / by (you|the service team|the system)\b/, `says who: ${line}`);
      assert.match(text, / · Status: \S/, `says where it stands: ${line}`);
      assert.ok(!text.includes('→'), `no arrow: ${line}`);
    }
    assert.ok(mine.some((l) => l.includes(`${EN.tl_approve} ${EN.by_staff}`)), `"Approved by the service team": ${mine.join(' | ')}`);
    assert.ok(mine.some((l) => l.includes(`${EN.tl_submit} ${EN.by_you}`)), 'the customer reads "by you"');
    const staff = lines((await (await staffAs('agent')).get(`/staff/cases/${c.caseNo}`)).text);
    for (const line of staff) assert.doesNotMatch(line.replace(/^\S+ \S+ /, ''), BARE, `staff: ${line}`);
    assert.ok(staff.some((l) => l.includes(`${EN.tl_submit} ${EN.by_customer}`)), 'staff read "by the customer"');
    await c.client.get('/lang/zh-CN?back=/');
    const zh = lines((await c.client.get(`/my/requests/${c.caseNo}`)).text);
    assert.ok(zh.every((l) => l.includes(ZH.timeline_status)), zh.join('\n'));
    assert.ok(zh.some((l) => l.includes(ZH.tl_approve)), 'Chinese too');
  });
});

describe('the survey and the public pages', () => {
  test('the survey labels each point of 1–5 and the ends of 0–10, in both languages', async () => {
    const c = await completedCase('LOOKS');
    for (const [lang, L] of [['en', EN], ['zh-CN', ZH]]) {
      await c.client.get(`/lang/${lang}?back=/`);
      const page = await c.client.get(`/my/requests/${c.caseNo}/survey`);
      assert.equal(page.status, 200);
      const five = /<fieldset class="scale scale-five"[\s\S]*?<\/fieldset>/.exec(page.text)[0];
      for (let i = 1; i <= 5; i++)
        assert.match(five, new RegExp(`value="${i}"> <span class="n">${i}</span> <span class="t">${L[`survey_scale_${i}`]}</span>`), `${lang}: ${i}`);
      const long = /<fieldset class="scale scale-long"[^>]*>[\s\S]*?<\/fieldset>/.exec(page.text)[0];
      assert.match(long, /aria-describedby="ends-recommend"/);
      assert.ok(long.includes(`0 = ${L.survey_long_lo}`) && long.includes(`10 = ${L.survey_long_hi}`), `${lang}: the ends`);
      assert.equal((long.match(/type="radio"/g) || []).length, 11);
    }
  });

  test('the sign-in pages have a meta description; signed-in pages do not need one', async () => {
    for (const [lang, L] of [['en', EN], ['zh-CN', ZH]]) {
      const c = new Client();
      await c.get(`/lang/${lang}?back=/`);
      for (const path of ['/login', '/register', '/forgot', '/staff/login']) {
        const page = await c.get(path);
        assert.ok(page.text.includes(`<meta name="description" content="${L.meta_description}">`), `${lang} ${path}`);
      }
    }
    const m = await staffAs('manager');
    assert.ok(!(await m.get('/staff/queue')).text.includes('name="description"'));
  });
});
