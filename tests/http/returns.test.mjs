// returns.test.mjs — sending the goods back (issue 13): after an approval
// that needs the goods, the case page and the approval mail say where, who
// pays the postage and by when, and link the printable slip, whose QR code
// an outside decoder (rsvg-convert + zbarimg) reads as the case number; the
// customer ships with a carrier of the list and a tracking number of its
// shape (the case goes to return_in_transit, cancelling stops), or books a
// pick-up on a working day that logistics sees, moves and confirms; the
// warehouse opens the case by scanning the slip or the tracking number;
// the worker's ship-by job reminds once and, after the grace days, closes.
// Bad input changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  assertErrorPage, assertRedirect, caseNoOf, caseRow, freshCustomer, giveRiskHistory, langStrings, mailOf,
  q, shanghaiDay, sql, staffAs, staffStep, stripTags, submitRequest, unescapeHtml, waitFor,
  errorStatus, fieldErrors,
} from './lib.mjs';

const DAY = 86400e3;
const EN = langStrings('en'); // the test clients' language
const ZH = langStrings('zh-CN');
const said = (html, key) => stripTags(html).includes(EN[key]);

/** A medium-risk customer's no-reason return (or a quality one), approved:
 * the case waits for its goods. */
async function approvedReturn(tag, { reason = 'no_reason', category = 'electronics', email = null } = {}) {
  const cust = await freshCustomer(tag, [{ sku: `${tag}-1`, name: '蓝牙音箱', category, qty: 1, unit_price_fen: 29900 }],
    { email });
  giveRiskHistory(cust.phone, 'medium');
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason, qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  await staffStep('agent', caseNo, 'approve');
  assert.equal(caseRow(caseNo).state, 'awaiting_return');
  return { ...cust, caseNo };
}

function setting(name) {
  return sql(`SELECT value FROM settings WHERE name = ${q(name)}`)[0][0];
}

function caseCols(caseNo, cols) {
  return sql(`SELECT ${cols} FROM cases WHERE case_no = ${q(caseNo)}`)[0];
}

/** The next date (shop's) from now + days whose calendar status is
 * working (or not): weekdays unless overridden. */
function nextDay(working, from = 1) {
  const overrides = new Map(sql(`SELECT DATE_FORMAT(day, '%Y-%m-%d'), working FROM calendar_overrides`));
  for (let d = from; d < 60; d++) {
    const day = shanghaiDay(Date.now() + d * DAY, '-');
    const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
    const isWorking = overrides.has(day) ? overrides.get(day) === '1' : dow !== 0 && dow !== 6;
    if (isWorking === working) return day;
  }
  throw new Error('no such day');
}

/** The QR code of the slip, drawn by rsvg-convert and read by zbarimg. */
function decodeQr(svg) {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftercare-qr-'));
  try {
    writeFileSync(path.join(dir, 'qr.svg'), svg);
    execFileSync('rsvg-convert', ['-w', '400', '-b', 'white', '-o', path.join(dir, 'qr.png'), path.join(dir, 'qr.svg')]);
    return execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'qr.png')], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function returnFacts(html) {
  const section = /<section class="card" id="return"[\s\S]*?<\/section>/.exec(html)?.[0];
  if (!section) return null;
  const dd = (id) => { const m = new RegExp(`<dd id="${id}"[^>]*>([\\s\\S]*?)</dd>`).exec(section); return m ? stripTags(m[1]).trim() : null; };
  return {
    payer: /data-payer="([^"]*)"/.exec(section)[1],
    address: dd('return-address'), shipBy: dd('ship-by'), tracking: dd('return-tracking'), pickup: dd('pickup-booking'),
    slip: section.includes('id="slip-link"'),
  };
}

