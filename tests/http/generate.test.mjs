// generate.test.mjs — `aftercare-admin generate`, the volume behind the
// benchmarks and the dashboard at scale, run into a database of its own
// (aftercare_gen on the test instance: the shared `aftercare` is not
// touched). What it writes must be a history the application could have
// written: every step one the state table allows, timelines in order and
// in the past, a survey for each completed case, complaints with their
// limits, refunds within what was paid; and it must say what it made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

import { VAR, sql } from './lib.mjs';

const DB = 'aftercare_gen';
const ADMIN = new URL('../../build/aftercare-admin', import.meta.url).pathname;
const CASES = 3000;
const DAYS = 90;
const TABLES = ['customers', 'orders', 'cases', 'case_events', 'refunds', 'surveys', 'complaints', 'stats_dirty'];

const conf = (demo) => `${VAR}/generate-${demo}.conf`;
const g = (query) => sql(query, DB);
const one = (query) => g(query)[0][0];
const counts = () => Object.fromEntries(TABLES.map((t) => [t, Number(one(`SELECT COUNT(*) FROM ${t}`))]));

function admin(cfg, ...args) {
  return spawnSync(ADMIN, ['--config', cfg, ...args], { encoding: 'utf8' });
}

let demo; // the counts after migrate + demo
let made; // the generator's own report
let rows; // the counts after it

before(() => {
  const base = readFileSync(`${VAR}/aftercare.conf`, 'utf8').replace(/^db_name = .*$/m, `db_name = ${DB}`);
  writeFileSync(conf(1), base);
  writeFileSync(conf(0), base.replace(/^demo = .*$/m, 'demo = 0'));
  const user = sql("SELECT CONCAT(QUOTE(user), '@', QUOTE(host)) FROM mysql.user WHERE user = 'aftercare'")[0][0];
  sql(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; GRANT ALL ON ${DB}.* TO ${user}`);
  for (const cmd of ['migrate', 'demo']) {
    const r = admin(conf(1), cmd);
    assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  }
  demo = counts();
  const r = admin(conf(1), 'generate', '--cases', String(CASES), '--days', String(DAYS));
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(
    /generated (\d+) customers .*, (\d+) cases over (\d+) days, (\d+) orders, (\d+) refunds, (\d+) surveys, (\d+) complaints/,
  );
  assert.ok(m, r.stdout);
  const [customers, cases, days, orders, refunds, surveys, complaints] = m.slice(1).map(Number);
  made = { customers, cases, days, orders, refunds, surveys, complaints };
  rows = counts();
});

after(() => sql(`DROP DATABASE IF EXISTS ${DB}`));

test('it says what it made, and the tables hold exactly that', () => {
  assert.equal(made.cases, CASES);
  assert.equal(made.days, DAYS);
  for (const [table, key] of [['customers', 'customers'], ['cases', 'cases'], ['orders', 'orders'], ['refunds', 'refunds'],
    ['surveys', 'surveys'], ['complaints', 'complaints']])
    assert.equal(rows[table] - demo[table], made[key], table);
  assert.ok(made.refunds > 0 && made.surveys > 0 && made.complaints > 0, JSON.stringify(made));
  // a case in thirty has a complaint (3000 cases: 100 expected)
  assert.ok(made.complaints > 40 && made.complaints < 160, `complaints ${made.complaints}`);
  // more orders than cases: a fifth more without a case, repeat orders
  assert.ok(made.orders > CASES * 1.2, `orders ${made.orders}`);
});

test('every step of every timeline is a row of the state table, in order, in the past', () => {
  const table = admin(conf(1), 'workflow').stdout.trim().split('\n').slice(1).map((l) => l.split('\t'));
  // The generator takes no fast refunds and mails repairs in: rows that
  // need a fact (fast, onsite, hold) are not its to take.
  const allowed = (type, from, action, to) =>
    table.some(([f, a, types, when, t]) =>
      (f === from || f === '*') && a === action && types.split(',').includes(type) &&
      !when.split(',').some((w) => w && !w.startsWith('!')) && (t === to || (t === '=' && to === from)));
  const steps = g(`SELECT DISTINCT c.type, e.from_state, e.action, e.to_state FROM case_events e
    JOIN cases c ON c.id = e.case_id WHERE e.case_id >= (SELECT MIN(id) FROM cases WHERE nonce LIKE 'gen%')
    AND e.action <> 'submit'`);
  assert.ok(steps.length > 15, `only ${steps.length} kinds of step`);
  for (const [type, from, action, to] of steps) assert.ok(allowed(type, from, action, to), `${type}: ${from} -${action}-> ${to}`);

  const gen = "c.nonce LIKE 'gen%'";
  // each case starts with its submit and each step leaves the state the one before reached
  assert.equal(one(`SELECT COUNT(*) FROM cases c WHERE ${gen} AND NOT EXISTS (SELECT 1 FROM case_events e
    WHERE e.case_id = c.id AND e.action = 'submit' AND e.from_state IS NULL AND e.at = c.created_at)`), '0', 'submit');
  assert.equal(one(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
    JOIN case_events p ON p.case_id = e.case_id AND p.id = (SELECT MAX(x.id) FROM case_events x
      WHERE x.case_id = e.case_id AND x.id < e.id)
    WHERE ${gen} AND (p.to_state <> e.from_state OR p.at > e.at)`), '0', 'chained');
  // the case is in the state of its last step, at the version of its step count
  assert.equal(one(`SELECT COUNT(*) FROM cases c WHERE ${gen} AND (c.state <> (SELECT e.to_state FROM case_events e
    WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1) OR c.version <> (SELECT COUNT(*) FROM case_events e
    WHERE e.case_id = c.id) OR c.updated_at <> (SELECT MAX(e.at) FROM case_events e WHERE e.case_id = c.id))`), '0');
  // in the period asked for, nothing in the future
  assert.equal(one(`SELECT COUNT(*) FROM cases c WHERE ${gen} AND (c.created_at < UTC_TIMESTAMP() - INTERVAL ${DAYS} DAY
    OR c.created_at > UTC_TIMESTAMP())`), '0', 'cases in the period');
  for (const [t, col] of [['case_events', 'at'], ['orders', 'placed_at'], ['refunds', 'created_at'],
    ['surveys', 'answered_at'], ['complaints', 'created_at'], ['complaints', 'replied_at']])
    assert.equal(one(`SELECT COUNT(*) FROM ${t} WHERE ${col} > UTC_TIMESTAMP()`), '0', `${t}.${col} in the future`);
  // cases that came in by phone, chat, … were registered by a staff member
  const channels = g(`SELECT c.channel, e.actor_kind, COUNT(*) FROM cases c JOIN case_events e
    ON e.case_id = c.id AND e.action = 'submit' WHERE ${gen} GROUP BY 1, 2`);
  assert.ok(channels.some(([ch]) => ch === 'phone'), JSON.stringify(channels));
  for (const [ch, who] of channels) assert.equal(who, ch === 'online' ? 'c' : 's', `${ch} submitted by ${who}`);
});

