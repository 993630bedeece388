// sqlmap.test.mjs — Debian's sqlmap, in batch mode and bounded in time,
// against the sign-in form, the request form, the staff queue's filters and
// the API: it must find nothing injectable. SQLMAP_LEVEL / SQLMAP_RISK
// (default 1/1) and SQLMAP_TECHNIQUE (default BEU: boolean, error, union;
// add T for time-based) make a longer run (`make sqlmap`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { API_KEY, BASE, Client, VAR, freshCustomer, sql, staffAs } from './lib.mjs';

const run = promisify(execFile);
const OUT = new URL('../../var/test-output/sqlmap/', import.meta.url).pathname;
const LEVEL = process.env.SQLMAP_LEVEL || '1';
const RISK = process.env.SQLMAP_RISK || '1';
const TECHNIQUE = process.env.SQLMAP_TECHNIQUE || 'BEU';
const LIMIT = Number(process.env.SQLMAP_SECONDS || 150) * 1000;
let requests = 0;

/** Requests the daemon has logged so far. */
function served() {
  return (readFileSync(`${VAR}/aftercare.log`, 'utf8').match(/^req id=/gm) || []).length;
}

async function sqlmap(name, args) {
  const before = served();
  mkdirSync(OUT, { recursive: true });
  const { stdout } = await run('sqlmap', [
    '--batch', '--flush-session', '--disable-coloring', `--output-dir=${OUT}${name}`,
    `--level=${LEVEL}`, `--risk=${RISK}`, `--technique=${TECHNIQUE}`, '--threads=2',
    '--timeout=10', '--retries=0', ...args,
  ], { timeout: LIMIT, maxBuffer: 64 << 20 });
  writeFileSync(`${OUT}${name}.txt`, stdout);
  const sent = served() - before;
  assert.ok(sent >= 20, `${name}: sqlmap reached the daemon (${sent} requests)`);
  requests += sent;
  return stdout;
}

function assertClean(out, what) {
  assert.doesNotMatch(out, /identified the following injection point|is vulnerable|appears to be '.*' injectable/i, `${what}: ${out.slice(-600)}`);
  assert.match(out, /do not appear to be injectable|not injectable/i, `${what}: sqlmap tested and found nothing (${out.slice(-400)})`);
}

after(() => {
  // sqlmap's failed sign-ins lock the test address: later suites sign in.
  sql(`DELETE FROM login_throttle`);
  console.log(`# sqlmap: level ${LEVEL}, risk ${RISK}, techniques ${TECHNIQUE}: ${requests} requests, nothing injectable`);
});

test('the staff queue filters', { timeout: LIMIT + 10e3 }, async () => {
  const agent = await staffAs('agent');
  const out = await sqlmap('queue', [
    '-u', `${BASE}/staff/queue?status=submitted&type=refund_only&q=AS1&sla=at_risk&assignee=1&page=1`,
    `--cookie=sid=${agent.cookie('sid')}`, '-p', 'status,type,q,sla,assignee,page',
  ]);
  assertClean(out, 'queue');
});

test('the request form', { timeout: LIMIT + 10e3 }, async () => {
  const cust = await freshCustomer('SQLM', [{ sku: 'S-1', name: '杯子', category: 'other', qty: 5, unit_price_fen: 1000 }]);
  const item = cust.order.items[0].id;
  const data = `csrf=${cust.client.csrf}&nonce=sqlmapnonce0000001&order_no=${cust.orderNo}&type=refund_only` +
    `&reason=other&description=x&qty_${item}=1&amount=1.00`;
  const out = await sqlmap('request', [
    '-u', `${BASE}/my/requests`, `--data=${data}`, `--cookie=sid=${cust.client.cookie('sid')}`,
    '-p', 'order_no,type,reason,description,amount', `--headers=Origin: ${BASE}`,
  ]);
  assertClean(out, 'request form');
});

test('the sign-in form', { timeout: LIMIT + 10e3 }, async () => {
  const c = new Client();
  await c.get('/login');
  const out = await sqlmap('login', [
    '-u', `${BASE}/login`, `--data=csrf=${c.csrf}&login=13800000001&password=wrong`,
    `--cookie=pre=${c.cookie('pre')}`, '-p', 'login,password', `--headers=Origin: ${BASE}`,
    '--ignore-code=401,429', // a wrong password, then the lock: answers to compare
  ]);
  assertClean(out, 'sign-in');
});

test('the API', { timeout: LIMIT + 10e3 }, async () => {
  // A case that exists (numbers carry the day they were made: never a
  // fixed one, or sqlmap meets a 404 after midnight and stops).
  const [[caseNo]] = sql('SELECT case_no FROM cases ORDER BY id LIMIT 1');
  const out = await sqlmap('api', [
    '-u', `${BASE}/api/v1/cases/${caseNo}*`, `--headers=Authorization: Bearer ${API_KEY}`,
  ]);
  assertClean(out, 'API');
});
