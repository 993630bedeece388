// checksql.test.mjs — scripts/check-sql.sh, the static check that no SQL
// text is assembled from variables in cgi/*.c: it passes on the real code
// and fails on each planted violation (one per file, at its line), while
// the legitimate shapes (literals over several lines, literal macros,
// static const tables, a marked trusted call, SQL words in comments) pass.
// Needs no stack; it lives here so that tests/run.sh runs it with the rest.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const ROOT = process.env.AFTERCARE_ROOT || new URL('../..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'scripts/check-sql.sh');
const dir = mkdtempSync(join(tmpdir(), 'check-sql-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args) {
  const r = spawnSync(SCRIPT, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const HEAD = '#include "db.h"\n#include "util.h"\n\n';

/** Each planted file: [name, body, line of the violation]. */
const PLANTED = [
  ['snprintf.c', 'void f(char *q, size_t n, const char *name)\n{\n\tsnprintf(q, n, "SELECT id FROM customers WHERE name = \'%s\'", name);\n}\n', 6],
  ['buf_printf.c', 'void f(struct buf *b, const char *k)\n{\n\tbuf_printf(b, "DELETE FROM login_throttle WHERE k = \'%s\'", k);\n}\n', 6],
  ['strcat.c', 'void f(char *q, const char *phone)\n{\n\tstrcpy(q, "SELECT id FROM customers");\n\tstrcat(q, phone);\n}\n', 6],
  ['aprintf.c', 'char *f(struct arena *a, long long id)\n{\n\treturn aprintf(a,\n\t               "UPDATE staff SET roles = %d "\n\t               "WHERE id = %lld", 1, id);\n}\n', 6],
  ['variable.c', 'int f(struct db *db, struct arena *a, const char *q)\n{\n\tstruct dbrow *row;\n\n\treturn db_row(db, a, q, DB_NOARGS, &row);\n}\n', 8],
  ['ternary.c', 'int f(struct db *db, struct arena *a, bool x, const char *q)\n{\n\treturn db_run(db, a, x ? "SELECT 1" : q, DB_NOARGS, NULL);\n}\n', 6],
  ['macro.c', '#define EXTRA where_clause\nint f(struct db *db, struct arena *a, const char *where_clause)\n{\n\treturn db_run(db, a,\n\t              "SELECT 1 FROM t " EXTRA,\n\t              DB_NOARGS, NULL);\n}\n', 7],
  ['macrolines.c', '#define EXTRA "SELECT 1 FROM t " \\\n\twhere_clause\nint f(struct db *db, struct arena *a, const char *where_clause)\n{\n\treturn db_run(db, a, EXTRA, DB_NOARGS, NULL);\n}\n', 8],
  ['mysql.c', 'void f(MYSQL *m)\n{\n\tmysql_query(m, "SELECT 1");\n}\n', 6],
  ['ownfn.c', 'int run_sql(struct db *db, const char *sql);\nint f(struct db *db, const char *q)\n{\n\treturn run_sql(db, q);\n}\n', 7],
  ['farmark.c', '/* check-sql: trusted, for the call below only */\nint g(struct db *db, struct arena *a)\n{\n\treturn db_run(db, a, "SELECT 1", DB_NOARGS, NULL);\n}\n\nint f(struct db *db, struct arena *a, const char *q)\n{\n\treturn db_run(db, a, q, DB_NOARGS, NULL);\n}\n', 12],
];

const GOOD = `${HEAD}#define COLS "id, name"
#define TAIL \\
	"FROM customers "
static const char *const stmts[] = {"SELECT 1", "SELECT 2"};

int f(struct db *db, struct arena *a, const char *name, size_t i, char *q, size_t n)
{
	struct dbrow *row;

	/* snprintf(q, n, "SELECT %s FROM t", name) would be wrong; this is a comment. */
	snprintf(q, n, "please select %s", name); // not SQL: lower case prose
	if (db_row(db, a,
	           "SELECT " COLS " " TAIL
	           "WHERE name = ? LIMIT 1",
	           DB_ARGS(DB_STR(name)), &row) != DB_OK)
		return -1;
	if (db_run(db, a, stmts[i], DB_NOARGS, NULL) != DB_OK)
		return -1;
	/* check-sql: trusted, the test's own fixed text */
	return db_run(db, a, q, DB_NOARGS, NULL);
}
`;

test('the real cgi/ passes', () => {
  const r = run();
  assert.equal(r.code, 0, r.out);
  const m = /check-sql: (\d+) calls in (\d+) files checked, 0 violations/.exec(r.out);
  assert.ok(m, r.out);
  assert.ok(Number(m[1]) >= 50, `a real number of calls was checked: ${m[1]}`);
});

test('legitimate shapes pass: literals, literal macros, a static const table, a marked call, comments', () => {
  const d = mkdtempSync(join(dir, 'good-'));
  writeFileSync(join(d, 'good.c'), GOOD);
  const r = run(d);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, / 0 violations/);
});

for (const [name, body, line] of PLANTED) {
  test(`a planted violation is found: ${name} line ${line}`, () => {
    const d = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(d, name), HEAD + body);
    writeFileSync(join(d, 'good.c'), GOOD);
    const r = run(d);
    assert.equal(r.code, 1, `exit 1 for ${name}: ${r.out}`);
    const hits = r.out.split('\n').filter((l) => l.includes(`${name}:`));
    assert.equal(hits.length, 1, `exactly one report, in ${name}: ${r.out}`);
    assert.ok(hits[0].startsWith(`${join(d, name)}:${line}:`), `at line ${line}: ${hits[0]}`);
    assert.ok(!r.out.includes('good.c:'), 'nothing reported in the good file next to it');
  });
}

test('a missing path is an error, not a pass', () => {
  const r = run(join(dir, 'no-such-dir'));
  assert.equal(r.code, 2, r.out);
});