test('approval: the page says where, who pays and by when; the mail too; the slip\'s QR code reads as the case number', async () => {
  const email = `ret-${Date.now()}@example.test`;
  const c = await approvedReturn('RETA', { email });
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  const facts = returnFacts(page.text);
  assert.ok(facts, 'a return section');
  assert.equal(facts.address, unescapeHtml(setting('return_address')), 'the shop\'s return address');
  assert.equal(facts.payer, 'customer', 'a no-reason return: the customer pays the postage (the policy)');
  const due = shanghaiDay(Date.now() + Number(setting('ship_by_days')) * DAY, '-');
  assert.equal(facts.shipBy, due, 'ship by: the policy\'s days after the approval');
  assert.ok(facts.slip, 'a link to the slip');
  assert.match(page.text, /id="shipment"/, 'the shipment form');
  assert.match(page.text, /id="pickup"/, 'the pick-up form');

  // the approval mail carries the instructions
  const [[key]] = sql(`SELECT o.msg_key FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.case_no = ${q(c.caseNo)}
    AND o.channel = 'email' AND o.template = 'case_updated' ORDER BY o.id DESC LIMIT 1`);
  const mail = await mailOf(key);
  assert.ok(mail.text.includes(setting('return_address')), `the address in the mail: ${mail.text}`);
  assert.ok(mail.text.includes(due), 'the ship-by date in the mail');
  assert.ok(mail.text.includes(`/my/requests/${c.caseNo}/slip`), 'the slip\'s link in the mail');

  const slip = await c.client.get(`/my/requests/${c.caseNo}/slip`);
  assert.equal(slip.status, 200);
  assert.match(slip.text, new RegExp(`id="slip-case-no">${c.caseNo}<`));
  assert.ok(stripTags(slip.text).includes('蓝牙音箱'), 'the items');
  assert.ok(slip.text.includes(`id="slip-ship-by">${due}<`), 'the ship-by date');
  const svg = /<svg[^>]*class="qr"[\s\S]*?<\/svg>/.exec(slip.text)?.[0];
  assert.ok(svg, 'an inline svg QR code');
  assert.equal(decodeQr(svg), c.caseNo, 'zbarimg reads the case number');

  // someone else's slip, a slip with nothing to send
  const other = await freshCustomer('RETO', [{ sku: 'RETO-1', name: '杯子', category: 'other', qty: 1, unit_price_fen: 900 }]);
  assertErrorPage(await other.client.get(`/my/requests/${c.caseNo}/slip`), 404, 'another customer\'s slip');
  const { res } = await submitRequest(other.client, other.orderNo, {
    type: 'return_refund', reason: 'quality_defect', qty: { [other.order.items[0].id]: 1 },
  });
  assertErrorPage(await other.client.get(`/my/requests/${caseNoOf(res)}/slip`), 404, 'a submitted case has no slip');
});

test('a quality problem: the shop pays; a category with an address of its own sends its goods there', async () => {
  sql(`UPDATE categories SET return_address = '广州市白云区服装仓 1 号' WHERE code = 'clothing'`);
  try {
    const c = await approvedReturn('RETQ', { reason: 'quality_defect', category: 'clothing' });
    const facts = returnFacts((await c.client.get(`/my/requests/${c.caseNo}`)).text);
    assert.equal(facts.payer, 'shop');
    assert.equal(facts.address, '广州市白云区服装仓 1 号');
  } finally {
    sql(`UPDATE categories SET return_address = '' WHERE code = 'clothing'`);
  }
});

