// api.test.mjs — the machine side: the health check, the shop's order
// import (POST /api/v1/orders, bearer key, one transaction per document)
// and the case status endpoint (GET /api/v1/cases/{no}). Orders and
// customers are made up per run (unique phone and order numbers).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  CASE_NO,
  Client,
  DEMO_CUSTOMER,
  apiGet,
  apiPost,
  caseNoOf,
  count,
  login,
  orderDoc,
  parseOrders,
  q,
  register,
  sql,
  submitRequest,
  uniqueOrderNo,
  uniquePhone,
} from './lib.mjs';

const JSON_TYPE = /^application\/json/i;

function items() {
  return [
    { sku: 'API-EAR', name: '接口耳机', category: 'electronics', qty: 2, unit_price_fen: 19900 },
    { sku: 'API-MUG', name: '接口定制杯', category: 'customised', qty: 1, unit_price_fen: 3900 },
  ];
}

function ordersWithNo(orderNo) {
  return count(`SELECT COUNT(*) FROM orders WHERE order_no = ${q(orderNo)}`);
}

function customersWithPhone(phone) {
  return count(`SELECT COUNT(*) FROM customers WHERE phone = ${q(phone)}`);
}

function assertJsonError(res, status, what) {
  assert.equal(res.status, status, `${what}: ${res.text}`);
  assert.match(res.headers.get('content-type') || '', JSON_TYPE, `${what}: JSON`);
  const body = JSON.parse(res.text);
  assert.equal(typeof body.error, 'string', `${what}: an error message`);
  assert.ok(body.error.length > 0);
  return body.error;
}

