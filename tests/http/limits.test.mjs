// limits.test.mjs — how much one customer account and one address may
// create (issue 16, "Abuse and headers"; cgi/domain/rate_limits.c):
// requests, messages, complaints and uploaded photos; and the cases a
// staff member assigns in bulk. Each limit is a
// setting (limit_<kind>_account, limit_<kind>_address,
// limit_window_seconds); this file lowers one at a time for a fresh
// customer of its own and puts it back. Over a limit: the site's 429 page
// with Retry-After, and nothing created — not even counted.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  JPEG,
  assertErrorPage,
  assertRedirect,
  caseNoOf,
  count,
  customerFootprint,
  freshCustomer,
  q,
  sql,
  staffAs,
  submitRequest,
} from './lib.mjs';

const setting = (name) => sql(`SELECT value FROM settings WHERE name = ${q(name)}`)[0][0];
const set = (name, value) => sql(`UPDATE settings SET value = ${q(String(value))} WHERE name = ${q(name)}`);
const NAMES = ['request', 'message', 'complaint', 'upload', 'bulk'].flatMap((k) => [`limit_${k}_account`, `limit_${k}_address`]).concat('limit_window_seconds');
let saved;

const ITEMS = [{ sku: 'LIM-1', name: '限流测试耳机', category: 'electronics', qty: 6, unit_price_fen: 19900 }];
const customerId = (phone) => Number(sql(`SELECT id FROM customers WHERE phone = ${q(phone)}`)[0][0]);
const counter = (key) => sql(`SELECT n FROM rate_limits WHERE k = ${q(key)}`)[0]?.[0];

function request(cust, photos = []) {
  return submitRequest(cust.client, cust.orderNo, {
    type: 'return_refund',
    reason: 'quality_defect',
    description: '限流测试',
    qty: { [cust.order.items[0].id]: 1 },
    photos: photos.map((_, i) => ({ filename: `p${i}.jpg`, type: 'image/jpeg', data: JPEG })),
  });
}

function assertLimited(res, what) {
  assertErrorPage(res, 429, what);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= Number(setting('limit_window_seconds')), `${what}: Retry-After ${res.headers.get('retry-after')}`);
  assert.match(res.text, /class="retry"/, `${what}: the page says when`);
}

before(() => {
  saved = Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'limit\\_%' OR name = 'totp_required_roles'`));
  for (const n of NAMES) assert.ok(n in saved, `schema/016 made the setting ${n}`);
});
after(() => {
  for (const [n, v] of Object.entries(saved)) set(n, v);
});

describe('per account', () => {
  let cust;
  let caseNo;

  before(async () => {
    cust = await freshCustomer('LIM', ITEMS);
  });

  test('requests: the limit+1-th is refused with 429 and Retry-After, nothing created', async () => {
    set('limit_request_account', 1);
    const first = await request(cust);
    caseNo = caseNoOf(first.res);
    assert.equal(counter(`request:c:${customerId(cust.phone)}`), '1');
    const before_ = customerFootprint(cust.phone);
    const { res } = await request(cust);
    assertLimited(res, 'the second request');
    assert.deepEqual(customerFootprint(cust.phone), before_, 'no case, item, photo or event');
    assert.equal(counter(`request:c:${customerId(cust.phone)}`), '1', 'a refused one is not counted');
    set('limit_request_account', saved.limit_request_account);
  });

  test('uploads count each photo: two photos over a limit of one are refused whole', async () => {
    set('limit_upload_account', 1);
    const before_ = customerFootprint(cust.phone);
    const { res } = await request(cust, [1, 2]);
    assertLimited(res, 'two photos');
    assert.deepEqual(customerFootprint(cust.phone), before_);
    set('limit_upload_account', saved.limit_upload_account);
  });

  test('messages: the limit+1-th is refused, the message not stored', async () => {
    set('limit_message_account', 1);
    const page = await cust.client.get(`/my/requests/${caseNo}`);
    assert.equal(page.status, 200);
    const n = () => count(`SELECT COUNT(*) FROM messages m JOIN cases c ON c.id = m.case_id WHERE c.case_no = ${q(caseNo)}`);
    const n0 = n();
    assertRedirect(await cust.client.postForm(`/my/requests/${caseNo}/messages`, { csrf: cust.client.csrf, body: '第一条' }), `/my/requests/${caseNo}#messages`);
    assert.equal(n(), n0 + 1);
    const res = await cust.client.postForm(`/my/requests/${caseNo}/messages`, { csrf: cust.client.csrf, body: '第二条' });
    assertLimited(res, 'the second message');
    assert.equal(n(), n0 + 1, 'not stored');
    // staff are not counted: the agent answers on the same case
    const agent = await staffAs('agent');
    await agent.get(`/staff/cases/${caseNo}`);
    const version = sql(`SELECT version FROM cases WHERE case_no = ${q(caseNo)}`)[0][0];
    assertRedirect(await agent.postForm(`/staff/cases/${caseNo}/message`, { csrf: agent.csrf, body: '客服回复', version }), `/staff/cases/${caseNo}#messages`, 'staff message');
    set('limit_message_account', saved.limit_message_account);
  });

  test('complaints: a burst is stopped at the limit; when the window is over they are taken again', async () => {
    set('limit_complaint_account', 3);
    await cust.client.get('/my/complaints');
    const mine = () => count(`SELECT COUNT(*) FROM complaints WHERE customer_id = ${customerId(cust.phone)}`);
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const res = await cust.client.postForm('/my/complaints', { csrf: cust.client.csrf, subject: `投诉 ${i}`, body: '处理太慢' });
      statuses.push(res.status);
      if (res.status === 429) assertLimited(res, `complaint ${i + 1}`);
    }
    assert.deepEqual(statuses, [303, 303, 303, 429, 429, 429, 429, 429, 429, 429]);
    assert.equal(mine(), 3, 'three stored, seven refused');
    // the window moves past: the counter starts again
    sql(`UPDATE rate_limits SET window_start = window_start - INTERVAL ${Number(setting('limit_window_seconds'))} SECOND WHERE k = ${q(`complaint:c:${customerId(cust.phone)}`)}`);
    assertRedirect(await cust.client.postForm('/my/complaints', { csrf: cust.client.csrf, subject: '新窗口', body: '又一条' }), /^\/my\/complaints#complaint-\d+$/);
    assert.equal(mine(), 4);
    set('limit_complaint_account', saved.limit_complaint_account);
  });
});