test('the shipment: bad carriers and numbers change nothing; a good one moves the case on its way back, found by the scan', async () => {
  const c = await approvedReturn('RETS');
  const before = caseRow(c.caseNo);
  const post = (fields) => c.client.postForm(`/my/requests/${c.caseNo}/shipment`, { csrf: c.client.csrf, version: before.version, ...fields });
  // Each refusal is the case page again: the error next to its field, what
  // was typed still in the form (escaped), nothing changed.
  for (const [fields, what, field, kept] of [
    [{ carrier: 'dhl', tracking_no: 'SF1234567890123' }, 'an unknown carrier', 'carrier', 'SF1234567890123'],
    [{ carrier: '顺丰', tracking_no: 'SF1234567890123' }, 'a carrier\'s name instead of its code', 'carrier', 'SF1234567890123'],
    [{ carrier: 'sf', tracking_no: 'YT1234567890123' }, 'another carrier\'s number', 'tracking_no', 'YT1234567890123'],
    [{ carrier: 'yunda', tracking_no: '12345' }, 'too short for the carrier', 'tracking_no', '12345'],
    [{ carrier: 'sf', tracking_no: 'SF12345<script>' }, 'markup', 'tracking_no', 'SF12345&lt;script&gt;'],
    [{ carrier: 'other', tracking_no: 'AB123456' }, 'another carrier without its name', 'carrier_name', 'AB123456'],
    [{ carrier: 'sf', tracking_no: '' }, 'no number', 'tracking_no', ''],
  ]) {
    const res = await post(fields);
    assert.equal(res.status, 400, what);
    assert.equal(errorStatus(res.text), null, `${what}: the case page, not an error page`);
    assert.deepEqual(Object.keys(fieldErrors(res.text)), [field], `${what}: the error is next to ${field}`);
    assert.match(res.text, /id="shipment-errors"/, `${what}: the form says nothing was sent`);
    assert.ok(res.text.includes(`name="tracking_no" type="text" required maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${kept}"`), `${what}: the number typed is kept`);
    assert.doesNotMatch(res.text, /<script>/, `${what}: markup is not echoed`);
    assert.deepEqual(caseRow(c.caseNo), before, `${what}: nothing changed`);
  }
  const shape = await post({ carrier: 'sf', tracking_no: 'YT1234567890123' });
  assert.ok(said(shape.text, 'err_tracking_shape'), 'the refusal says the number does not fit');
  assert.match(shape.text, /<option value="sf" selected>/, 'the carrier chosen stays chosen');

  const tracking = `SF${String(Date.now()).slice(-13)}`;
  const spaced = `${tracking.slice(0, 5).toLowerCase()} ${tracking.slice(5, 10)}-${tracking.slice(10)}`;
  assertRedirect(await post({ carrier: 'SF', tracking_no: spaced }), `/my/requests/${c.caseNo}`, 'sent');
  assert.equal(caseRow(c.caseNo).state, 'return_in_transit');
  assert.deepEqual(caseCols(c.caseNo, 'return_carrier, return_tracking'), ['sf', tracking], 'kept plain');
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.doesNotMatch(page.text, /id="shipment"|id="pickup"/, 'the forms are gone');
  assert.doesNotMatch(page.text, /\/cancel"/, 'no cancelling once sent');
  assert.ok(returnFacts(page.text).tracking.includes(tracking), 'the page shows the shipment');

  // cancelling: refused on the page and by POST, nothing changes
  const sent = caseRow(c.caseNo);
  const form = await c.client.get(`/my/requests/${c.caseNo}/cancel`);
  assert.equal(form.status, 409);
  assert.match(form.text, /data-refused="1"/);
  assert.doesNotMatch(form.text, /id="cancel-confirm"/, 'no button');
  assertErrorPage(await c.client.postForm(`/my/requests/${c.caseNo}/cancel`, { csrf: c.client.csrf, version: sent.version }), 409, 'cancel after sending');
  assert.deepEqual(caseRow(c.caseNo), sent, 'still on its way');
  assertErrorPage(await post({ carrier: 'sf', tracking_no: 'SF9999999999999' }), 409, 'a second shipment');

  // the warehouse scans the slip (the case number) or the parcel (its tracking number)
  const wh = await staffAs('warehouse');
  for (const scanned of [c.caseNo, tracking, spaced]) {
    assertRedirect(await wh.get(`/staff/queue?open=1&q=${encodeURIComponent(scanned)}`), `/staff/cases/${c.caseNo}`, `scanned ${scanned}`);
  }
  const listed = await wh.get(`/staff/queue?q=${encodeURIComponent(tracking)}`);
  assert.equal(listed.status, 200, 'the search box lists what matches');
  assert.ok(listed.text.includes(`data-case="${c.caseNo}"`), 'the case found by its tracking number');
  const staffPage = await wh.get(`/staff/cases/${c.caseNo}`);
  assert.ok(returnFacts(staffPage.text).tracking.includes(tracking), 'the staff page shows the shipment');
  await staffStep('warehouse', c.caseNo, 'receive');
  assert.equal(caseRow(c.caseNo).state, 'received');
});

test('cancelling asks on a page of its own; the POST cancels', async () => {
  const cust = await freshCustomer('RETC', [{ sku: 'RETC-1', name: '台灯', category: 'appliance', qty: 1, unit_price_fen: 9900 }]);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund', reason: 'quality_defect', qty: { [cust.order.items[0].id]: 1 },
  });
  const caseNo = caseNoOf(res);
  const page = await cust.client.get(`/my/requests/${caseNo}`);
  assert.match(page.text, new RegExp(`<form method="get" action="/my/requests/${caseNo}/cancel"`), 'the case page leads to the question');
  const ask = await cust.client.get(`/my/requests/${caseNo}/cancel`);
  assert.equal(ask.status, 200);
  assert.match(ask.text, /id="cancel-confirm"/);
  assert.ok(stripTags(ask.text).includes('台灯'), 'it names what is cancelled');
  assert.equal(caseRow(caseNo).state, 'submitted', 'asking changes nothing');
  const other = await freshCustomer('RETC2', [{ sku: 'RETC2-1', name: '杯子', category: 'other', qty: 1, unit_price_fen: 900 }]);
  assertErrorPage(await other.client.get(`/my/requests/${caseNo}/cancel`), 404, 'someone else\'s');
  const version = /name="version" value="(\d+)"/.exec(ask.text)[1];
  assertRedirect(await cust.client.postForm(`/my/requests/${caseNo}/cancel`, { csrf: cust.client.csrf, version }), `/my/requests/${caseNo}`);
  assert.equal(caseRow(caseNo).state, 'cancelled');
});