test('GET /healthz answers 200 ok', async () => {
  const res = await new Client().get('/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.text.trim(), 'ok');
});

describe('POST /api/v1/orders', () => {
  test('without a key, with an unknown key or another scheme: 401 and nothing imported', async () => {
    const doc = { orders: [orderDoc({ orderNo: uniqueOrderNo('APIK'), phone: uniquePhone(), items: items() })] };
    for (const [key, what] of [
      [null, 'no Authorization'],
      ['wrong-key-0000', 'unknown key'],
      ['', 'empty key'],
    ]) {
      const res = await apiPost('/api/v1/orders', doc, key);
      assertJsonError(res, 401, what);
      assert.match(res.headers.get('www-authenticate') || '', /^Bearer/i, `${what}: WWW-Authenticate`);
    }
    const basic = await new Client().request('POST', '/api/v1/orders', {
      headers: { authorization: 'Basic ZGVtbzpkZW1v', 'content-type': 'application/json' },
      body: JSON.stringify(doc),
      origin: false,
    });
    assertJsonError(basic, 401, 'Basic auth');
    assert.equal(ordersWithNo(doc.orders[0].order_no), 0);
    assert.equal(customersWithPhone(doc.orders[0].customer.phone), 0);
  });

  test('a signed-in customer\'s session is no API key', async () => {
    const c = await login(DEMO_CUSTOMER);
    const doc = { orders: [orderDoc({ orderNo: uniqueOrderNo('APIS'), phone: uniquePhone(), items: items() })] };
    const res = await c.request('POST', '/api/v1/orders', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    assertJsonError(res, 401, 'cookie only');
    assert.equal(ordersWithNo(doc.orders[0].order_no), 0);
  });

  test('invalid documents are a 400 with an error, and nothing of them is imported', async () => {
    const cases = [];
    const mk = (tag, change, expectInError) => {
      const o = orderDoc({ orderNo: uniqueOrderNo(`APIX${tag}`), phone: uniquePhone(), items: items() });
      const body = change(o);
      cases.push({ tag, o, body: typeof body === 'string' ? body : JSON.stringify(body), expectInError });
    };
    mk('J', (o) => JSON.stringify({ orders: [o] }).slice(0, -3), null); // cut JSON
    mk('E', () => ({}), null); // no orders
    mk('S', () => ({ orders: 'SO1' }), null);
    mk('Q', (o) => ({ orders: [{ ...o, items: [{ ...o.items[0], qty: 0 }] }] }), 'qty');
    mk('P', (o) => ({ orders: [{ ...o, items: [{ ...o.items[0], unit_price_fen: -1 }] }] }), 'unit_price_fen');
    mk('N', (o) => ({ orders: [{ ...o, order_no: '' }] }), 'order_no');
    mk('D', (o) => ({ orders: [{ ...o, delivered_at: 'yesterday' }] }), 'delivered_at');
    mk('C', (o) => ({ orders: [{ ...o, customer: { name: 'x' } }] }), 'phone');
    mk('I', (o) => ({ orders: [{ ...o, items: [] }] }), 'items');
    mk('M', (o) => {
      // the first order is valid, the second is not: the document is one transaction
      const bad = orderDoc({ orderNo: o.order_no + 'B', phone: o.customer.phone, items: [{ ...items()[0], qty: 'two' }] });
      return { orders: [o, bad] };
    }, 'qty');
    for (const c of cases) {
      const res = await apiPost('/api/v1/orders', c.body);
      const err = assertJsonError(res, 400, `document ${c.tag}`);
      if (c.expectInError) assert.ok(err.includes(c.expectInError), `document ${c.tag}: the error names ${c.expectInError}: ${err}`);
      assert.equal(ordersWithNo(c.o.order_no), 0, `document ${c.tag}: no order imported`);
      assert.equal(customersWithPhone(c.o.customer.phone), 0, `document ${c.tag}: no customer created`);
    }
  });

  test('a body that is not UTF-8 is a 400', async () => {
    const o = orderDoc({ orderNo: uniqueOrderNo('APIU'), phone: uniquePhone(), items: items() });
    const json = Buffer.from(JSON.stringify({ orders: [o] }).replace('接口耳机', '\u0001MARK'));
    const i = json.indexOf('\u0001MARK');
    json[i] = 0xff; // a byte that is never UTF-8
    const res = await apiPost('/api/v1/orders', json);
    assertJsonError(res, 400, 'latin-1 body');
    assert.equal(ordersWithNo(o.order_no), 0);
  });

  test('a valid document is imported, upserted when sent again, and the customer then sees it', async () => {
    const phone = uniquePhone();
    const orderNo = uniqueOrderNo('APIV');
    const undelivered = orderDoc({ orderNo, phone, daysAgo: null, items: items() });
    const r1 = await apiPost('/api/v1/orders', { orders: [undelivered] });
    assert.equal(r1.status, 200, r1.text);
    assert.match(r1.headers.get('content-type') || '', JSON_TYPE);
    assert.deepEqual(JSON.parse(r1.text), { orders: 1, items: 2, customers_new: 1 });
    assert.equal(ordersWithNo(orderNo), 1);
    const paid = sql(
      `SELECT i.sku, i.qty, i.unit_price_fen, i.paid_fen FROM order_items i JOIN orders o ON o.id = i.order_id ` +
        `WHERE o.order_no = ${q(orderNo)} ORDER BY i.sku`,
    );
    assert.deepEqual(paid, [
      ['API-EAR', '2', '19900', '39800'],
      ['API-MUG', '1', '3900', '3900'],
    ]);
    assert.equal(sql(`SELECT delivered_at IS NULL FROM orders WHERE order_no = ${q(orderNo)}`)[0][0], '1');

    // Sent again once delivered: the same order, updated, no new customer.
    const delivered = orderDoc({ orderNo, phone, daysAgo: 2, items: items() });
    const r2 = await apiPost('/api/v1/orders', { orders: [delivered] });
    assert.equal(r2.status, 200, r2.text);
    assert.equal(JSON.parse(r2.text).customers_new, 0);
    assert.equal(ordersWithNo(orderNo), 1, 'upserted, not duplicated');
    assert.equal(count(`SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.order_no = ${q(orderNo)}`), 2);
    assert.equal(customersWithPhone(phone), 1);
    assert.equal(sql(`SELECT delivered_at IS NULL FROM orders WHERE order_no = ${q(orderNo)}`)[0][0], '0', 'now delivered');

    const c = await register(orderNo, phone, 'api-test-pw-1');
    const order = parseOrders((await c.get('/my/orders')).text)[orderNo];
    assert.ok(order, 'the order is on /my/orders');
    const ear = order.items.find((i) => i.name === '接口耳机');
    const mug = order.items.find((i) => i.name === '接口定制杯');
    assert.ok(ear && mug, 'both items listed');
    assert.equal(ear.types.return_refund.ok, true, 'delivered 2 days ago: returnable');
    assert.match(ear.html, /¥398\.00/);
  });
});

describe('what the shop sends is data, not authority', () => {
  test("an order number that is another customer's is refused and stays theirs", async () => {
    const orderNo = uniqueOrderNo('APIO');
    const owner = uniquePhone();
    const thief = uniquePhone();
    assert.equal((await apiPost('/api/v1/orders', { orders: [orderDoc({ orderNo, phone: owner, items: items() })] })).status, 200);
    const res = await apiPost('/api/v1/orders', { orders: [orderDoc({ orderNo, phone: thief, items: items() })] });
    assertJsonError(res, 400, 'order of another customer');
    assert.equal(
      sql(`SELECT c.phone FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.order_no = ${q(orderNo)}`)[0][0],
      owner,
    );
    assert.equal(customersWithPhone(thief), 0, 'the whole document was refused');
  });

  test('markup in item names from the shop is shown as text', async () => {
    const phone = uniquePhone();
    const orderNo = uniqueOrderNo('APIH');
    const name = '<script>alert("shop")</script><img src=x onerror=alert(2)>';
    const doc = orderDoc({ orderNo, phone, items: [{ sku: 'API-X', name, category: 'electronics', qty: 1, unit_price_fen: 100 }] });
    assert.equal((await apiPost('/api/v1/orders', { orders: [doc] })).status, 200);
    const c = await register(orderNo, phone, 'api-test-pw-3');
    for (const path of ['/my/orders', `/my/orders/${orderNo}/new`]) {
      const page = await c.get(path);
      assert.equal(page.status, 200);
      assert.ok(!page.text.includes('<script>alert'), `${path}: no raw <script>`);
      assert.ok(!page.text.includes('<img src=x'), `${path}: no raw <img>`);
      assert.ok(page.text.includes('&lt;script&gt;alert('), `${path}: the name shown as text`);
    }
    assert.equal(parseOrders((await c.get('/my/orders')).text)[orderNo].items[0].name, name);
  });
});

describe('GET /api/v1/cases/{no}', () => {
  test('answers the case as JSON with the key, 401 without, 404 for an unknown case', async () => {
    const phone = uniquePhone();
    const orderNo = uniqueOrderNo('APIC');
    const r = await apiPost('/api/v1/orders', { orders: [orderDoc({ orderNo, phone, items: items() })] });
    assert.equal(r.status, 200, r.text);
    const c = await register(orderNo, phone, 'api-test-pw-2');
    const order = parseOrders((await c.get('/my/orders')).text)[orderNo];
    const ear = order.items.find((i) => i.name === '接口耳机');
    const { res } = await submitRequest(c, orderNo, { type: 'repair', reason: 'quality_defect', description: '不开机', qty: { [ear.id]: 1 } });
    const caseNo = caseNoOf(res);

    const got = await apiGet(`/api/v1/cases/${caseNo}`);
    assert.equal(got.status, 200, got.text);
    assert.match(got.headers.get('content-type') || '', JSON_TYPE);
    const body = JSON.parse(got.text);
    assert.match(body.case_no, CASE_NO);
    assert.equal(body.case_no, caseNo);
    assert.equal(body.order_no, orderNo);
    assert.equal(body.type, 'repair');
    assert.equal(body.state, 'submitted');
    assert.equal(body.items, 1);
    assert.equal(typeof body.version, 'number');

    assertJsonError(await apiGet(`/api/v1/cases/${caseNo}`, null), 401, 'no key');
    assertJsonError(await apiGet(`/api/v1/cases/${caseNo}`, 'wrong-key'), 401, 'wrong key');
    assertJsonError(await apiGet('/api/v1/cases/AS209901019999'), 404, 'unknown case');
  });
});
