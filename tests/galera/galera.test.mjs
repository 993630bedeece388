// galera.test.mjs — the application on a three-node Galera cluster
// (scripts/galera.sh, stack profile `galera`): the daemon behind nginx
// writes through node 1 over real HTTP; nodes 2 and 3 have every row at
// once (read with wsrep_sync_wait, and through a second daemon on node 2
// serving the customer's case page); node 3 stopped mid-way misses nothing:
// writes go on without it and it catches up by IST when it comes back.
// Every table has a primary key (Galera replicates rows by key).
//
// Runs against `scripts/stack.sh up galera` (tests/run.sh galera, make
// galera-test), never against the normal test stack: AFTERCARE_URL,
// AFTERCARE_VAR (var/galera) and AFTERCARE_PORT come from the runner.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  BASE, VAR, assertRedirect, caseNoOf, freshCustomer, parseCasePage, q, sql, staffAs, submitRequest,
} from '../http/lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const PORT = new URL(BASE).port;
const NODES = [1, 2, 3];

/** Rows of a query on node N, as arrays of strings. wsrep_sync_wait = 1:
 * the read waits until the node has applied every write the cluster had
 * committed when it began (a causal read: no sleeping, no polling). */
function nodeSql(n, query) {
  const out = execFileSync('mariadb', [`--defaults-file=${VAR}/node${n}/my.cnf`, '--batch', '-N',
    '--default-character-set=utf8mb4', '-D', 'aftercare', '-e', `SET SESSION wsrep_sync_wait = 1; ${query}`],
  { encoding: 'utf8', timeout: 30e3 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** A status variable of node N, read without waiting on the cluster. */
function wsrep(n, name) {
  const out = execFileSync('mariadb', [`--defaults-file=${VAR}/node${n}/my.cnf`, '--batch', '-N',
    '-e', `SHOW GLOBAL STATUS LIKE '${name}'`], { encoding: 'utf8', timeout: 10e3 });
  return out.trim().split('\t')[1];
}

function galera(...args) {
  execFileSync(`${ROOT}scripts/galera.sh`, args, { env: { ...process.env, AFTERCARE_PORT: PORT }, stdio: 'pipe', timeout: 240e3 });
}

/** Waits (polling, bounded) until cond() is true; returns how long it took. */
async function until(what, cond, seconds = 30) {
  const t0 = Date.now();
  for (;;) {
    let ok = false;
    try { ok = cond(); } catch { ok = false; }
    if (ok) return Date.now() - t0;
    if (Date.now() - t0 > seconds * 1000) assert.fail(`${what}: not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function logLines(n, re) {
  return readFileSync(`${VAR}/node${n}/mysqld.err`, 'utf8').split('\n').filter((l) => re.test(l));
}


/** One staff step through the daemon (node 1), on the case's version. */
async function step(role, caseNo, action, fields, state) {
  const c = await staffAs(role);
  const page = await c.get(`/staff/cases/${caseNo}`);
  assert.equal(page.status, 200, `${role} opens ${caseNo}`);
  const [[version]] = sql(`SELECT version FROM cases WHERE case_no = ${q(caseNo)}`);
  const res = await c.postForm(`/staff/cases/${caseNo}/${action}`, { csrf: c.csrf, version, ...fields });
  assertRedirect(res, `/staff/cases/${caseNo}`, `${role} ${action}`);
  assert.equal(sql(`SELECT state FROM cases WHERE case_no = ${q(caseNo)}`)[0][0], state, `after ${action}`);
}

/** A fresh customer's refund-only case (no history: low risk, so the
 * approval goes straight to refund_pending), submitted over HTTP. */
async function newCase(tag, description, amount) {
  const cust = await freshCustomer(tag, [{ sku: 'GAL-1', name: '集群台灯', category: 'appliance', qty: 1, unit_price_fen: 25800 }]);
  const { res } = await submitRequest(cust.client, cust.orderNo, {
    type: 'refund_only', reason: 'missing_parts', description, amount, qty: { [cust.order.items[0].id]: 1 },
  });
  return { ...cust, caseNo: caseNoOf(res) };
}

/** What a case is, as one node has it: the case, its items, timeline and refund. */
function caseOn(n, caseNo) {
  const c = `(SELECT id FROM cases WHERE case_no = ${q(caseNo)})`;
  return {
    case: nodeSql(n, `SELECT c.state, c.version, c.type, c.description, cu.phone, o.order_no FROM cases c
                      JOIN customers cu ON cu.id = c.customer_id JOIN orders o ON o.id = c.order_id
                      WHERE c.case_no = ${q(caseNo)}`),
    items: nodeSql(n, `SELECT order_item_id, qty FROM case_items WHERE case_id = ${c} ORDER BY order_item_id`),
    events: nodeSql(n, `SELECT id, action, from_state, to_state FROM case_events WHERE case_id = ${c} ORDER BY id`),
    refund: nodeSql(n, `SELECT r.id, r.amount_fen, r.reference, ri.order_item_id, ri.amount_fen FROM refunds r
                        JOIN refund_items ri ON ri.refund_id = r.id WHERE r.case_id = ${c}`),
  };
}

/** GET a page from a daemon's FastCGI socket directly (cgi-fcgi, no nginx). */
function fcgiGet(sock, path, cookie) {
  const out = execFileSync('cgi-fcgi', ['-bind', '-connect', sock], {
    env: {
      PATH: process.env.PATH, REQUEST_METHOD: 'GET', DOCUMENT_URI: path, REQUEST_URI: path, QUERY_STRING: '',
      HTTP_HOST: `127.0.0.1:${PORT}`, SERVER_PORT: PORT, REMOTE_ADDR: '127.0.0.1', HTTP_ACCEPT_LANGUAGE: 'en',
      HTTP_COOKIE: cookie, SERVER_PROTOCOL: 'HTTP/1.1',
    },
    encoding: 'utf8', timeout: 20e3,
  });
  const cut = out.indexOf('\r\n\r\n');
  const head = out.slice(0, cut);
  const status = /^Status:\s*(\d+)/mi.exec(head);
  return { status: status ? Number(status[1]) : 200, head, text: out.slice(cut + 4) };
}

describe('Galera: three nodes, the daemon on node 1', () => {
  let reader = null; // the second daemon, on node 2
  const readerSock = `${VAR}/reader.sock`;
  // Its pid where `scripts/stack.sh down galera` looks for daemons
  // (var/galera/aftercare-N.pid), so that it stops even if this test dies.
  const readerPid = `${VAR}/aftercare-9.pid`;

  before(() => {
    for (const n of NODES) {
      assert.equal(wsrep(n, 'wsrep_cluster_size'), '3', `node ${n} sees three nodes`);
      assert.equal(wsrep(n, 'wsrep_local_state_comment'), 'Synced', `node ${n} is Synced`);
    }
  });

  after(() => {
    if (reader && reader.exitCode === null && reader.signalCode === null) reader.kill('SIGTERM');
    rmSync(readerPid, { force: true });
  });

  test('three distinct servers in one cluster, the daemon connected to node 1', () => {
    const ids = NODES.map((n) => nodeSql(n, 'SELECT @@wsrep_node_name, @@port, @@datadir')[0]);
    assert.deepEqual(ids.map((r) => r[0]), ['node1', 'node2', 'node3']);
    assert.equal(new Set(ids.map((r) => r[1])).size, 3, `three ports: ${ids.map((r) => r[1])}`);
    assert.equal(new Set(ids.map((r) => r[2])).size, 3, 'three servers');
    const uuids = NODES.map((n) => wsrep(n, 'wsrep_cluster_state_uuid'));
    assert.ok(uuids[0] && uuids.every((u) => u === uuids[0]), `one cluster state: ${uuids}`);
    const conf = readFileSync(`${VAR}/aftercare.conf`, 'utf8');
    assert.match(conf, new RegExp(`^db_socket = ${VAR}/node1/mysql\\.sock$`, 'm'), 'the daemon uses node 1');
    for (const n of NODES) {
      assert.equal(nodeSql(n, 'SELECT @@binlog_format, @@innodb_autoinc_lock_mode, @@wsrep_on').join(), 'ROW,2,1',
        `node ${n}: row events, interleaved auto-increment, wsrep on`);
    }
  });

  test('every table of the schema is InnoDB with a primary key, on every node', () => {
    for (const n of NODES) {
      const tables = nodeSql(n, `SELECT COUNT(*) FROM information_schema.TABLES
                                 WHERE TABLE_SCHEMA = 'aftercare' AND TABLE_TYPE = 'BASE TABLE'`)[0][0];
      assert.ok(Number(tables) >= 20, `node ${n} has the whole schema (${tables} tables)`);
      const noKey = nodeSql(n, `SELECT t.TABLE_NAME FROM information_schema.TABLES t
        WHERE t.TABLE_SCHEMA = 'aftercare' AND t.TABLE_TYPE = 'BASE TABLE' AND NOT EXISTS (
          SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k WHERE k.TABLE_SCHEMA = t.TABLE_SCHEMA
          AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_TYPE = 'PRIMARY KEY') ORDER BY 1`).map((r) => r[0]);
      assert.deepEqual(noKey, [], `node ${n}: tables without a primary key`);
      const notInnodb = nodeSql(n, `SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = 'aftercare' AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB'`);
      assert.deepEqual(notInnodb, [], `node ${n}: tables Galera does not replicate`);
    }
  });

  let first; // the case of the next two tests
  test('a case submitted over HTTP to node 1 is on nodes 2 and 3, row for row', async () => {
    first = await newCase('GAL', '灯罩缺了一个螺丝 (galera 1)', '12.34');
    const want = caseOn(1, first.caseNo);
    assert.deepEqual(want.case, [['submitted', '1', 'refund_only', '灯罩缺了一个螺丝 (galera 1)', first.phone, first.orderNo]]);
    assert.equal(want.items.length, 1);
    assert.deepEqual(want.events.map((e) => e[1]), ['submit']);
    for (const n of [2, 3]) assert.deepEqual(caseOn(n, first.caseNo), want, `node ${n} has the case as node 1 has it`);
  });

  test('a refund paid through node 1 is on nodes 2 and 3; a daemon on node 2 shows it to the customer', async () => {
    await step('agent', first.caseNo, 'approve', {}, 'refund_pending');
    await step('finance', first.caseNo, 'refund', { amount: '12.34', reference: 'GALERA-PAY-1' }, 'refunded');
    const want = caseOn(1, first.caseNo);
    assert.equal(want.case[0][0], 'refunded');
    assert.deepEqual(want.refund.map((r) => [r[1], r[2], r[4]]), [['1234', 'GALERA-PAY-1', '1234']]);
    assert.deepEqual(want.events.map((e) => e[1]), ['submit', 'approve', 'refund']);
    for (const n of [2, 3]) assert.deepEqual(caseOn(n, first.caseNo), want, `node ${n} has the refund as node 1 has it`);

    // The real application reading node 2: a second daemon with the same
    // configuration but node 2's socket, asked over FastCGI with the
    // customer's session cookie (the session is signed, not stored).
    rmSync(readerSock, { force: true });
    reader = spawn(`${ROOT}build/aftercare`, ['--config', `${VAR}/aftercare.conf`], {
      cwd: ROOT,
      env: { ...process.env, AFTERCARE_DB_SOCKET: `${VAR}/node2/mysql.sock`, AFTERCARE_FCGI_SOCKET: readerSock },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    writeFileSync(readerPid, `${reader.pid}\n`);
    let readerErr = '';
    reader.stderr.on('data', (d) => { readerErr += d; });
    await until('the node-2 daemon opens its socket', () => existsSync(readerSock) && reader.exitCode === null, 20)
      .catch((e) => { throw new Error(`${e.message}; its stderr: ${readerErr.slice(-500)}`); });
    const page = fcgiGet(readerSock, `/my/requests/${first.caseNo}`, `sid=${first.client.cookie('sid')}`);
    assert.equal(page.status, 200, `the case page from node 2: ${page.head} ${page.text.slice(0, 300)}`);
    const shown = parseCasePage(page.text);
    assert.equal(shown.state, 'refunded', 'node 2 serves the state written through node 1');
    assert.ok(page.text.includes('灯罩缺了一个螺丝 (galera 1)'), 'and the description');
    assert.ok(page.text.includes('12.34'), 'and the amount refunded');
    const viaNode1 = await first.client.get(`/my/requests/${first.caseNo}`);
    assert.equal(parseCasePage(viaNode1.text).state, 'refunded');
    assert.deepEqual(shown.events, parseCasePage(viaNode1.text).events, 'the same timeline through node 1 and node 2');
    reader.kill('SIGTERM');
    await until('the node-2 daemon stops', () => reader.exitCode !== null || reader.signalCode !== null, 15);
  });

  test('node 3 stopped mid-way: writes go on through node 1, node 3 catches up by IST', async () => {
    const sstBefore = NODES.map((n) => logLines(n, /rsync SST started on donor/).length);
    const istBefore = logLines(3, /Receiving IST: \d+ writesets/).length;

    galera('node-down', '3');
    await until('nodes 1 and 2 see a cluster of two', () =>
      wsrep(1, 'wsrep_cluster_size') === '2' && wsrep(2, 'wsrep_cluster_size') === '2' &&
      wsrep(1, 'wsrep_cluster_status') === 'Primary', 30);

    // The application carries on: a new case, approved and refunded.
    const second = await newCase('GAL3', 'node 3 is down (galera 2)', '45.60');
    await step('agent', second.caseNo, 'approve', {}, 'refund_pending');
    await step('finance', second.caseNo, 'refund', { amount: '45.60', reference: 'GALERA-PAY-2' }, 'refunded');
    const want = caseOn(1, second.caseNo);
    assert.deepEqual(want.refund.map((r) => [r[1], r[2]]), [['4560', 'GALERA-PAY-2']]);
    assert.deepEqual(caseOn(2, second.caseNo), want, 'node 2 has it while node 3 is down');
    const seqnoWhileDown = Number(wsrep(1, 'wsrep_last_committed'));

    galera('node-up', '3'); // returns once node 3 is Synced in a cluster of three
    for (const n of NODES) assert.equal(wsrep(n, 'wsrep_cluster_size'), '3', `node ${n}: three again`);
    assert.equal(wsrep(3, 'wsrep_local_state_comment'), 'Synced');
    assert.deepEqual(caseOn(3, second.caseNo), want, 'node 3 has what was written while it was down');
    assert.deepEqual(caseOn(3, first.caseNo), caseOn(1, first.caseNo), 'and still what it had before');
    assert.ok(Number(wsrep(3, 'wsrep_last_committed')) >= seqnoWhileDown, 'node 3 is at least where node 1 was');

    const ist = logLines(3, /Receiving IST: \d+ writesets/).slice(istBefore);
    assert.equal(ist.length, 1, `node 3 received one incremental transfer: ${ist}`);
    const writesets = Number(/Receiving IST: (\d+) writesets/.exec(ist[0])[1]);
    assert.ok(writesets >= 3, `the IST carried the writes made without node 3 (${writesets} writesets)`);
    assert.deepEqual(NODES.map((n) => logLines(n, /rsync SST started on donor/).length), sstBefore,
      'no full state transfer (SST) was needed');
  });

  test('node 1 outside a primary component (it refuses queries): 503 with Retry-After, then normal again', async () => {
    const agent = await staffAs('agent');
    const rootSql = (query) => execFileSync('mariadb', [`--defaults-file=${VAR}/node1/my.cnf`, '-e', query], { timeout: 10e3 });
    assert.equal((await agent.get('/staff/queue')).status, 200);
    // What a node cut off from the others answers every client (1047,
    // "WSREP has not yet prepared node for application use").
    rootSql('SET GLOBAL wsrep_reject_queries = ALL');
    try {
      for (const path of ['/staff/queue', '/healthz']) {
        const res = await agent.get(path);
        assert.equal(res.status, 503, `${path} while node 1 refuses queries`);
        assert.ok(Number(res.headers.get('retry-after')) > 0, `${path}: Retry-After`);
      }
    } finally {
      rootSql('SET GLOBAL wsrep_reject_queries = NONE');
    }
    assert.equal((await agent.get('/staff/queue')).status, 200, 'served again at once');
  });

  test('in the end the three nodes hold the same rows (table checksums)', () => {
    const tables = 'customers, orders, order_items, cases, case_items, case_events, refunds, refund_items, case_timers';
    // The SELECT waits for the node to apply everything (wsrep_sync_wait);
    // CHECKSUM TABLE then reads what it has.
    const sums = NODES.map((n) => nodeSql(n, `SELECT 'synced'; CHECKSUM TABLE ${tables}`)
      .filter((r) => r[0].startsWith('aftercare.')).map((r) => r.join(' ')));
    assert.equal(sums[0].length, 9);
    assert.ok(sums[0].every((r) => /\s\d+$/.test(r)), `checksums: ${sums[0]}`);
    assert.deepEqual(sums[1], sums[0], 'node 2 = node 1');
    assert.deepEqual(sums[2], sums[0], 'node 3 = node 1');
  });
});