test('a pick-up: refused in the past, on a non-working day, for someone else; logistics sees, moves and confirms it', async () => {
  const c = await approvedReturn('RETP');
  const before = caseRow(c.caseNo);
  const book = (fields, client = c.client) => client.postForm(`/my/requests/${c.caseNo}/pickup`,
    { csrf: client.csrf, version: before.version, address: '上海市徐汇区漕溪北路 1 号', window: '09-12', ...fields });
  const working = nextDay(true);
  const yesterday = shanghaiDay(Date.now() - DAY, '-');
  for (const [fields, what, words] of [
    [{ day: yesterday }, 'a day in the past', 'err_pickup_past'],
    [{ day: nextDay(false) }, 'a weekend or holiday', 'err_pickup_holiday'],
    [{ day: working, window: '18-21' }, 'a window that is none', 'err_pickup_window'],
    [{ day: '2026-02-30' }, 'no such date', 'err_pickup_day'],
    [{ day: working, address: '' }, 'no address', 'err_pickup_address'],
    [{ day: shanghaiDay(Date.now() + 40 * DAY, '-') }, 'too far ahead', 'err_pickup_far'],
  ]) {
    const res = await book(fields);
    assertErrorPage(res, 400, what);
    assert.ok(said(res.text, words), `${what}: says so`);
    assert.deepEqual(caseRow(c.caseNo), before, `${what}: nothing changed`);
  }
  const other = await freshCustomer('RETP2', [{ sku: 'RETP2-1', name: '杯子', category: 'other', qty: 1, unit_price_fen: 900 }]);
  await other.client.get('/my/orders');
  assertErrorPage(await book({ day: working }, other.client), 404, 'someone else\'s case');
  assert.equal(sql(`SELECT COUNT(*) FROM pickups p JOIN cases c ON c.id = p.case_id WHERE c.case_no = ${q(c.caseNo)}`)[0][0], '0');

  assertRedirect(await book({ day: working, window: '12-15' }), `/my/requests/${c.caseNo}#return`, 'booked');
  assert.equal(caseRow(c.caseNo).state, 'awaiting_return', 'a booking waits for the courier');
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.ok(returnFacts(page.text).pickup.includes(`${working} 12-15`), 'the case shows the booking');

  // logistics: the day's bookings; others may not
  assertErrorPage(await (await staffAs('agent')).get(`/staff/pickups?day=${working}`), 403, 'an agent');
  const lg = await staffAs('logistics');
  const day = await lg.get(`/staff/pickups?day=${working}`);
  assert.equal(day.status, 200);
  assert.match(day.text, new RegExp(`data-case="${c.caseNo}" data-state="booked"`));
  assertErrorPage(await lg.get('/staff/pickups?day=tomorrow'), 400, 'a day that is no date');

  const later = nextDay(true, 3);
  assertRedirect(await lg.postForm(`/staff/pickups/${c.caseNo}/move`, { csrf: lg.csrf, day: later, window: '15-18' }), `/staff/pickups?day=${later}`);
  assert.deepEqual(sql(`SELECT DATE_FORMAT(p.day, '%Y-%m-%d'), p.time_window, p.state FROM pickups p JOIN cases c ON c.id = p.case_id WHERE c.case_no = ${q(c.caseNo)}`)[0],
    [later, '15-18', 'booked'], 'moved');
  assert.doesNotMatch((await lg.get(`/staff/pickups?day=${working}`)).text, new RegExp(`data-case="${c.caseNo}"`), 'gone from the first day');

  await staffStep('logistics', c.caseNo, 'pickup');
  assert.equal(caseRow(c.caseNo).state, 'return_in_transit', 'the courier has it');
  assert.equal(sql(`SELECT p.state FROM pickups p JOIN cases c ON c.id = p.case_id WHERE c.case_no = ${q(c.caseNo)}`)[0][0], 'confirmed');
  const after = caseRow(c.caseNo);
  assertErrorPage(await c.client.postForm(`/my/requests/${c.caseNo}/pickup`, { csrf: c.client.csrf, version: after.version, day: working, window: '09-12', address: 'x' }), 409, 'booking again once picked up');
  assert.deepEqual(caseRow(c.caseNo), after);
});

