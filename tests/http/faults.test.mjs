// faults.test.mjs — the stack's own parts failing under it, over real HTTP:
// MariaDB shut down while customers and staff are busy (friendly 503s with
// Retry-After, no crash, no half-done step, service back within seconds of
// the database), and MariaDB killed with -9 right after acknowledged writes
// (every acknowledged case is there after the restart); a daemon SIGTERMed
// or SIGKILLed under load (its supervisor starts another; nginx passes
// requests to the other daemon meanwhile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

import {
  Client, ROOT, caseNoOf, caseRow, freshCustomer, giveRiskHistory, parseRequestForm, q, requestParts, sleep, sql,
  stack, staffAs, submitRequest, untilHealthy,
} from './lib.mjs';

/** The supervisors of the stack's daemons (var/test/aftercare*.pid). */
function supervisors() {
  return readdirSync(`${ROOT}/var/test`).filter((f) => /^aftercare(-\d)?\.pid$/.test(f))
    .map((f) => Number(readFileSync(`${ROOT}/var/test/${f}`, 'utf8').trim()));
}

/** Every case's state is the to_state of its last timeline event. */
function stateMismatches() {
  return sql(`SELECT c.case_no, c.state, e.to_state FROM cases c
              JOIN case_events e ON e.id = (SELECT MAX(id) FROM case_events WHERE case_id = c.id)
              WHERE e.to_state <> c.state`);
}

test('MariaDB shut down mid-load: 503 with Retry-After and a page, no crash, no half step, back at once', async () => {
  const cust = await freshCustomer('FLT', [{ sku: 'F-1', name: '风扇', category: 'appliance', qty: 20, unit_price_fen: 5000 }]);
  giveRiskHistory(cust.phone, 'medium');
  const cases = [];
  for (let i = 0; i < 4; i++) {
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '10.00',
    });
    cases.push(caseNoOf(res));
  }
  const agent = await staffAs('agent');
  const finance = await staffAs('finance');
  await agent.get('/staff/queue');
  await finance.get('/staff/queue');

  // Load: customers reading pages, staff approving and refunding, while
  // the database goes away and comes back.
  let stop = false;
  const statuses = new Map();
  const count = (s) => statuses.set(s, (statuses.get(s) || 0) + 1);
  const loop = async (fn) => {
    while (!stop) {
      let res;
      try {
        res = await fn();
      } catch {
        res = { status: 'error' };
      }
      if (res) count(res.status);
      else await sleep(100); // the test's own view of the database is down too
    }
  };
  /** The case's state and version, or null while the database is away. */
  const rowOf = (caseNo) => {
    try {
      return caseRow(caseNo);
    } catch {
      return null;
    }
  };
  const workers = [
    ...Array.from({ length: 4 }, () => loop(() => cust.client.get('/my/orders'))),
    loop(() => cust.client.get(`/my/requests/${cases[0]}`)),
    ...cases.map((caseNo) => loop(async () => {
      const row = rowOf(caseNo);
      if (!row) return null;
      const { state, version } = row;
      if (state === 'submitted') return agent.postForm(`/staff/cases/${caseNo}/approve`, { csrf: agent.csrf, version });
      if (state === 'refund_pending') {
        return finance.postForm(`/staff/cases/${caseNo}/refund`, { csrf: finance.csrf, version, amount: '10.00', reference: `F-${caseNo}` });
      }
      return agent.get(`/staff/cases/${caseNo}`);
    })),
  ];
  await sleep(500);
  stack('db-down');
  try {
    const down = await cust.client.get('/my/orders');
    assert.equal(down.status, 503, 'a page while the database is down');
    assert.equal(down.headers.get('retry-after'), '5');
    assert.match(down.text, /data-status="503"/, 'a friendly error page');
    assert.doesNotMatch(down.text, /mysql|mariadb|SELECT|\/work\//i, 'no SQL, no paths');
    assert.equal((await new Client().get('/healthz')).status, 503, 'health says so');
    assert.equal((await new Client().get('/hello')).status, 200, 'the daemon itself is alive');
    await sleep(1000);
  } finally {
    stack('db-up');
  }
  const back = await untilHealthy(20);
  await sleep(1000);
  stop = true;
  await Promise.all(workers);
  console.log(`# faults: statuses under the outage ${JSON.stringify(Object.fromEntries(statuses))}; healthy ${back.toFixed(1)} s after the restart`);

  for (const s of statuses.keys()) {
    assert.ok([200, 303, 409, 503].includes(s), `only finished answers and 503s under the outage, got ${s}`);
  }
  assert.ok(statuses.get(503) > 0, 'the outage was seen');
  assert.equal((await cust.client.get('/my/orders')).status, 200, 'pages work again');
  assert.deepEqual(stateMismatches(), [], 'every case\'s state is its last event\'s');
  for (const caseNo of cases) {
    const refunds = Number(sql(`SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id WHERE c.case_no = ${q(caseNo)}`)[0][0]);
    const state = caseRow(caseNo).state;
    assert.equal(refunds, state === 'refunded' ? 1 : 0, `${caseNo}: ${state} with ${refunds} refunds`);
  }
});

