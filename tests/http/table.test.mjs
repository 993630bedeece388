// table.test.mjs — the state table, driven by itself over real HTTP. Every
// row that `aftercare-admin workflow` prints (from, action, types, facts,
// to, who) becomes a case put in its `from` state, and every role tries the
// action: those the row does not name get 403 and change nothing, the
// customer is sent to the staff sign-in (or staff to the customer's), then
// each role the row names (and a manager, who may take every staff step)
// takes it on a case of its own, and the case goes where the row says. A
// row of the payment system's (who: system, no person) is refused to
// every role, the manager too, and taken through the API
// (/api/v1/cases/{no}/refunds/{id}/failed) on a case with a refund, or
// (close) by the worker's ship-by job on a case whose goods are long
// overdue. A new row is tested without touching this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import {
  VAR, apiPost, assertErrorPage, assertRedirect, caseRow, freshCustomer, giveRiskHistory,
  q, sql, staffAs, uniqueOrderNo, uniquePhone, waitFor,
} from './lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const ROLES = ['agent', 'warehouse', 'logistics', 'finance', 'tech', 'manager'];

function tableRows() {
  const out = execFileSync(`${ROOT}build/aftercare-admin`, ['--config', `${VAR}/aftercare.conf`, 'workflow'], { encoding: 'utf8' });
  const [head, ...lines] = out.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(head, ['from', 'action', 'types', 'when', 'to', 'who']);
  return lines.map(([from, action, types, when, to, who]) => ({
    from, action, types: types.split(','), when: when ? when.split(',') : [], to, who: who.split(','),
  }));
}

// Customers by risk level: approval makes a low-risk customer's return a
// fast refund; a high-risk customer's refund over the threshold waits for
// a manager. One order line of 1000 units at 1000 yuan each.
const customers = {};
async function customerOf(level) {
  if (customers[level]) return customers[level];
  const cust = await freshCustomer(`TBL${level[0].toUpperCase()}`, [
    { sku: 'TBL-1', name: '测试商品', category: 'electronics', qty: 1000, unit_price_fen: 100000 },
  ]);
  if (level !== 'low') giveRiskHistory(cust.phone, level);
  const [[id, orderId, itemId]] = sql(
    `SELECT c.id, o.id, i.id FROM customers c JOIN orders o ON o.customer_id = c.id
     JOIN order_items i ON i.order_id = o.id WHERE c.phone = ${q(cust.phone)}`);
  customers[level] = { ...cust, id, orderId, itemId };
  return customers[level];
}

let serial = 0;

/** A customer made straight in the database, with a refund history for
 * the level: refunds made by the table's own rows count towards the risk
 * score, so each refund step gets a customer whose level nothing else
 * moves. */
function sqlCustomer(level) {
  const phone = uniquePhone();
  const orderNo = uniqueOrderNo('TBLS');
  sql(`INSERT INTO customers (phone, name, city, created_at) VALUES (${q(phone)}, '表', '上海', UTC_TIMESTAMP());
       INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
         VALUES (${q(orderNo)}, LAST_INSERT_ID(), UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY, 'alipay', UTC_TIMESTAMP());
       INSERT INTO order_items (order_id, sku, name, category, qty, unit_price_fen, paid_fen)
         VALUES (LAST_INSERT_ID(), 'TBL-1', '测试商品', 'electronics', 10, 100000, 1000000);`);
  if (level !== 'low') giveRiskHistory(phone, level);
  const [[id, orderId, itemId]] = sql(
    `SELECT c.id, o.id, i.id FROM customers c JOIN orders o ON o.customer_id = c.id
     JOIN order_items i ON i.order_id = o.id WHERE c.phone = ${q(phone)}`);
  return { id, orderId, itemId };
}

/** A case straight in the row's from state, with the row's facts, of one
 * unit: the table is what is tested, not the way to its states. */