test('ship-by: a passed date reminds once; after the grace days the case is closed with a plain reason', async () => {
  const c = await approvedReturn('RETD', { email: `retd-${Date.now()}@example.test` });
  const booked = await approvedReturn('RETDB');
  const grace = Number(setting('ship_by_grace_days'));
  const reminders = () => sql(`SELECT o.msg_key FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.case_no = ${q(c.caseNo)} AND o.template = 'ship_by_reminder' AND o.channel = 'email'`);
  const runJob = () => sql(`UPDATE jobs SET last_run = NULL WHERE name = 'ship_by'`);

  sql(`UPDATE cases SET ship_by = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE case_no IN (${q(c.caseNo)}, ${q(booked.caseNo)})`);
  // the other has booked a pick-up: it is not reminded nor closed
  const day = nextDay(true);
  await booked.client.get(`/my/requests/${booked.caseNo}`);
  assertRedirect(await booked.client.postForm(`/my/requests/${booked.caseNo}/pickup`, { csrf: booked.client.csrf, version: caseRow(booked.caseNo).version, day, window: '09-12', address: '上海' }), `/my/requests/${booked.caseNo}#return`);
  runJob();
  await waitFor(() => caseCols(c.caseNo, 'ship_by_reminded')[0] === '1', 'the reminder');
  assert.equal(reminders().length, 1, 'one reminder');
  const mail = await mailOf(reminders()[0][0]);
  assert.ok(mail.text.includes(c.caseNo), 'the reminder names the case');
  assert.equal(caseRow(c.caseNo).state, 'awaiting_return', 'still open within the grace days');
  const page = await c.client.get(`/my/requests/${c.caseNo}`);
  assert.match(page.text, /id="ship-by" data-late="1"/, 'the page says the date passed');
  runJob();
  await waitFor(() => sql(`SELECT last_run IS NOT NULL FROM jobs WHERE name = 'ship_by'`)[0][0] === '1', 'the job ran again');
  assert.equal(reminders().length, 1, 'still one reminder');

  sql(`UPDATE cases SET ship_by = UTC_TIMESTAMP() - INTERVAL ${grace + 1} DAY WHERE case_no IN (${q(c.caseNo)}, ${q(booked.caseNo)})`);
  runJob();
  await waitFor(() => caseRow(c.caseNo).state === 'closed', 'closed by the job');
  const [[kind, action, from]] = sql(`SELECT e.actor_kind, e.action, e.from_state FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ${q(c.caseNo)} ORDER BY e.id DESC LIMIT 1`);
  assert.deepEqual([kind, action, from], ['x', 'close', 'awaiting_return'], 'the system closed it');
  assert.match((await c.client.get(`/my/requests/${c.caseNo}`)).text, /id="closed-unsent"/, 'the page says why');
  const [[closeKey]] = sql(`SELECT o.msg_key FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.case_no = ${q(c.caseNo)} AND o.template = 'case_updated' AND o.channel = 'email' ORDER BY o.id DESC LIMIT 1`);
  const closed = await mailOf(closeKey);
  assert.ok([EN, ZH].some((L) => closed.text.includes(L.mail_closed_unsent_end)), `the mail gives the reason: ${closed.text}`);
  assert.equal(caseRow(booked.caseNo).state, 'awaiting_return', 'a booked pick-up keeps the case open');
  assert.equal(caseCols(booked.caseNo, 'ship_by_reminded')[0], '0', 'and is not reminded');
});

