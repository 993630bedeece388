// journey.test.mjs — the customer's whole journey on the demo data: sign
// in, see what each item qualifies for, file a return with photos, follow
// it, and cancel it. Uses demo customer 13800000001 and creates cases only
// on SO2026DEMO01 (no other file creates cases for this customer).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  CASE_NO,
  Client,
  DEMO_CUSTOMER,
  JPEG,
  assertRedirect,
  assertSecurityHeaders,
  caseNoOf,
  count,
  fieldErrors,
  login,
  orderCases,
  parseCasePage,
  parseOrders,
  parseRequestForm,
  png,
  q,
  requestParts,
  shanghaiDay,
  sql,
} from './lib.mjs';

// The page's English wording of the verdicts (templates/lang/en.hdf).
const NO_REASON = '7-day no-reason return';
const QUALITY_ONLY = 'quality problems only';
const WINDOW_PASSED = 'The time limit has passed';
const NOT_DELIVERED = 'Not delivered yet';
const TYPES = ['return_refund', 'exchange', 'refund_only', 'repair'];

function item(orders, orderNo, name) {
  const o = orders[orderNo];
  assert.ok(o, `order ${orderNo} is listed`);
  const it = o.items.find((i) => i.name === name);
  assert.ok(it, `${orderNo} lists ${name} (has: ${o.items.map((i) => i.name).join(', ')})`);
  for (const t of TYPES) assert.ok(it.types[t], `${name} says something about ${t}`);
  return it;
}

function assertOk(it, type, what = '') {
  const v = it.types[type];
  assert.equal(v.ok, true, `${it.name}: ${type} should be possible ${what} (page says: ${v.text})`);
  assert.equal(v.cls, 'ok', `${it.name}: ${type} class`);
}

function assertNo(it, type, why) {
  const v = it.types[type];
  assert.equal(v.ok, false, `${it.name}: ${type} should not be possible (page says: ${v.text})`);
  assert.equal(v.cls, 'no', `${it.name}: ${type} class`);
  if (why) assert.ok(v.text.includes(why), `${it.name}: ${type} says why "${why}" (page says: ${v.text})`);
}