test('each completed case has its survey invitation at its completion; answers and comments by some', () => {
  assert.equal(one(`SELECT COUNT(*) FROM cases c LEFT JOIN surveys s ON s.case_id = c.id
    WHERE c.nonce LIKE 'gen%' AND (c.state = 'completed') <> (s.case_id IS NOT NULL)`), '0');
  assert.equal(one(`SELECT COUNT(*) FROM surveys s JOIN cases c ON c.id = s.case_id
    WHERE c.nonce LIKE 'gen%' AND (s.invited_at <> c.updated_at OR s.expires_at <> s.invited_at + INTERVAL 30 DAY
      OR s.answered_at <= s.invited_at)`), '0');
  const [invited, answered, commented, low, high] = g(`SELECT COUNT(*), COUNT(answered_at), COUNT(comment),
    SUM(overall <= 2), SUM(overall = 5) FROM surveys`)[0].map(Number);
  assert.equal(invited, made.surveys + demo.surveys);
  // three in five answer (of those whose answer time has come)
  assert.ok(answered / invited > 0.45 && answered / invited < 0.7, `${answered} of ${invited} answered`);
  assert.ok(commented > 0 && commented < answered, `${commented} comments`);
  assert.ok(low > 0 && high > low, `overall: ${low} low, ${high} top`);
});

test('complaints carry their one-working-day limit; money stays within what was paid', () => {
  assert.equal(one(`SELECT COUNT(*) FROM complaints k JOIN cases c ON c.id = k.case_id WHERE c.nonce LIKE 'gen%'
    AND (k.due_at <= k.created_at OR k.due_at > k.created_at + INTERVAL 10 DAY OR k.created_at < c.created_at
      OR (k.replied_at IS NOT NULL) <> (k.reply IS NOT NULL) OR k.replied_at <= k.created_at)`), '0');
  assert.ok(Number(one('SELECT COUNT(replied_at) FROM complaints')) > 0);
  assert.equal(one(`SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id
    JOIN refund_items ri ON ri.refund_id = r.id JOIN order_items i ON i.id = ri.order_item_id
    WHERE c.nonce LIKE 'gen%' AND (ri.amount_fen > i.paid_fen OR ri.amount_fen <> r.amount_fen
      OR i.order_id <> c.order_id OR c.type NOT IN ('return_refund', 'refund_only'))`), '0');
});

test('the bulk load bypasses the statistics triggers and marks each day it may have touched once', () => {
  const added = rows.stats_dirty - demo.stats_dirty;
  // the period, the orders placed up to 12 days before it, timers due up to a month after today
  assert.equal(added, DAYS + 12 + 31 + 1);
  assert.equal(one(`SELECT COUNT(DISTINCT day) FROM stats_dirty WHERE id > (SELECT MAX(id) - ${added} FROM stats_dirty)`),
    String(added));
});

test('refused outside demo mode and with bad arguments; nothing changes', () => {
  const r = admin(conf(0), 'generate', '--cases', '10');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /demo mode/);
  for (const args of [['--cases', '0'], ['--cases', 'x'], ['--cases', '10', '--days', '5'], ['--cases', '10', '--days'],
    ['--cases', '10', '--weeks', '3'], ['--count', '10']]) {
    const bad = admin(conf(1), 'generate', ...args);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, /--cases N/);
  }
  assert.deepEqual(counts(), rows);
});