async function caseFor(row, level) {
  const system = row.who.includes('system');
  const c = row.action === 'refund' || system ? sqlCustomer(level) : await customerOf(level);
  const type = row.types[0];
  const from = row.from === '*' ? 'submitted' : row.from;
  const caseNo = `TB${Date.now().toString(36).toUpperCase()}${++serial}`.slice(0, 20);
  const onsite = row.when.includes('onsite');
  const fast = row.when.includes('fast');
  // the facts of schema/035: a parcel not received, a partial inspection's
  // deduction, an appeal made
  const reason = row.when.includes('not_received') ? 'not_received' : 'quality_defect';
  const deduction = row.when.includes('partial') ? 10000 : 'NULL';
  const appealed = row.when.includes('appealed') ? 'UTC_TIMESTAMP()' : 'NULL';
  sql(`INSERT INTO cases (case_no, customer_id, order_id, type, reason, description, state,
         repair_mode, fast_refund, pending_refund_fen, nonce, created_at, updated_at,
         deduction_fen, appealed_at)
       VALUES (${q(caseNo)}, ${c.id}, ${c.orderId}, ${q(type)}, ${q(reason)}, 'table', ${q(from)},
         ${type === 'repair' ? q(onsite ? 'on_site' : 'mail_in') : 'NULL'}, ${fast ? 1 : 0},
         ${from === 'refund_approval' ? 60000 : 'NULL'}, ${q(caseNo)}, UTC_TIMESTAMP(), UTC_TIMESTAMP(),
         ${deduction}, ${appealed});
       INSERT INTO case_items (case_id, order_item_id, qty) VALUES (LAST_INSERT_ID(), ${c.itemId}, 1);`);
  if (!system || row.action === 'close') return { caseNo, customer: c };
  // the payment system's rows are about the case's refund: one paid
  sql(`INSERT INTO refunds (case_id, amount_fen, reference, created_at)
         SELECT id, 60000, 'TBL-PAY', UTC_TIMESTAMP() FROM cases WHERE case_no = ${q(caseNo)};
       INSERT INTO refund_items (refund_id, order_item_id, amount_fen) VALUES (LAST_INSERT_ID(), ${c.itemId}, 60000);`);
  const [[refundId]] = sql(`SELECT r.id FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)}`);
  return { caseNo, customer: c, refundId };
}

/** The customer's risk level a row needs. */
function levelFor(row) {
  if (row.action === 'approve' && row.when.includes('fast')) return 'low';
  if (row.action === 'refund' && row.when.includes('hold')) return 'high';
  return 'medium';
}

/** URL action and fields of a step. */
function request(action) {
  const tech = sql(`SELECT id FROM staff WHERE email = 'tech@demo.local'`)[0][0];
  switch (action) {
    case 'reject': return ['reject', { reason: '不符合条件' }];
    case 'inspect_pass': return ['inspect', { result: 'pass', note: 'ok' }];
    case 'inspect_fail': return ['inspect', { result: 'fail', note: '人为损坏' }];
    case 'inspect_partial': return ['inspect', { result: 'partial', deduction: '100.00', note: '缺少配件' }];
    case 'claim': return ['claim', { claim_no: 'CLM-TBL-1' }];
    case 'appeal': return ['appeal', { reason: '商品完好' }];
    case 'refund': return ['refund', { amount: '600.00', reference: 'TBL-PAY' }];
    case 'ship': return [action, { carrier: '顺丰', tracking_no: 'SF-TBL' }];
    case 'shipment': return [action, { carrier: 'sf', tracking_no: `SF${String(Date.now()).slice(-13)}` }];
    case 'assign': return ['assign', { staff_id: tech }];
    default: return [action, {}];
  }
}

async function staffTry(role, caseNo, action) {
  const c = await staffAs(role);
  const [path, fields] = request(action);
  return c.postForm(`/staff/cases/${caseNo}/${path}`, { csrf: c.csrf, version: caseRow(caseNo).version, ...fields });
}

async function customerTry(client, caseNo, action) {
  const [path, fields] = request(action);
  await client.get(`/my/requests/${caseNo}`); // csrf
  return client.postForm(`/my/requests/${caseNo}/${path}`, { csrf: client.csrf, version: caseRow(caseNo).version, ...fields });
}

const rows = tableRows();
let tried = 0;

test('the state table has rows for every kind of case and every role', () => {
  const types = new Set(rows.flatMap((r) => r.types));
  const who = new Set(rows.flatMap((r) => r.who));
  assert.deepEqual([...types].sort(), ['exchange', 'refund_only', 'repair', 'return_refund']);
  for (const role of [...ROLES, 'customer']) assert.ok(who.has(role), `some row is taken by ${role}`);
});

