// db.test.mjs — the daemon survives losing its database connections: every
// thread reconnects (and re-prepares its statements) on the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_CUSTOMER2, login, sql } from './lib.mjs';

function daemonConnections() {
  return sql("SELECT id FROM information_schema.processlist WHERE user = 'aftercare'").map((r) => r[0]);
}

test('pages keep working after every database connection of the daemon is killed', async () => {
  const c = await login(DEMO_CUSTOMER2);
  // Warm every thread so that each holds a connection with prepared statements.
  await Promise.all(Array.from({ length: 16 }, () => c.get('/my/orders')));
  const before = daemonConnections();
  assert.ok(before.length > 0, 'the daemon holds database connections');
  for (const id of before) sql(`KILL CONNECTION ${Number(id)}`);
  assert.deepEqual(daemonConnections().filter((id) => before.includes(id)), [], 'the old connections are gone');

  const results = await Promise.all(Array.from({ length: 24 }, () => c.get('/my/orders')));
  for (const res of results) {
    assert.equal(res.status, 200, `after the kill: ${res.status}`);
    assert.match(res.text, /SO2026DEMO11/, 'the page shows the customer\'s order');
  }
  assert.ok(daemonConnections().length > 0, 'the daemon connected again');
});