test('acknowledged writes survive kill -9 of mariadbd', async () => {
  const cust = await freshCustomer('K9', [{ sku: 'K-1', name: '灯', category: 'appliance', qty: 10, unit_price_fen: 1000 }]);
  const acknowledged = [];
  for (let i = 0; i < 5; i++) {
    const { res } = await submitRequest(cust.client, cust.orderNo, {
      type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '1.00',
    });
    acknowledged.push(caseNoOf(res));
  }
  const [pid] = execFileSync('cat', [`${ROOT}/var/test/mysqld.pid`], { encoding: 'utf8' }).trim().split('\n');
  process.kill(Number(pid), 'SIGKILL');
  await sleep(500);
  try {
    assert.equal((await cust.client.get('/my/requests')).status, 503, 'down after the kill');
  } finally {
    stack('db-up');
  }
  await untilHealthy(30);
  for (const caseNo of acknowledged) {
    assert.equal(sql(`SELECT COUNT(*) FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '1', `${caseNo} survived`);
  }
  const list = await cust.client.get('/my/requests');
  for (const caseNo of acknowledged) assert.ok(list.text.includes(caseNo), `${caseNo} on the customer's list`);
  assert.deepEqual(stateMismatches(), []);
});

test('SIGTERM under load: every request in flight completes, none is cut mid-answer', async () => {
  const c = await freshCustomer('TERM', [{ sku: 'T-1', name: '书', category: 'other', qty: 1, unit_price_fen: 100 }]);
  let stop = false;
  const seen = { whole: 0, refused: 0 };
  const cut = [];
  const loop = async () => {
    while (!stop) {
      try {
        const res = await c.client.get('/my/orders');
        if (res.status === 200) {
          if (res.text.trimEnd().endsWith('</html>')) seen.whole++;
          else cut.push(res.text.slice(-80));
        } else if (res.status === 502 || res.status === 503) {
          seen.refused++; // the daemon had stopped taking requests: nginx says so
        } else {
          cut.push(`status ${res.status}`);
        }
      } catch (e) {
        cut.push(String(e)); // a reset connection would be a cut answer
      }
    }
  };
  const workers = Array.from({ length: 12 }, loop);
  await sleep(700);
  for (const pid of supervisors()) process.kill(pid, 'SIGTERM');
  await sleep(1500);
  stop = true;
  await Promise.all(workers);
  try {
    const log = execFileSync('tail', ['-n', '20', `${ROOT}/var/test/aftercare.log`], { encoding: 'utf8' });
    assert.match(log, /stopped/, 'the daemon said it stopped');
    assert.deepEqual(cut, [], 'no answer cut short');
    assert.ok(seen.whole > 0 && seen.refused > 0, `answers before and refusals after (${JSON.stringify(seen)})`);
  } finally {
    stack('daemon-up');
  }
  await untilHealthy(20);
  assert.equal((await c.client.get('/my/orders')).status, 200, 'a new daemon serves again');
  console.log(`# faults: SIGTERM under load: ${seen.whole} whole answers, ${seen.refused} refused after, ${cut.length} cut`);
});

test('a daemon killed with -9 under load: the other serves, its supervisor starts another, no write lost', async () => {
  const cust = await freshCustomer('KILL', [{ sku: 'KL-1', name: '笔', category: 'other', qty: 2000, unit_price_fen: 100 }]);
  const daemons = supervisors();
  assert.ok(daemons.length >= 2, `several daemons behind one upstream (${daemons.length})`);
  const victim = Number(execFileSync('pgrep', ['-P', String(daemons[0])], { encoding: 'utf8' }).trim().split('\n')[0]);
  let stop = false;
  const gets = new Map();
  const posts = new Map();
  const acknowledged = [];
  const tally = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  const reader = async () => {
    while (!stop) {
      const res = await cust.client.get('/my/orders').catch(() => ({ status: 'error' }));
      tally(gets, res.status);
    }
  };
  // A writer fetches the form, then posts it: the form's GET counts with the
  // pages (a 502 if the killed daemon had it), and only a form that arrived
  // is posted.
  const writer = async () => {
    const spec = { type: 'refund_only', reason: 'other', qty: { [cust.order.items[0].id]: 1 }, amount: '0.50' };
    while (!stop) {
      const formRes = await cust.client.get(`/my/orders/${encodeURIComponent(cust.orderNo)}/new`)
        .catch(() => ({ status: 'error' }));
      tally(gets, formRes.status);
      if (formRes.status !== 200) continue;
      const parts = requestParts(cust.client, parseRequestForm(formRes.text), spec);
      const res = await cust.client.postMultipart('/my/requests', parts).catch(() => ({ status: 'error' }));
      tally(posts, res.status);
      if (res.status === 303) acknowledged.push(res.headers.get('location').split('/').pop());
    }
  };
  const workers = [...Array.from({ length: 8 }, reader), ...Array.from({ length: 3 }, writer)];
  await sleep(800);
  process.kill(victim, 'SIGKILL');
  await sleep(2500);
  stop = true;
  await Promise.all(workers);
  console.log(`# faults: SIGKILL of a daemon under load: GET ${JSON.stringify(Object.fromEntries(gets))}, ` +
    `POST ${JSON.stringify(Object.fromEntries(posts))}`);

  // A page the killed daemon was already answering cannot be handed over
  // (nginx had its first bytes): at most one per client in flight gets a 502;
  // every other went to the other daemon.
  for (const k of gets.keys()) assert.ok([200, 502].includes(k), `a page or a 502: ${k}`);
  assert.ok((gets.get(502) || 0) <= workers.length,
    `at most the killed daemon's requests in flight failed (${gets.get(502) || 0})`);
  assert.ok(gets.get(200) > 100, 'the other daemon served the rest');
  // A form is never sent twice: it gets its answer (a 400 once the order's
  // units are all in cases) or a 502.
  for (const k of posts.keys()) assert.ok([303, 400, 502].includes(k), `a form's answer: ${k}`);
  const log = readFileSync(`${ROOT}/var/test/aftercare.log`, 'utf8');
  assert.match(log, new RegExp(`the daemon ${victim} died \\(signal 9\\): starting another`), 'the supervisor saw it');
  const fresh = execFileSync('pgrep', ['-P', String(daemons[0])], { encoding: 'utf8' }).trim();
  assert.ok(fresh && Number(fresh) !== victim, 'and runs a new one');
  for (const caseNo of acknowledged) {
    assert.equal(sql(`SELECT COUNT(*) FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], '1', `${caseNo} was acknowledged and is there`);
  }
  assert.deepEqual(stateMismatches(), []);
});