for (const row of rows) {
  const name = `${row.from} ${row.action}${row.when.length ? ' [' + row.when.join(',') + ']' : ''} (${row.types[0]}) → ${row.to} by ${row.who.join('|')}`;
  test(name, async () => {
    const level = levelFor(row);
    const { caseNo, customer, refundId } = await caseFor(row, level);
    const someCustomer = (await customerOf('medium')).client;
    const from = caseRow(caseNo).state;
    const expectTo = row.to === '=' ? from : row.to;

    if (row.who.includes('customer')) {
      for (const role of ROLES) {
        const c = await staffAs(role);
        const [path, fields] = request(row.action);
        const res = await c.postForm(`/my/requests/${caseNo}/${path}`, { csrf: c.csrf, ...fields });
        assertRedirect(res, '/login', `${role} on the customer's URL`);
        tried++;
      }
      assert.equal(caseRow(caseNo).state, from, 'staff changed nothing');
      assertRedirect(await customerTry(customer.client, caseNo, row.action), `/my/requests/${caseNo}`, 'the customer');
      assert.equal(caseRow(caseNo).state, expectTo);
      tried++;
      return;
    }

    // The payment system's rows are no person's: the manager is refused too.
    const system = row.who.includes('system');
    const allowed = system ? [] : ROLES.filter((r) => r === 'manager' || row.who.includes(r));
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      assertErrorPage(await staffTry(role, caseNo, row.action), 403, `${role} may not`);
      assert.deepEqual(caseRow(caseNo), { state: from, version: 1 }, `${role}'s refusal changed nothing`);
      tried++;
    }
    const res = await someCustomer.postForm(`/staff/cases/${caseNo}/${request(row.action)[0]}`,
      { csrf: someCustomer.csrf, version: 1 });
    assertRedirect(res, '/staff/login', 'the customer on a staff URL');
    tried++;

    if (system && row.action === 'close') {
      // the worker's ship-by job: the goods were due long ago (schema/020)
      sql(`UPDATE cases SET ship_by = UTC_TIMESTAMP() - INTERVAL 60 DAY, ship_by_reminded = 1 WHERE case_no = ${q(caseNo)};
           UPDATE jobs SET last_run = NULL WHERE name = 'ship_by'`);
      await waitFor(() => caseRow(caseNo).state === expectTo, `the ship-by job closes ${caseNo}`);
      const [[action, fromState, toState]] = sql(
        `SELECT e.action, e.from_state, e.to_state FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE c.case_no = ${q(caseNo)} AND e.actor_kind = 'x' ORDER BY e.id DESC LIMIT 1`);
      assert.deepEqual([action, fromState, toState], [row.action, from, expectTo], 'the timeline has the step');
      return;
    }
    if (system) {
      const ok = await apiPost(`/api/v1/cases/${caseNo}/refunds/${refundId}/failed`, { reason: '银行卡已注销' });
      assert.equal(ok.status, 200, `the payment system takes it: ${ok.text}`);
      assert.equal(caseRow(caseNo).state, expectTo, 'where the row says');
      const [[action, fromState, toState]] = sql(
        `SELECT e.action, e.from_state, e.to_state FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE c.case_no = ${q(caseNo)} AND e.actor_kind = 'x' ORDER BY e.id DESC LIMIT 1`);
      assert.deepEqual([action, fromState, toState], [row.action, from, expectTo], 'the timeline has the step');
      return;
    }

    // Each role the row names takes the step on a case of its own (the
    // first on this one). A manager's own refund never waits for a
    // manager: on a hold row it is paid at once.
    for (const [i, role] of allowed.entries()) {
      const target = i === 0 ? caseNo : (await caseFor(row, level)).caseNo;
      const to = role === 'manager' && row.when.includes('hold') ? 'refunded' : expectTo;
      assertRedirect(await staffTry(role, target, row.action), `/staff/cases/${target}`, `${role} takes it`);
      assert.equal(caseRow(target).state, to, `${role}: where the row says`);
      const [[action, fromState, toState]] = sql(
        `SELECT e.action, e.from_state, e.to_state FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE c.case_no = ${q(target)} AND e.actor_kind = 's' ORDER BY e.id DESC LIMIT 1`);
      assert.deepEqual([action, fromState, toState], [row.action, from, to], `${role}: the timeline has the step`);
      tried++;
    }
  });
}

test('attempts made', () => {
  // Every role and the customer tried every row once.
  assert.equal(tried, rows.length * 7, `${tried} attempts over ${rows.length} rows`);
  console.log(`# state table: ${rows.length} rows, ${tried} attempts`);
});
