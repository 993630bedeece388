// backup.test.mjs — a dump of the test stack's database (scripts/backup.sh,
// mariadb-dump in one consistent snapshot) restored into a fresh instance
// (the `restore` stack): every case, event, refund and photo is there, and
// the customer signs in on the restored site and finds their case.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

import { BASE, caseNoOf, freshCustomer, png, sql, submitRequest } from './lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const PORT = Number(new URL(BASE).port) + 3; // next to the test stack's
const FILE = `${ROOT}var/test-output/backup.sql.gz`;

function sh(cmd, args, env = {}) {
  return execFileSync(`${ROOT}scripts/${cmd}`, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300e3 });
}

/** Rows of a query on the restore stack's database. */
function restored(query) {
  return execFileSync('mariadb', [`--defaults-file=${ROOT}var/restore/my.cnf`, '--batch', '-N', '-D', 'aftercare', '-e', query],
    { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
}

after(() => {
  sh('stack.sh', ['down', 'restore'], { AFTERCARE_PORT: String(PORT) });
  if (existsSync(FILE)) rmSync(FILE);
});

test('a backup restored into a fresh instance holds every case; the customer finds theirs there', async () => {
  const cust = await freshCustomer('BAK', [{ sku: 'B-1', name: '相机', category: 'electronics', qty: 1, unit_price_fen: 299900 }]);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '9.99',
    photos: [{ filename: 'cam.png', type: 'image/png', data: png(5, 5) }],
  });
  const caseNo = caseNoOf(res);

  const counts = (run) => Object.fromEntries(['cases', 'case_events', 'case_items', 'attachments', 'refunds', 'customers', 'orders', 'surveys', 'complaints']
    .map((t) => [t, Number(run(`SELECT COUNT(*) FROM ${t}`)[0][0])]));
  const before = counts(sql);
  const cases = sql('SELECT case_no, state, version FROM cases ORDER BY case_no').map((r) => r.join(' '));
  const photos = sql('SELECT sha256 FROM attachments ORDER BY id').map((r) => r[0]);

  assert.match(sh('backup.sh', ['backup', 'test', FILE]), /bytes\)/);
  sh('stack.sh', ['up', 'restore'], { AFTERCARE_PORT: String(PORT) });
  assert.match(sh('backup.sh', ['restore', 'restore', FILE]), /replaced/);

  assert.deepEqual(counts(restored), before, 'every table has its rows');
  assert.deepEqual(restored('SELECT case_no, state, version FROM cases ORDER BY case_no').map((r) => r.join(' ')), cases,
    `all ${cases.length} cases, each in its state and version`);
  assert.deepEqual(restored('SELECT SHA2(data, 256) FROM attachments ORDER BY id').map((r) => r[0]), photos,
    'every photo, byte for byte');

  // The restored site: the customer signs in there and sees the case.
  const base = `http://127.0.0.1:${PORT}`;
  const login = await fetch(`${base}/login`);
  const pre = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const signIn = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre, origin: base },
    body: new URLSearchParams({ csrf, login: cust.phone, password: cust.password }),
  });
  assert.equal(signIn.status, 303, 'the customer signs in on the restored site');
  const sid = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(`${base}/my/requests/${caseNo}`, { headers: { cookie: sid } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(`${caseNo}`), 'and finds the case');
  console.log(`# backup: ${cases.length} cases, ${photos.length} photos restored and checked`);
});
