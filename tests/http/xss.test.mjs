// xss.test.mjs — hostile text in every field a customer, the shop's import
// or a staff member can fill, then every page that shows it, on both sides:
// nothing comes back as markup (script tags, attribute breakers, event
// handlers, javascript: URLs, SVG, template syntax); it comes back escaped.
// UTF-7 stays inert text on a page that declares UTF-8; overlong UTF-8 is
// refused at the door.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Client, caseNoOf, caseRow, freshCustomer, giveRiskHistory, png, q, sql, staffAs, submitRequest,
} from './lib.mjs';

// One string with every vector; SHORT for fields of 40 characters.
const PAYLOAD = `<script>alert(1)</script>"><img src=x onerror=alert(2)>' onmouseover='alert(3)' ` +
  `<svg/onload=alert(4)> javascript:alert(5) +ADw-script+AD4-alert(6)+ADw-/script+AD4- <?cs var:Site.csrf ?>`;
const SHORT = `"><svg/onload=alert(7)>'`;

/** What must never appear in a page: the payload's markup, live. */
const LIVE = [
  /<script>alert/i, /<img src=x onerror/i, /<svg\/onload/i, /onmouseover='alert/i,
  /href="javascript:/i, /src="javascript:/i, /"><svg/, /<\?cs/,
];
let pagesChecked = 0;
let fieldsFilled = 0;

function assertInert(res, where) {
  assert.ok(res.status < 500, `${where}: ${res.status}`);
  for (const re of LIVE) assert.doesNotMatch(res.text, re, `${where}: live markup ${re}`);
  pagesChecked++;
}

function assertEscaped(res, where, needle = '&lt;script&gt;alert(1)&lt;/script&gt;') {
  assertInert(res, where);
  assert.ok(res.text.includes(needle), `${where}: the text is there, escaped (${needle})`);
  assert.match(res.headers.get('content-type'), /charset=utf-8/i, `${where}: declared UTF-8 (UTF-7 stays text)`);
}

async function stepOk(role, caseNo, action, fields = {}) {
  const c = await staffAs(role);
  await c.get(`/staff/cases/${caseNo}`);
  const res = await c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
  assert.equal(res.status, 303, `${role} ${action}: ${res.text.slice(0, 200)}`);
  fieldsFilled += Object.keys(fields).length;
}