describe('per address', () => {
  test('another account from the same address is stopped by the address limit', async () => {
    const a = await freshCustomer('LIMA', ITEMS);
    const b = await freshCustomer('LIMB', ITEMS);
    await a.client.get('/my/complaints');
    assertRedirect(await a.client.postForm('/my/complaints', { csrf: a.client.csrf, subject: 'A', body: 'a' }), /^\/my\/complaints#/);
    // the address has made n complaints in this window (other suites' too): allow exactly those
    const n = Number(counter('complaint:addr:127.0.0.1'));
    assert.ok(n >= 1);
    set('limit_complaint_address', n);
    await b.client.get('/my/complaints');
    const res = await b.client.postForm('/my/complaints', { csrf: b.client.csrf, subject: 'B', body: 'b' });
    assertLimited(res, 'a second account, same address');
    assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE customer_id = ${customerId(b.phone)}`), 0);
    assert.equal(counter(`complaint:c:${customerId(b.phone)}`), undefined, "nothing counted for b's account");
    set('limit_complaint_address', saved.limit_complaint_address);
    assertRedirect(await b.client.postForm('/my/complaints', { csrf: b.client.csrf, subject: 'B', body: 'b' }), /^\/my\/complaints#/, 'the limit raised: taken at once');
  });

  test('the defaults are generous: a customer filing a few of each never meets them', async () => {
    for (const n of NAMES) assert.ok(Number(saved[n]) >= 60, `${n} = ${saved[n]}`);
    assert.equal(saved.totp_required_roles, '', 'no role must have a second factor in demo mode by default');
    const c = await freshCustomer('LIMD', ITEMS);
    for (let i = 0; i < 3; i++) {
      const { res } = await request(c, [1]);
      assert.ok(caseNoOf(res));
    }
  });
});

describe('staff bulk actions', () => {
  test('a bulk assignment over the member\'s limit is refused whole with 429, nothing assigned; within it, taken', async () => {
    const cases = [];
    for (const tag of ['LIMK1', 'LIMK2']) {
      const c = await freshCustomer(tag, ITEMS);
      cases.push(caseNoOf((await request(c)).res));
    }
    const agent = await staffAs('agent');
    await agent.get('/staff/queue');
    const [[agentId]] = sql(`SELECT id FROM staff WHERE email = 'agent@demo.local'`);
    const version = (no) => sql(`SELECT version FROM cases WHERE case_no = ${q(no)}`)[0][0];
    const bulk = (nos) => agent.postForm('/staff/queue/assign',
      new URLSearchParams([['csrf', agent.csrf], ['staff_id', agentId], ...nos.map((no) => ['case', `${no}.${version(no)}`])]));
    const assigned = () => count(`SELECT COUNT(*) FROM cases WHERE case_no IN (${cases.map(q).join(', ')}) AND assignee_id IS NOT NULL`);
    // the agent's assignments in this window so far (other suites' too): room for one more
    set('limit_bulk_account', Number(counter(`bulk:s:${agentId}`) ?? 0) + 1);
    try {
      assertLimited(await bulk(cases), 'two cases over a limit with room for one');
      assert.equal(assigned(), 0, 'nothing assigned');
      const one = await bulk([cases[0]]);
      assert.equal(one.status, 200, 'one case is within the limit');
      assert.equal(assigned(), 1);
    } finally {
      set('limit_bulk_account', saved.limit_bulk_account);
    }
  });
});

describe("the manager's page /staff/admin/limits", () => {
  const current = () => Object.fromEntries(sql(`SELECT name, value FROM settings WHERE name LIKE 'limit\\_%' OR name = 'totp_required_roles'`));
  const form = (csrf, values, roles = []) => {
    const f = new URLSearchParams({ csrf, ...values });
    for (const r of roles) f.append('totp_roles', r);
    return f;
  };

  test('shows every limit and saves them all at once, with the roles that must use two-step sign-in', async () => {
    const mgr = await staffAs('manager');
    const page = await mgr.get('/staff/admin/limits');
    assert.equal(page.status, 200);
    for (const n of NAMES) assert.match(page.text, new RegExp(`name="${n}"[^>]*value="${saved[n]}"`), `${n} shown`);
    const values = Object.fromEntries(NAMES.map((n, i) => [n, String(1000 + i)]));
    let res = await mgr.postForm('/staff/admin/limits', form(mgr.csrf, values));
    assertRedirect(res, '/staff/admin/limits?saved=1');
    let now = current();
    for (const n of NAMES) assert.equal(now[n], values[n], n);
    assert.equal(now.totp_required_roles, '', 'none ticked: nobody must (in demo mode)');
    const again = await mgr.get('/staff/admin/limits?saved=1');
    assert.match(again.text, /id="saved"/);
    for (const n of NAMES) assert.match(again.text, new RegExp(`name="${n}"[^>]*value="${values[n]}"`), `${n} shown as saved`);
    assert.doesNotMatch(again.text, /name="totp_roles" value="[a-z]+" checked/);
    try {
      res = await mgr.postForm('/staff/admin/limits', form(mgr.csrf, values, ['tech', 'warehouse']));
      assertRedirect(res, '/staff/admin/limits?saved=1');
      now = current();
      assert.equal(now.totp_required_roles, 'tech,warehouse');
      // a manager holds every role: from now on the manager too is sent to enrol first
      assertRedirect(await mgr.get('/staff/admin/limits'), '/staff/account?enrol=1');
    } finally {
      for (const [n, v] of Object.entries(saved)) set(n, v);
    }
    assert.equal((await mgr.get('/staff/admin/limits')).status, 200);
    for (const [n, v] of Object.entries(saved)) set(n, v);
  });

  test('bad values: the form again with what is wrong (400), nothing saved', async () => {
    const mgr = await staffAs('manager');
    await mgr.get('/staff/admin/limits');
    const before_ = current();
    const good = Object.fromEntries(NAMES.map((n) => [n, '100']));
    for (const [field, value] of [['limit_window_seconds', '10'], ['limit_request_account', '0'], ['limit_message_address', '1e3'],
      ['limit_upload_account', '-5'], ['limit_complaint_account', ''], ['limit_request_address', '99999999']]) {
      const res = await mgr.postForm('/staff/admin/limits', form(mgr.csrf, { ...good, [field]: value }));
      assert.equal(res.status, 400, `${field} = ${value}`);
      assert.match(res.text, new RegExp(`id="${field}"`));
      assert.match(res.text, new RegExp(`id="err-${field}"`), 'the field says why');
      assert.deepEqual(current(), before_, `${field} = ${value}: nothing saved`);
    }
    const res = await mgr.postForm('/staff/admin/limits', form(mgr.csrf, good, ['root']));
    assert.equal(res.status, 400, 'a role that does not exist');
    assert.deepEqual(current(), before_);
    const agent = await staffAs('agent');
    await agent.get('/staff/queue');
    assert.equal((await agent.postForm('/staff/admin/limits', form(agent.csrf, good))).status, 403, 'managers only');
    assert.deepEqual(current(), before_);
  });
});
