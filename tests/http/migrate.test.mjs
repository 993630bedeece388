// migrate.test.mjs — a database that is not new: migrations applied one
// release at a time onto one holding data (a database of its own,
// aftercare_mig on the test instance). The schema up to 009 (the last one
// a release had before 010 and 011) gets the demo data and generated cases,
// then `migrate` brings it to the latest: the dashboard's dirty marks are
// kept, the per-item counters of 011 are backfilled to exactly what the
// old GROUP BY says, and the rewritten triggers fire on new writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { VAR, sql } from './lib.mjs';

const DB = 'aftercare_mig';
const ROOT = new URL('../../', import.meta.url).pathname;
const ADMIN = `${ROOT}build/aftercare-admin`;
const OLD = '009'; // the newest file of the schema we upgrade from
const dir = mkdtempSync(`${tmpdir()}/aftercare-mig-`);
const g = (query) => sql(query, DB);
const one = (query) => g(query)[0][0];

function admin(schema, ...args) {
  const conf = `${dir}/${schema}.conf`;
  const r = spawnSync(ADMIN, ['--config', conf, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// Written by today's demo (schema/034), not in 009.
const LATER_COLUMNS = [['orders', 'ship_address']];

let marks; // dirty marks before the upgrade
let applied; // what the upgrade said

before(() => {
  // schema "old": the files up to OLD; schema "new": all of them
  const old = `${dir}/schema-old`;
  mkdirSync(old);
  for (const f of readdirSync(`${ROOT}schema`).filter((f) => f.endsWith('.sql') && f.slice(0, 3) <= OLD))
    symlinkSync(`${ROOT}schema/${f}`, `${old}/${f}`);
  const base = readFileSync(`${VAR}/aftercare.conf`, 'utf8').replace(/^db_name = .*$/m, `db_name = ${DB}`);
  writeFileSync(`${dir}/old.conf`, base.replace(/^schema = .*$/m, `schema = ${old}`));
  writeFileSync(`${dir}/new.conf`, base.replace(/^schema = .*$/m, `schema = ${ROOT}schema`));
  const user = sql("SELECT CONCAT(QUOTE(user), '@', QUOTE(host)) FROM mysql.user WHERE user = 'aftercare'")[0][0];
  sql(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; GRANT ALL ON ${DB}.* TO ${user}`);
  admin('old', 'migrate');
  // Today's binary fills it: the columns its order import writes that 009
  // lacks are there for the fill only, and gone before the upgrade.
  for (const [table, column] of LATER_COLUMNS) g(`ALTER TABLE ${table} ADD COLUMN ${column} VARCHAR(255) NULL`);
  admin('old', 'demo');
  admin('old', 'generate', '--cases', '2000', '--days', '60');
  // a few writes as the site makes them, with 009's triggers marking days
  g("UPDATE cases SET state = 'cancelled' WHERE nonce LIKE 'gen%' AND state = 'submitted' ORDER BY id LIMIT 20");
  for (const [table, column] of LATER_COLUMNS) g(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  marks = Number(one('SELECT COUNT(DISTINCT day) FROM stats_dirty'));
  applied = admin('new', 'migrate');
});

after(() => {
  sql(`DROP DATABASE IF EXISTS ${DB}`);
  rmSync(dir, { recursive: true, force: true });
});

test('the upgrade applies only the newer files, in order', () => {
  const names = applied.trim().split('\n').map((l) => l.replace(/^applied /, ''));
  assert.ok(names.length >= 2 && names.every((n) => n.slice(0, 3) > OLD), applied);
  assert.deepEqual(names, [...names].sort());
  assert.equal(admin('new', 'migrate').trim(), 'schema up to date', 'a second migrate has nothing to do');
});

test('the days marked before the upgrade are still marked', () => {
  assert.ok(marks > 0);
  assert.equal(Number(one('SELECT COUNT(DISTINCT day) FROM stats_dirty')), marks);
});

test('the per-item counters start at what the cases and refunds say', () => {
  assert.ok(Number(one('SELECT COUNT(*) FROM item_counts')) > 1000);
  assert.equal(one(`SELECT COUNT(*) FROM order_items i LEFT JOIN item_counts f ON f.order_item_id = i.id
    LEFT JOIN (SELECT ci.order_item_id,
        SUM(CASE WHEN c.state NOT IN ('completed', 'rejected', 'cancelled', 'closed') THEN ci.qty END) o,
        SUM(CASE WHEN c.state = 'completed' AND c.type = 'return_refund' THEN ci.qty END) r
      FROM case_items ci JOIN cases c ON c.id = ci.case_id GROUP BY ci.order_item_id) k ON k.order_item_id = i.id
    LEFT JOIN (SELECT order_item_id, SUM(amount_fen) s FROM refund_items GROUP BY order_item_id) m ON m.order_item_id = i.id
    WHERE COALESCE(f.qty_open, 0) <> COALESCE(k.o, 0) OR COALESCE(f.qty_returned, 0) <> COALESCE(k.r, 0)
      OR COALESCE(f.refunded_fen, 0) <> COALESCE(m.s, 0)`), '0');
});

test('after the upgrade a write marks its days and moves its counters', () => {
  const [id, item] = g(`SELECT c.id, ci.order_item_id FROM cases c JOIN case_items ci ON ci.case_id = c.id
    WHERE c.nonce LIKE 'gen%' AND c.state = 'submitted' ORDER BY c.id LIMIT 1`)[0];
  const open = () => Number(one(`SELECT qty_open FROM item_counts WHERE order_item_id = ${item}`));
  const before = open();
  const last = Number(one('SELECT MAX(id) FROM stats_dirty'));
  g(`UPDATE cases SET state = 'cancelled', updated_at = UTC_TIMESTAMP() WHERE id = ${id}`);
  assert.equal(open(), before - 1, 'the cancelled case frees its unit');
  assert.ok(Number(one(`SELECT COUNT(*) FROM stats_dirty WHERE id > ${last}`)) >= 1, 'its days are marked');
});