describe('customer journey', () => {
  let c;
  let orders;

  before(async () => {
    c = await login(DEMO_CUSTOMER);
    const res = await c.get('/my/orders');
    assert.equal(res.status, 200);
    orders = parseOrders(res.text);
  });

  test('signing in sets an HttpOnly SameSite session cookie and / then leads to /my/orders', async () => {
    const fresh = new Client();
    await fresh.get('/login');
    const res = await fresh.postForm('/login', { csrf: fresh.csrf, login: DEMO_CUSTOMER, password: 'demo1234' });
    assertRedirect(res, '/my/orders');
    const sid = res.headers.getSetCookie().find((l) => l.startsWith('sid='));
    assert.ok(sid, 'Set-Cookie sid');
    assert.match(sid, /;\s*HttpOnly/i);
    assert.match(sid, /;\s*SameSite=Lax/i);
    assert.match(sid, /;\s*Path=\//i);
    assert.match(sid, /^sid=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/, 'token shape v1.<payload>.<mac>');
    assertRedirect(await fresh.get('/'), '/my/orders', 'home when signed in');
    const page = await fresh.get('/my/orders');
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, '/my/orders');
  });

  test('orders page lists all five demo orders of the customer and none of another', () => {
    for (const no of ['SO2026DEMO01', 'SO2026DEMO02', 'SO2026DEMO03', 'SO2026DEMO04', 'SO2026DEMO05'])
      assert.ok(orders[no], `${no} listed`);
    assert.equal(orders.SO2026DEMO11, undefined, "the second customer's order is not shown");
  });

  test('delivered 2 days ago: electronics may be returned without a reason, exchanged or repaired', () => {
    const ear = item(orders, 'SO2026DEMO01', '蓝牙耳机');
    assertOk(ear, 'return_refund');
    assert.ok(ear.types.return_refund.text.includes(NO_REASON), `no-reason return offered: ${ear.types.return_refund.text}`);
    assertOk(ear, 'exchange');
    assertOk(ear, 'repair');
    assert.match(ear.html, /¥398\.00/, 'paid for the line: 2 × 199.00');
    const tee = item(orders, 'SO2026DEMO01', '纯棉T恤');
    assertOk(tee, 'return_refund');
    assert.ok(tee.types.return_refund.text.includes(NO_REASON), `clothing allows no-reason returns: ${tee.types.return_refund.text}`);
    assert.ok(orders.SO2026DEMO01.canRequest, 'a request button');
  });

  test('delivered 10 days ago: no return any more, but exchange and repair', () => {
    const kettle = item(orders, 'SO2026DEMO02', '电热水壶');
    assertNo(kettle, 'return_refund', WINDOW_PASSED);
    assertOk(kettle, 'exchange');
    assertOk(kettle, 'repair');
  });

  test('delivered 40 days ago: only a warranty repair', () => {
    const bank = item(orders, 'SO2026DEMO03', '移动电源');
    assertOk(bank, 'repair', 'under the 365-day warranty');
    for (const t of ['return_refund', 'exchange', 'refund_only']) assertNo(bank, t, WINDOW_PASSED);
  });

  test('not delivered yet: only a refund for goods not received, and the request button for it', () => {
    const o = orders.SO2026DEMO04;
    assert.ok(o.items.length > 0, 'the order has items');
    for (const it of o.items) {
      for (const t of TYPES.filter((x) => x !== 'refund_only')) assertNo(it, t, NOT_DELIVERED);
      assertOk(it, 'refund_only'); // reason not_received (issue 13)
    }
    assert.equal(o.canRequest, true);
  });

  test('customised and perishable goods: quality returns only, never no-reason', () => {
    const mug = item(orders, 'SO2026DEMO05', '定制马克杯');
    assertOk(mug, 'return_refund');
    assert.ok(!mug.types.return_refund.text.includes(NO_REASON), `no no-reason return: ${mug.types.return_refund.text}`);
    assert.ok(mug.types.return_refund.text.includes(QUALITY_ONLY), `quality only: ${mug.types.return_refund.text}`);
    const nuts = item(orders, 'SO2026DEMO05', '坚果礼盒');
    assert.ok(!nuts.types.return_refund.text.includes(NO_REASON), `food: no no-reason return: ${nuts.types.return_refund.text}`);
  });

  describe('a return with two photos, followed and cancelled', () => {
    const photoPng = png(3, 2, [20, 160, 90]);
    const photoJpg = JPEG;
    let ear;
    let caseNo;
    let casePage;
    let casesBefore;

    before(() => {
      ear = item(orders, 'SO2026DEMO01', '蓝牙耳机');
      casesBefore = orderCases('SO2026DEMO01');
    });

    test('the request form offers every item, type and reason with a one-time nonce', async () => {
      const res = await c.get('/my/orders/SO2026DEMO01/new');
      assert.equal(res.status, 200);
      const form = parseRequestForm(res.text);
      assert.equal(form.orderNo, 'SO2026DEMO01');
      assert.match(form.nonce || '', /^[A-Za-z0-9_-]{16,32}$/);
      assert.deepEqual([...form.types].sort(), [...TYPES].sort());
      for (const r of ['quality_defect', 'not_as_described', 'damaged_in_transit', 'wrong_item', 'missing_parts', 'no_reason', 'other'])
        assert.ok(form.reasons.includes(r), `reason ${r}`);
      const row = form.items.find((i) => i.id === ear.id);
      assert.ok(row, 'the earphones have a quantity input');
      assert.equal(row.max, 2, 'at most the 2 bought');
      assert.equal(row.available, 2);
      assert.match(res.text, /<input id="photo" name="photo" type="file"[^>]* multiple/);
      const again = parseRequestForm((await c.get('/my/orders/SO2026DEMO01/new')).text);
      assert.notEqual(again.nonce, form.nonce, 'each form gets its own nonce');
    });

    test('submitting 1 of 2 earphones with two photos answers 303 to the new case', async () => {
      const formRes = await c.get('/my/orders/SO2026DEMO01/new');
      const form = parseRequestForm(formRes.text);
      const fd = new FormData();
      for (const [k, v] of requestParts(c, form, {
        type: 'return_refund',
        reason: 'no_reason',
        description: '左耳没有声音，想退货。',
        qty: { [ear.id]: 1 },
      }))
        fd.append(k, v);
      fd.append('photo', new Blob([photoPng], { type: 'image/png' }), '左耳.png');
      fd.append('photo', new Blob([photoJpg], { type: 'image/jpeg' }), 'box.jpg');
      const day0 = shanghaiDay();
      const res = await c.postMultipart('/my/requests', fd);
      caseNo = caseNoOf(res);
      assert.match(caseNo, CASE_NO);
      assert.ok([day0, shanghaiDay()].includes(caseNo.slice(2, 10)), `AS + today's date in Shanghai: ${caseNo}`);
      assert.equal(orderCases('SO2026DEMO01'), casesBefore + 1, 'one case more on the order');
    });

    test('the case page shows the item, the description, both photos, the timeline and a cancel form', async () => {
      assert.ok(caseNo, 'needs the case of the previous step');
      const res = await c.get(`/my/requests/${caseNo}`);
      assert.equal(res.status, 200);
      casePage = parseCasePage(res.text);
      assert.equal(casePage.state, 'submitted');
      assert.deepEqual(casePage.items, ['蓝牙耳机 × 1']);
      assert.ok(res.text.includes('左耳没有声音，想退货。'), 'the description');
      assert.equal(casePage.photos.length, 2);
      assert.deepEqual(casePage.photos.map((p) => p.alt).sort(), ['box.jpg', '左耳.png'].sort());
      assert.equal(casePage.events.length, 1, `one timeline entry: ${casePage.events}`);
      assert.match(casePage.events[0], /Submitted/, 'the entry leads to "submitted"');
      assert.ok(casePage.cancel, 'a cancel form while submitted');
      assert.match(casePage.version || '', /^\d+$/);
    });

    test('each photo comes back byte for byte with its image type, only to its owner', async () => {
      assert.ok(casePage, 'needs the case page');
      const got = [];
      for (const p of casePage.photos) {
        const res = await c.get(`/attachments/${p.id}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        got.push({ alt: p.alt, type: res.headers.get('content-type'), bytes: res.bytes });
      }
      const byName = Object.fromEntries(got.map((g) => [g.alt, g]));
      assert.equal(byName['左耳.png'].type, 'image/png');
      assert.ok(byName['左耳.png'].bytes.equals(photoPng), 'PNG bytes unchanged');
      assert.equal(byName['box.jpg'].type, 'image/jpeg');
      assert.ok(byName['box.jpg'].bytes.equals(photoJpg), 'JPEG bytes unchanged');
      const anon = await new Client().get(`/attachments/${casePage.photos[0].id}`);
      assertRedirect(anon, '/login', 'signed out');
    });

    test('my requests lists the case as submitted', async () => {
      assert.ok(caseNo);
      const res = await c.get('/my/requests');
      assert.equal(res.status, 200);
      const row = new RegExp(`<a href="/my/requests/${caseNo}"><strong>${caseNo}</strong></a>\\s*<span class="badge state-submitted">`);
      assert.match(res.text, row);
    });

    test('the unit in the open case is no longer available: 1 left, and 2 are refused', async () => {
      assert.ok(caseNo);
      const formRes = await c.get('/my/orders/SO2026DEMO01/new');
      const form = parseRequestForm(formRes.text);
      assert.equal(form.items.find((i) => i.id === ear.id).available, 1);
      const open = count(
        `SELECT COALESCE(SUM(ci.qty), 0) FROM case_items ci JOIN cases c ON c.id = ci.case_id ` +
          `WHERE ci.order_item_id = ${Number(ear.id)} AND c.state = 'submitted'`,
      );
      assert.equal(open, 1, 'one unit in open cases');
      const before = orderCases('SO2026DEMO01');
      const res = await c.postMultipart(
        '/my/requests',
        requestParts(c, form, { type: 'return_refund', reason: 'quality_defect', qty: { [ear.id]: 2 } }),
      );
      assert.equal(res.status, 400, 'refused with the form again');
      const at = fieldErrors(res.text)[`qty_${ear.id}`];
      assert.ok(at, `a message at the item: ${JSON.stringify(fieldErrors(res.text))}`);
      assert.ok(at.includes('1'), `saying how many may still go: ${at}`);
      assert.equal(orderCases('SO2026DEMO01'), before, 'no case created');
    });

    test('cancelling moves the case to cancelled, records it, and frees the unit', async () => {
      assert.ok(caseNo && casePage);
      const res = await c.postForm(`/my/requests/${caseNo}/cancel`, { csrf: c.csrf, version: casePage.version });
      assertRedirect(res, `/my/requests/${caseNo}`);
      const page = parseCasePage((await c.get(`/my/requests/${caseNo}`)).text);
      assert.equal(page.state, 'cancelled');
      assert.equal(page.cancel, false, 'no cancel form any more');
      assert.equal(page.events.length, 2, `submitted then cancelled: ${page.events}`);
      assert.match(page.events[1], /Cancelled/);
      assert.equal(sqlState(caseNo), 'cancelled', 'the database agrees');
      const form = parseRequestForm((await c.get('/my/orders/SO2026DEMO01/new')).text);
      assert.equal(form.items.find((i) => i.id === ear.id).available, 2, 'both units available again');
    });

    test('cancelling again with the old version is a 409 that changes nothing', async () => {
      assert.ok(caseNo && casePage);
      const v0 = Number(sqlVersion(caseNo));
      const res = await c.postForm(`/my/requests/${caseNo}/cancel`, { csrf: c.csrf, version: casePage.version });
      assert.equal(res.status, 409);
      assert.equal(Number(sqlVersion(caseNo)), v0, 'version unchanged');
      assert.equal(sqlState(caseNo), 'cancelled');
    });
  });
});

function sqlState(caseNo) {
  return sql(`SELECT state FROM cases WHERE case_no = ${q(caseNo)}`)[0][0];
}

function sqlVersion(caseNo) {
  return sql(`SELECT version FROM cases WHERE case_no = ${q(caseNo)}`)[0][0];
}