test('the policies page edits the return address, ship-by days, grace and postage; bad values change nothing', async () => {
  const mgr = await staffAs('manager');
  const before = sql(`SELECT name, value FROM settings WHERE name IN ('return_address', 'ship_by_days', 'ship_by_grace_days', 'postage_quality', 'postage_no_reason') ORDER BY name`);
  const page = await mgr.get('/staff/admin/policies');
  const form = {};
  for (const m of page.text.matchAll(/<input\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(m[0])?.[1];
    if (!name || name === 'csrf') continue;
    if (/type="checkbox"/.test(m[0])) { if (/\schecked/.test(m[0])) form[name] = '1'; }
    else form[name] = unescapeHtml(/\svalue="([^"]*)"/.exec(m[0])?.[1] ?? '');
  }
  assert.equal(form.return_address, setting('return_address'));
  try {
    const bad = await mgr.postForm('/staff/admin/policies', { ...form, csrf: mgr.csrf, return_address: '', ship_by_days: '0', postage_no_reason: 'nobody' });
    assert.equal(bad.status, 400);
    assert.deepEqual(sql(`SELECT name, value FROM settings WHERE name IN ('return_address', 'ship_by_days', 'ship_by_grace_days', 'postage_quality', 'postage_no_reason') ORDER BY name`), before, 'nothing saved');
    assertRedirect(await mgr.postForm('/staff/admin/policies', {
      ...form, csrf: mgr.csrf, return_address: '杭州市余杭区退货中心', ship_by_days: '10', ship_by_grace_days: '5',
      postage_no_reason: 'shop', return_address_food: '冷链仓',
    }), '/staff/admin/policies?saved=1');
    assert.equal(setting('return_address'), '杭州市余杭区退货中心');
    assert.equal(setting('ship_by_days'), '10');
    assert.equal(setting('ship_by_grace_days'), '5');
    assert.equal(setting('postage_no_reason'), 'shop');
    assert.equal(sql(`SELECT return_address FROM categories WHERE code = 'food'`)[0][0], '冷链仓');
  } finally {
    for (const [name, value] of before) sql(`UPDATE settings SET value = ${q(value)} WHERE name = ${q(name)}`);
    sql(`UPDATE categories SET return_address = ''`);
  }
});