test('customer text, imported text and staff text are escaped on every page of both sides', async () => {
  const cust = await freshCustomer('XSS', [
    { sku: 'X-1', name: `耳机 ${PAYLOAD}`.slice(0, 200), category: 'electronics', qty: 3, unit_price_fen: 10000 },
  ]);
  giveRiskHistory(cust.phone, 'medium');
  sql(`UPDATE customers SET name = ${q(PAYLOAD.slice(0, 100))}, city = ${q(SHORT)} WHERE phone = ${q(cust.phone)}`);
  fieldsFilled += 3; // item name, customer name, city (the shop's import)
  const c = cust.client;
  const item = cust.order.items[0].id;

  // The customer's fields: description, photo file name, message, shipment, complaint.
  const { res } = await submitRequest(c, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', description: PAYLOAD, qty: { [item]: 1 },
    photos: [{ filename: `${SHORT}.png`, type: 'image/png', data: png(4, 4) }],
  });
  const caseNo = caseNoOf(res);
  fieldsFilled += 2;
  await c.get(`/my/requests/${caseNo}`);
  assert.equal((await c.postMultipart(`/my/requests/${caseNo}/messages`, [['csrf', c.csrf], ['body', PAYLOAD]])).status, 303);
  await c.get('/my/complaints');
  assert.equal((await c.postForm('/my/complaints', { csrf: c.csrf, subject: SHORT, body: PAYLOAD, case_no: caseNo })).status, 303);
  fieldsFilled += 3;

  // Staff fields: a reply, notes of steps, a refund reference, carrier and
  // tracking, a complaint reply, a staff name, a calendar note.
  const agent = await staffAs('agent');
  await agent.get(`/staff/cases/${caseNo}`);
  assert.equal((await agent.postForm(`/staff/cases/${caseNo}/message`, { csrf: agent.csrf, body: PAYLOAD })).status, 303);
  fieldsFilled++;
  await stepOk('agent', caseNo, 'approve', { note: PAYLOAD });
  await c.get(`/my/requests/${caseNo}`);
  // the carrier is a code of the list and the number has its shape: the
  // free text left is another carrier's name
  assert.equal((await c.postForm(`/my/requests/${caseNo}/shipment`, { csrf: c.csrf, carrier: 'other', carrier_name: SHORT, tracking_no: 'XSS12345' })).status, 303);
  fieldsFilled += 1;
  await stepOk('warehouse', caseNo, 'receive', { note: PAYLOAD });
  await stepOk('warehouse', caseNo, 'inspect', { result: 'pass', note: PAYLOAD });
  await stepOk('finance', caseNo, 'refund', { amount: '100.00', reference: SHORT });
  const [[complaint]] = sql(`SELECT MAX(id) FROM complaints`);
  await agent.get('/staff/complaints');
  assert.equal((await agent.postForm(`/staff/complaints/${complaint}/reply`, { csrf: agent.csrf, body: PAYLOAD })).status, 303);
  fieldsFilled++;

  const other = await submitRequest(c, cust.orderNo, { type: 'exchange', reason: 'quality_defect', qty: { [item]: 1 } });
  const rejected = caseNoOf(other.res);
  await stepOk('agent', rejected, 'reject', { reason: PAYLOAD });

  const mgr = await staffAs('manager');
  await mgr.get('/staff/admin/users');
  const email = `xss${process.pid}@demo.local`;
  assert.equal((await mgr.postForm('/staff/admin/users', new URLSearchParams([
    ['csrf', mgr.csrf], ['email', email], ['name', PAYLOAD.slice(0, 100)], ['roles', 'agent'], ['password', 'xss-pass-1234'],
  ]))).status, 303, 'a staff member with a hostile name');
  fieldsFilled++;
  const day = '2031-01-02';
  await mgr.get('/staff/admin/calendar?year=2031');
  assert.equal((await mgr.postForm('/staff/admin/calendar', { csrf: mgr.csrf, day, kind: 'off', note: PAYLOAD.slice(0, 100) })).status, 303);
  fieldsFilled++;

  // Every page that shows them.
  try {
    assertEscaped(await c.get('/my/orders'), '/my/orders', '耳机 &lt;script&gt;alert(1)&lt;/script&gt;');
    assertEscaped(await c.get(`/my/orders/${cust.orderNo}/new`), 'request form', '耳机 &lt;script&gt;');
    assertInert(await c.get('/my/requests'), '/my/requests');
    const mine = await c.get(`/my/requests/${caseNo}`);
    assertEscaped(mine, 'customer case page');
    assert.ok(mine.text.includes('alt="&quot;&gt;&lt;svg/onload=alert(7)&gt;&#39;.png"') ||
      mine.text.includes('&quot;&gt;&lt;svg/onload=alert(7)&gt;'), 'the photo name, escaped in its attribute');
    assertEscaped(await c.get(`/my/requests/${rejected}`), 'the rejection reason');
    assertEscaped(await c.get('/my/complaints'), 'complaints with the reply');
    for (const [path, needle] of [
      ['/staff/queue', undefined], [`/staff/cases/${caseNo}`, undefined], [`/staff/cases/${rejected}`, undefined],
      ['/staff/complaints?show=all', undefined], [`/staff/audit?case_no=${caseNo}`, undefined],
      ['/staff/admin/users', undefined], ['/staff/admin/calendar?year=2031', undefined],
    ]) {
      const page = await mgr.get(path);
      if (path === '/staff/queue') assertInert(page, path);
      else assertEscaped(page, path, needle);
    }
    assertEscaped(await mgr.get(`/staff/queue?q=${encodeURIComponent(PAYLOAD.slice(0, 40))}`), 'a hostile search',
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;im');
  } finally {
    sql(`DELETE FROM calendar_overrides WHERE day = ${q(day)}; UPDATE staff SET disabled = 1 WHERE email = ${q(email)}`);
  }
  console.log(`# xss: ${fieldsFilled} fields filled with the payload, ${pagesChecked} pages checked`);
});

test('overlong and broken UTF-8 is refused at the door, and changes nothing', async () => {
  const cust = await freshCustomer('XSS8', [{ sku: 'X-8', name: '杯子', category: 'other', qty: 1, unit_price_fen: 100 }]);
  const c = cust.client;
  await c.get('/my/complaints');
  const before = sql(`SELECT COUNT(*) FROM complaints`)[0][0];
  for (const raw of ['%C0%BCscript%C0%BE', '%E0%80%BC', '%FF%FE%3C', '%ED%A0%80']) {
    const res = await c.request('POST', '/my/complaints', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${encodeURIComponent(c.csrf)}&subject=${raw}&body=x`,
    });
    assert.equal(res.status, 400, `${raw} refused`);
    assertInert(res, raw);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM complaints`)[0][0], before, 'nothing stored');
  const res = await new Client().get('/login?x=%C0%BC');
  assert.equal(res.status, 400, 'in a query too');
});
