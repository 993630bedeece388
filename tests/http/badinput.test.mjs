// badinput.test.mjs — every kind of bad input gets a clear 4xx answer and
// changes nothing (DESIGN.md §4): oversized, malformed, wrong encoding,
// forged session, missing CSRF, foreign origin, someone else's ids,
// ineligible items, replayed forms, non-images, markup in text.
//
// Cases are created only for a customer of this file's own (imported
// through the API and registered here). Demo customer 13800000001 only
// gets refused requests here; demo customer 13800000002 is used by this
// file alone.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  BASE,
  Client,
  count,
  DEMO_CUSTOMER,
  DEMO_CUSTOMER2,
  JPEG,
  assertErrorPage,
  assertRedirect,
  SECURITY_HEADERS,
  cancelCase,
  caseNoOf,
  customerFootprint,
  errorStatus,
  fieldErrors,
  freshCustomer,
  login,
  multipart,
  orderCases,
  parseCasePage,
  parseOrders,
  parseRequestForm,
  png,
  pngOfSize,
  q,
  rawRequest,
  requestParts,
  signToken,
  signingKey,
  sql,
  tokenPayload,
} from './lib.mjs';

const MB = 1 << 20;

describe('bad input', () => {
  let x; // { client, phone, orderNo, order }
  let el; // the electronics line: 5 × 100.00
  let tee; // the clothing line: 1 × 50.00
  let demo; // demo customer 1, signed in
  let other; // demo customer 2, signed in

  before(async () => {
    x = await freshCustomer('BAD', [
      { sku: 'BAD-EL', name: '测试耳机', category: 'electronics', qty: 5, unit_price_fen: 10000 },
      { sku: 'BAD-TEE', name: '测试T恤', category: 'clothing', qty: 1, unit_price_fen: 5000 },
    ]);
    el = x.order.items.find((i) => i.name === '测试耳机');
    tee = x.order.items.find((i) => i.name === '测试T恤');
    assert.ok(el && tee, 'both imported items are listed');
    [demo, other] = await Promise.all([login(DEMO_CUSTOMER), login(DEMO_CUSTOMER2)]);
  });

  /** A valid request form of x's order, as parts. */
  async function xForm(spec = {}) {
    const res = await x.client.get(`/my/orders/${x.orderNo}/new`);
    assert.equal(res.status, 200);
    const form = parseRequestForm(res.text);
    const parts = requestParts(x.client, form, {
      type: 'return_refund',
      reason: 'quality_defect',
      description: '坏了',
      qty: { [el.id]: 1 },
      ...spec,
    });
    return { form, parts };
  }

  function footprint() {
    return customerFootprint(x.phone);
  }

  /** Cancels every open case of x, so that a failed test leaves its units free. */
  async function cancelOpen() {
    const open = sql(
      `SELECT c.case_no FROM cases c JOIN customers u ON u.id = c.customer_id ` +
        `WHERE u.phone = ${q(x.phone)} AND c.state = 'submitted'`,
    );
    for (const [no] of open) await cancelCase(x.client, no);
  }

  describe('size limits', () => {
    afterEach(() => cancelOpen());

    test('a body over 32 MB is refused with 413 and nothing is stored', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const mp = multipart([...parts, ['photo', { filename: 'big.png', type: 'image/png', data: pngOfSize(33 * MB) }]]);
      assert.ok(mp.body.length > 32 * MB);
      const res = await rawRequest('POST', '/my/requests', {
        headers: { 'content-type': mp.contentType, cookie: x.client.cookieHeader(), origin: BASE },
        body: mp.body,
      });
      assert.equal(res.status, 413);
      assert.deepEqual(footprint(), before);
    });

    test("nginx's own refusal of a body over 32 MB is our error page with the security headers", async () => {
      const res = await rawRequest('POST', '/my/requests', {
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(33 * MB),
      });
      assert.equal(res.status, 413);
      // Answered by nginx before the daemon sees it: a page of ours all the
      // same, with the headers that keep it from being framed or sniffed.
      // (Cache-Control is left out: no browser caches the answer to a POST.)
      const headers = new Headers(res.headers);
      for (const name of ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'content-security-policy'])
        assert.match(headers.get(name) || '', SECURITY_HEADERS[name], `the 413 of a body over 32 MB: header ${name}`);
      assert.match(headers.get('content-type') || '', /^text\/html/i);
      assert.equal(errorStatus(res.text), 413, 'our error page, data-status 413');
    });

    test('a photo over 5 MB comes back as a message at the photo field, the rest kept, nothing stored', async () => {
      const before = footprint();
      const { parts } = await xForm({ description: '耳机左边没声音' });
      parts.push(['photo', { filename: 'big.png', type: 'image/png', data: pngOfSize(5 * MB + 1) }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.equal(errorStatus(res.text), null, 'the form, not an error page');
      assert.deepEqual(Object.keys(fieldErrors(res.text)), ['photo']);
      assert.match(fieldErrors(res.text).photo, /big\.png/, 'the message names the photo');
      assert.ok(res.text.includes('耳机左边没声音'), 'the description typed is still there');
      assert.match(res.text, /<a href="#photo">/, 'the summary at the top links to the photo field');
      assert.deepEqual(footprint(), before);
    });

    test('a 12 MB phone photo without JavaScript: the form again with the message, nothing stored', async () => {
      const before = footprint();
      const { parts } = await xForm({ description: '屏幕裂了' });
      parts.push(['photo', { filename: 'IMG_0001.jpg', type: 'image/jpeg', data: Buffer.concat([JPEG, Buffer.alloc(12 * MB)]) }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.equal(errorStatus(res.text), null, 'the form, not an error page');
      assert.match(fieldErrors(res.text).photo || '', /IMG_0001\.jpg/);
      assert.ok(res.text.includes('屏幕裂了'));
      assert.match(res.text, /name="qty_\d+"[^>]*value="1"/, 'the quantity chosen is kept');
      assert.deepEqual(footprint(), before);
    });

    test('a photo over 5 MB on a case message is still a 413 page', async () => {
      const { parts } = await xForm();
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const res = await x.client.postMultipart(`/my/requests/${caseNo}/messages`, [
        ['csrf', x.client.csrf], ['body', '补充照片'], ['photo', { filename: 'big.png', type: 'image/png', data: pngOfSize(5 * MB + 1) }],
      ]);
      assertErrorPage(res, 413, 'a message photo of 5 MB + 1 byte');
      assert.equal(count(`SELECT COUNT(*) FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.case_no = ${q(caseNo)}`), 0);
      await cancelCase(x.client, caseNo);
    });

    test('an exchange whose variant is 10 000 characters is refused at its field, nothing stored', async () => {
      const before = footprint();
      const { parts } = await xForm({ type: 'exchange', variant: 'x'.repeat(10000), description: '想换大一号' });
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(fieldErrors(res.text)), ['variant']);
      assert.match(fieldErrors(res.text).variant, /100/, 'the message says the limit');
      assert.ok(res.text.includes('想换大一号'), 'what was typed is kept');
      assert.match(res.text, /<a href="#variant">/, 'the summary links to the field');
      // 10 000 Chinese characters are 30 000 bytes, over the 16 KB any one
      // field may have: the parser refuses the body as a whole
      const big = await xForm({ type: 'exchange', variant: '黑'.repeat(10000) });
      assertErrorPage(await x.client.postMultipart('/my/requests', big.parts), 400, 'a 30 KB variant');
      assert.deepEqual(footprint(), before);
    });

    test('an on-site repair with a slot in the past, of another shape or on a holiday is refused at its field', async () => {
      const before = footprint();
      const day = (d) => new Date(Date.now() + 8 * 3600e3 + d * 86400e3).toISOString().slice(0, 10);
      // a day of the coming week the form offers no visit on: not a working day
      const { form } = await xForm();
      const offered = new Set(form.slots.map((sl) => sl.slice(0, 10)));
      const holiday = [1, 2, 3, 4, 5, 6, 7].map(day).find((d) => !offered.has(d));
      assert.ok(holiday, 'a week holds a day without visits');
      for (const [slot, what] of [[`${day(-1)} 09-12`, 'past'], ['tomorrow morning', 'shape'], [`${day(1)} 08-20`, 'window'],
        ['', 'none'], [`${holiday} 09-12`, 'holiday'], [`${day(30)} 09-12`, 'too far']]) {
        const { parts } = await xForm({
          type: 'repair', extra: [['repair_mode', 'on_site'], ['address', '上海市徐汇区漕溪北路 1 号'], ['slot', slot]],
        });
        const res = await x.client.postMultipart('/my/requests', parts);
        assert.equal(res.status, 400, what);
        assert.deepEqual(Object.keys(fieldErrors(res.text)), ['slot'], what);
      }
      assert.deepEqual(footprint(), before);
    });

    test('a photo of exactly 5 MB is accepted', async () => {
      const data = pngOfSize(5 * MB);
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'five.png', type: 'image/png', data }]);
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const page = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text);
      assert.equal(page.photos.length, 1);
      const got = await x.client.get(`/attachments/${page.photos[0].id}`);
      assert.equal(got.bytes.length, data.length);
      await cancelCase(x.client, caseNo);
    });

    test('7 photos are refused and nothing is stored', async () => {
      const before = footprint();
      const { parts } = await xForm();
      for (let i = 0; i < 7; i++) parts.push(['photo', { filename: `p${i}.png`, type: 'image/png', data: png(1, 1, [i * 30, 0, 0]) }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.deepEqual(footprint(), before);
    });

    test('6 photos are accepted', async () => {
      const { parts } = await xForm();
      for (let i = 0; i < 6; i++) parts.push(['photo', { filename: `p${i}.png`, type: 'image/png', data: png(1, 1, [i * 30, 0, 0]) }]);
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const page = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text);
      assert.equal(page.photos.length, 6);
      await cancelCase(x.client, caseNo);
    });

    test('a description over 2000 characters is refused at its field', async () => {
      const before = footprint();
      const { parts } = await xForm({ description: '长'.repeat(2001) });
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.ok(fieldErrors(res.text).description, 'a message at the description');
      assert.deepEqual(footprint(), before);
    });
  });

  describe('malformed bodies', () => {
    test('a multipart body without its closing boundary is a 400 page', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const mp = multipart(parts);
      const cut = mp.body.subarray(0, mp.body.length - `--${mp.boundary}--\r\n`.length);
      const res = await x.client.request('POST', '/my/requests', { headers: { 'content-type': mp.contentType }, body: cut });
      assertErrorPage(res, 400, 'truncated multipart');
      assert.deepEqual(footprint(), before);
    });

    test('a multipart body without a boundary parameter is a 400 page', async () => {
      const { parts } = await xForm();
      const mp = multipart(parts);
      const res = await x.client.request('POST', '/my/requests', { headers: { 'content-type': 'multipart/form-data' }, body: mp.body });
      assertErrorPage(res, 400, 'no boundary');
    });

    test('invalid UTF-8 in a multipart field is a 400 page', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const i = parts.findIndex(([k]) => k === 'description');
      parts[i] = ['description', Buffer.from([0x62, 0xc3, 0x28, 0x61])];
      const res = await x.client.postMultipart('/my/requests', parts);
      assertErrorPage(res, 400, 'bad UTF-8 in multipart');
      assert.deepEqual(footprint(), before);
    });

    test('invalid UTF-8 in an urlencoded field is a 400 page', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const body = parts.map(([k, v]) => `${encodeURIComponent(k)}=${k === 'description' ? '%C3%28' : encodeURIComponent(v)}`).join('&');
      const res = await x.client.request('POST', '/my/requests', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      assertErrorPage(res, 400, 'bad UTF-8 urlencoded');
      assert.deepEqual(footprint(), before);
    });

    test('a broken percent escape in the query string is a 400 page', async () => {
      const res = await x.client.get('/my/orders?page=%zz');
      assertErrorPage(res, 400, 'bad escape');
    });
  });

  describe('sessions and forgery', () => {
    afterEach(() => cancelOpen());

    function withSid(sid) {
      const c = new Client();
      c.setCookie('sid', sid);
      return c;
    }

    test('a garbage session cookie counts as signed out', async () => {
      for (const sid of ['garbage', 'v1..', 'v1.AAAA.BBBB', '', 'v2.' + 'A'.repeat(40) + '.' + 'B'.repeat(43)]) {
        assertRedirect(await withSid(sid).get('/my/orders'), '/login', `sid=${JSON.stringify(sid)}`);
      }
    });

    test('a session token with a forged MAC or payload counts as signed out', async () => {
      const sid = x.client.cookie('sid');
      const [v, payload, mac] = sid.split('.');
      const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      assertRedirect(await withSid(`${v}.${payload}.${flip(mac, 3)}`).get('/my/orders'), '/login', 'forged MAC');
      assertRedirect(await withSid(`${v}.${flip(payload, 2)}.${mac}`).get('/my/orders'), '/login', 'changed payload');
      assertRedirect(await withSid(`${v}.${payload}.${mac}x`).get('/my/orders'), '/login', 'longer MAC');
      assert.equal((await withSid(sid).get('/my/orders')).status, 200, 'the untouched token still works');
    });

    test('a correctly signed token that is expired, too old, of an old epoch or an unknown key counts as signed out', async (t) => {
      const k = signingKey();
      assert.ok(k, `the test reads ${process.env.AFTERCARE_VAR}/secret.key`);
      const sid = x.client.cookie('sid');
      const s = tokenPayload(sid);
      const now = Math.floor(Date.now() / 1000);
      assert.equal(s.kid, k.id, 'the token names the key of the key file');
      // The control: re-signing the same session works, so the refusals
      // below are about the changed field only.
      assert.equal(signToken(s, k.key), sid, 'signed the way the daemon signs');
      assert.equal((await withSid(signToken({ ...s, exp: now + 600 }, k.key)).get('/my/orders')).status, 200, 'a fresh expiry works');
      const refused = {
        'idle expiry passed': { ...s, exp: now - 5 },
        'absolute 12 h passed': { ...s, iat: now - 12 * 3600 - 60, exp: now + 600 },
        'old epoch': { ...s, epoch: s.epoch - 1, exp: now + 600 },
        'unknown key id': { ...s, kid: k.id + 1, exp: now + 600 },
        'no such customer': { ...s, subject: 999999999, exp: now + 600 },
      };
      for (const [what, payload] of Object.entries(refused))
        assertRedirect(await withSid(signToken(payload, k.key)).get('/my/orders'), '/login', what);
    });

    test('a session in use is extended for 30 idle minutes, but never past 12 hours from sign-in', async (t) => {
      const k = signingKey();
      assert.ok(k, `the test reads ${process.env.AFTERCARE_VAR}/secret.key`);
      const s = tokenPayload(x.client.cookie('sid'));
      const now = Math.floor(Date.now() / 1000);
      const renewed = async (payload) => {
        const c = withSid(signToken(payload, k.key));
        assert.equal((await c.get('/my/orders')).status, 200, 'the token is still good');
        return tokenPayload(c.cookie('sid'));
      };
      const idle = await renewed({ ...s, iat: now - 3600, exp: now + 120 });
      assert.ok(idle.exp >= now + 29 * 60 && idle.exp <= now + 31 * 60 + 5, `a fresh 30-minute expiry: ${idle.exp - now} s`);
      assert.equal(idle.iat, now - 3600, 'the sign-in time stays');
      const old = await renewed({ ...s, iat: now - 12 * 3600 + 300, exp: now + 120 });
      assert.ok(old.exp <= now - 12 * 3600 + 300 + 12 * 3600, `capped at 12 h after sign-in: ${old.exp - now} s left`);
    });

    test('a POST with a forged session is sent to sign in and creates nothing', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const c = withSid(x.client.cookie('sid').slice(0, -2) + 'zz');
      const res = await c.postMultipart('/my/requests', parts);
      assertRedirect(res, '/login');
      assert.deepEqual(footprint(), before);
    });

    test('a POST without csrf, with a wrong one or with another session\'s is a 403 page that creates nothing', async () => {
      const before = footprint();
      const { parts } = await xForm();
      const without = parts.filter(([k]) => k !== 'csrf');
      assertErrorPage(await x.client.postMultipart('/my/requests', without), 403, 'no csrf');
      const wrong = parts.map(([k, v]) => (k === 'csrf' ? [k, 'A'.repeat(43)] : [k, v]));
      assertErrorPage(await x.client.postMultipart('/my/requests', wrong), 403, 'wrong csrf');
      const othersToken = parts.map(([k, v]) => (k === 'csrf' ? [k, other.csrf] : [k, v]));
      assert.ok(other.csrf && other.csrf !== x.client.csrf);
      assertErrorPage(await x.client.postMultipart('/my/requests', othersToken), 403, "another session's csrf");
      assert.deepEqual(footprint(), before);
    });

    test('a POST from a foreign Origin or Referer is a 403 page; the same form from our origin works', async () => {
      const before = footprint();
      const { parts } = await xForm();
      for (const origin of ['http://evil.example', 'null', BASE + '.evil.example']) {
        const res = await x.client.postMultipart('/my/requests', parts, { origin });
        assertErrorPage(res, 403, `Origin ${origin}`);
      }
      const ref = await x.client.postMultipart('/my/requests', parts, { origin: false, headers: { referer: 'http://evil.example/form' } });
      assertErrorPage(ref, 403, 'foreign Referer');
      assert.deepEqual(footprint(), before);
      const ok = await x.client.postMultipart('/my/requests', parts);
      await cancelCase(x.client, caseNoOf(ok));
    });
  });

  describe("someone else's things", () => {
    let caseNo;
    let photoId;

    before(async () => {
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'mine.jpg', type: 'image/jpeg', data: JPEG }]);
      caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      photoId = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text).photos[0].id;
    });

    after(() => cancelOpen());

    test("another customer's case, photo and cancel are 404 and change nothing", async () => {
      const before = footprint();
      assertErrorPage(await other.get(`/my/requests/${caseNo}`), 404, "other's case");
      assertErrorPage(await other.get(`/attachments/${photoId}`), 404, "other's photo");
      const page = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text);
      assertErrorPage(await other.postForm(`/my/requests/${caseNo}/cancel`, { csrf: other.csrf, version: page.version }), 404, "cancel other's case");
      assert.deepEqual(footprint(), before);
      assert.equal(parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text).state, 'submitted');
      assert.equal((await x.client.get(`/attachments/${photoId}`)).status, 200, 'the owner still sees it');
    });

    test("another customer's order form is 404, and a request on it creates nothing", async () => {
      assertErrorPage(await x.client.get('/my/orders/SO2026DEMO11/new'), 404, "other's order form");
      const theirs = parseOrders((await other.get('/my/orders')).text).SO2026DEMO11;
      assert.ok(theirs && theirs.items.length, 'SO2026DEMO11 belongs to 13800000002');
      const before = orderCases('SO2026DEMO11');
      const form = { nonce: 'n'.repeat(22), orderNo: 'SO2026DEMO11', items: theirs.items };
      const parts = requestParts(x.client, form, { type: 'repair', reason: 'quality_defect', qty: { [theirs.items[0].id]: 1 } });
      assertErrorPage(await x.client.postMultipart('/my/requests', parts), 404, "request on other's order");
      assert.equal(orderCases('SO2026DEMO11'), before);
    });

    test('an item of another order in the form is refused', async () => {
      const before = footprint();
      const demoItem = parseOrders((await demo.get('/my/orders')).text).SO2026DEMO01.items[0];
      const { parts } = await xForm({ qty: {} });
      parts.push([`qty_${demoItem.id}`, '1']);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.deepEqual(footprint(), before);
    });

    test('a missing case, a missing photo and a non-numeric photo id are 404 pages', async () => {
      assertErrorPage(await x.client.get('/my/requests/AS209901010001'), 404, 'no such case');
      assertErrorPage(await x.client.get('/attachments/999999999'), 404, 'no such photo');
      assertErrorPage(await x.client.get('/attachments/1x'), 404, 'non-numeric photo id');
    });
  });

  describe('rules and replays', () => {
    afterEach(() => cancelOpen());

    test('an ineligible item (return 40 days after delivery) is refused with the reason and no case', async () => {
      const res0 = await demo.get('/my/orders/SO2026DEMO03/new');
      assert.equal(res0.status, 200);
      const form = parseRequestForm(res0.text);
      const before = orderCases('SO2026DEMO03');
      const parts = requestParts(demo, form, {
        type: 'return_refund',
        reason: 'quality_defect',
        qty: { [form.items[0].id]: 1 },
      });
      const res = await demo.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      const errs = fieldErrors(res.text);
      const at = errs[`qty_${form.items[0].id}`] || '';
      assert.match(at, /time limit has passed/i, `says why next to the item: ${JSON.stringify(errs)}`);
      assert.ok(at.startsWith(form.items[0].name), 'naming the item');
      assert.equal(parseRequestForm(res.text).nonce, form.nonce, 'the form keeps its nonce');
      assert.equal(orderCases('SO2026DEMO03'), before);
    });

    test('more units than were bought are refused', async () => {
      const before = footprint();
      const { form, parts } = await xForm({ qty: { [el.id]: 6 } });
      const free = form.items.find((i) => i.id === el.id).available;
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      const at = fieldErrors(res.text)[`qty_${el.id}`] || '';
      assert.ok(at.startsWith(el.name), `the item is named: ${at}`);
      assert.match(at, new RegExp(`at most ${free} |最多可申请 ${free} 件`), 'with the number that would do');
      assert.deepEqual(footprint(), before);
    });

    test('the same item twice in one form is a 400, not a server error', async () => {
      const before = footprint();
      const { parts } = await xForm();
      parts.push([`qty_${el.id}`, '1']);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400, `status ${res.status}`);
      assert.deepEqual(footprint(), before);
    });

    test('a nonce that the form did not give is a 400', async () => {
      const before = footprint();
      const { parts } = await xForm({ nonce: 'short' });
      assert.equal((await x.client.postMultipart('/my/requests', parts)).status, 400);
      assert.deepEqual(footprint(), before);
    });

    test('the same form submitted twice makes one case', async () => {
      const before = footprint();
      const { form, parts } = await xForm();
      const first = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const second = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      assert.equal(second, first, 'the replay leads to the same case');
      assert.equal(footprint().cases, before.cases + 1);
      assert.equal(count(`SELECT COUNT(*) FROM cases WHERE nonce = ${q(form.nonce)}`), 1);
      await cancelCase(x.client, first);
    });

    test('the same form submitted 6 times at once makes one case', async () => {
      const before = footprint();
      const { form, parts } = await xForm();
      const answers = await Promise.all(Array.from({ length: 6 }, () => x.client.postMultipart('/my/requests', parts)));
      const nos = answers.map((r) => caseNoOf(r));
      assert.equal(new Set(nos).size, 1, `every answer names one case: ${nos}`);
      assert.equal(footprint().cases, before.cases + 1);
      assert.equal(footprint().items, before.items + 1);
      assert.equal(count(`SELECT COUNT(*) FROM cases WHERE nonce = ${q(form.nonce)}`), 1);
      await cancelCase(x.client, nos[0]);
    });

    test('forms for all units sent at once from different tabs make exactly one case', async () => {
      const before = footprint();
      const forms = await Promise.all(Array.from({ length: 5 }, () => xForm({ qty: { [el.id]: 5 } })));
      assert.equal(new Set(forms.map((f) => f.form.nonce)).size, 5, 'five different nonces');
      const answers = await Promise.all(forms.map((f) => x.client.postMultipart('/my/requests', f.parts)));
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [303, 400, 400, 400, 400], `one case, four refusals: ${statuses}`);
      assert.equal(footprint().cases, before.cases + 1);
      const open = count(
        `SELECT COALESCE(SUM(ci.qty), 0) FROM case_items ci JOIN cases c ON c.id = ci.case_id ` +
          `WHERE ci.order_item_id = ${Number(el.id)} AND c.state = 'submitted'`,
      );
      assert.equal(open, 5, 'never more units in open cases than were bought');
    });

    test('two cancels of one case at once: one is done, the other is a 409, one event', async () => {
      const { parts } = await xForm();
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const { version } = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text);
      const answers = await Promise.all(
        [1, 2].map(() => x.client.postForm(`/my/requests/${caseNo}/cancel`, { csrf: x.client.csrf, version })),
      );
      assert.deepEqual(answers.map((r) => r.status).sort(), [303, 409]);
      assert.equal(
        count(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ${q(caseNo)} AND e.action = 'cancel'`),
        1,
      );
    });

    test('a text file named .jpg is refused at the photo field and nothing is stored', async () => {
      const before = footprint();
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('this is not a picture\n') }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.equal(res.status, 400);
      assert.ok(fieldErrors(res.text).photo, `a message at the photo field: ${JSON.stringify(fieldErrors(res.text))}`);
      assert.deepEqual(footprint(), before);
    });

    test('refund only: more than was paid is refused at the amount, nothing stored', async () => {
      const before = footprint();
      for (const amount of ['50.01', '99999', 'abc', '-1', '0']) {
        const { parts } = await xForm({ type: 'refund_only', reason: 'not_as_described', amount, qty: { [tee.id]: 1 } });
        const res = await x.client.postMultipart('/my/requests', parts);
        assert.equal(res.status, 400, `amount ${amount}`);
        assert.ok(fieldErrors(res.text).amount, `message at the amount for ${amount}`);
      }
      assert.deepEqual(footprint(), before);
    });

    test('a unit in an open refund-only case cannot go into a second case', async () => {
      const { parts } = await xForm({ type: 'refund_only', reason: 'not_as_described', amount: '10.00', qty: { [tee.id]: 1 } });
      const first = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      try {
        const before = footprint();
        for (const type of ['refund_only', 'return_refund']) {
          const again = await xForm({ type, reason: 'not_as_described', amount: '10.00', qty: { [tee.id]: 1 } });
          const res = await x.client.postMultipart('/my/requests', again.parts);
          assert.equal(res.status, 400, `${type} of the unit already in ${first}: ${res.status} ${res.headers.get('location') || ''}`);
        }
        assert.deepEqual(footprint(), before);
      } finally {
        await cancelCase(x.client, first);
      }
    });

    test('units in an open return cannot go into a refund-only case as well', async () => {
      const { parts } = await xForm({ qty: { [el.id]: 4 } });
      const first = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const before = footprint();
      // 1 of 5 units is free: 2 would put a unit of the open return into a second case.
      const again = await xForm({ type: 'refund_only', reason: 'quality_defect', amount: '10.00', qty: { [el.id]: 2 } });
      const res = await x.client.postMultipart('/my/requests', again.parts);
      assert.equal(res.status, 400, `refund_only of 2 while 4 of 5 are in ${first}: ${res.status} ${res.headers.get('location') || ''}`);
      assert.deepEqual(footprint(), before);
      const open = count(
        `SELECT COALESCE(SUM(ci.qty), 0) FROM case_items ci JOIN cases c ON c.id = ci.case_id ` +
          `WHERE ci.order_item_id = ${Number(el.id)} AND c.state = 'submitted'`,
      );
      assert.ok(open <= 5, `never more units in open cases than were bought: ${open}`);
    });

    test('refund only: exactly what was paid is accepted', async () => {
      const { parts } = await xForm({ type: 'refund_only', reason: 'not_as_described', amount: '50.00', qty: { [tee.id]: 1 } });
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      assert.equal(sql(`SELECT amount_fen FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '5000');
      await cancelCase(x.client, caseNo);
    });
  });

  describe('markup in what the customer typed', () => {
    afterEach(() => cancelOpen());

    test('HTML in the description and in a photo name is shown escaped', async () => {
      const description = '<script>alert("d")</script> & \'q\'';
      const filename = '"><svg onload=alert(1)>.png';
      const { parts } = await xForm({ description });
      parts.push(['photo', { filename, type: 'image/png', data: png() }]);
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const res = await x.client.get(`/my/requests/${caseNo}`);
      assert.equal(res.status, 200);
      assert.ok(!res.text.includes('<script>alert'), 'no raw <script> from the description');
      assert.ok(!res.text.includes('<svg'), 'no raw <svg> from the file name');
      assert.ok(res.text.includes('&lt;script&gt;alert('), 'the description shown as text');
      const page = parseCasePage(res.text);
      assert.equal(page.photos[0].alt, filename, 'the file name, unescaped, is the alt text');
      assert.ok(!(await x.client.get('/my/requests')).text.includes('<script>alert'));
      await cancelCase(x.client, caseNo);
    });

    test('a photo with a 300-character name is stored or refused, never a server error', async () => {
      const before = footprint();
      const { parts } = await xForm();
      parts.push(['photo', { filename: 'a'.repeat(300) + '.png', type: 'image/png', data: png() }]);
      const res = await x.client.postMultipart('/my/requests', parts);
      assert.ok([303, 400].includes(res.status), `status ${res.status} (request id ${res.headers.get('x-request-id')})`);
      if (res.status === 400) assert.deepEqual(footprint(), before, 'refused: nothing stored');
    });

    test('a photo name with a path keeps only its base name', async () => {
      const { parts } = await xForm();
      parts.push(['photo', { filename: '..\\..\\etc/passwd.png', type: 'image/png', data: png() }]);
      const caseNo = caseNoOf(await x.client.postMultipart('/my/requests', parts));
      const page = parseCasePage((await x.client.get(`/my/requests/${caseNo}`)).text);
      assert.equal(page.photos[0].alt, 'passwd.png');
      await cancelCase(x.client, caseNo);
    });
  });

  describe('routes', () => {
    test('an unknown path is a 404 page with the request id', async () => {
      assertErrorPage(await new Client().get('/no/such/page'), 404, 'unknown path');
      assertErrorPage(await x.client.get('/my/nothing-here'), 404, 'unknown path signed in');
    });

    test('a wrong method is a 405 page whose Allow header does not offer that method', async () => {
      const put = await new Client().request('PUT', '/login', { body: 'x' });
      assertErrorPage(put, 405, 'PUT /login');
      const post = await x.client.postForm('/my/orders', { csrf: x.client.csrf });
      assertErrorPage(post, 405, 'POST /my/orders');
      const allow = (post.headers.get('allow') || '').split(/\s*,\s*/);
      assert.ok(allow.includes('GET'), `Allow: ${allow}`);
      assert.ok(!allow.includes('POST'), `a 405 for POST must not list POST in Allow: ${allow}`);
    });

    test('the language switch never redirects off-site', async () => {
      // A browser resolves Location the way WHATWG URL does (tabs and
      // newlines dropped, '\\' read as '/'): the target must stay ours.
      for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', '\t//evil.example']) {
        const res = await new Client().get(`/lang/en?back=${encodeURIComponent(back)}`);
        const loc = assertRedirect(res, /./, `back=${JSON.stringify(back)}`);
        assert.equal(new URL(loc, BASE).origin, new URL(BASE).origin, `back=${JSON.stringify(back)} → Location ${JSON.stringify(loc)}`);
      }
      assertRedirect(await new Client().get('/lang/en?back=%2Fmy%2Forders'), '/my/orders', 'a local path');
    });
  });
});
