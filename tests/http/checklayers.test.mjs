// checklayers.test.mjs — scripts/check-layers.sh, the check that the
// layers of cgi/ are kept (a layer uses only those its table allows; no
// files use each other in a circle), read off the objects with nm: it
// passes on the real build and fails on each planted violation, built here
// from small C files into a folder per layer, while allowed uses pass.
// Needs no stack; it lives here so that tests/run.sh runs it with the rest.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';

const ROOT = process.env.AFTERCARE_ROOT || new URL('../..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'scripts/check-layers.sh');
const dir = mkdtempSync(join(tmpdir(), 'check-layers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args) {
  const r = spawnSync(SCRIPT, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A build folder from { 'layer/name': C source }: each compiled to layer/name.o. */
function build(name, files) {
  const d = join(dir, name);
  for (const [file, src] of Object.entries(files)) {
    const c = join(d, `${file}.c`);
    mkdirSync(dirname(c), { recursive: true });
    writeFileSync(c, src);
    const r = spawnSync('cc', ['-c', '-o', join(d, `${file}.o`), c], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  return d;
}

// A healthy little program: each layer uses those below it, a variable as
// well as functions, and two programs define main.
const GOOD = {
  'core/text': 'int text_len(const char *s) { int n = 0; while (s[n]) n++; return n; }\n',
  'core/money': 'int text_len(const char *s);\nint money_ok(const char *s) { return text_len(s) < 12; }\n',
  'domain/db': 'int db_errors;\nint db_run(void) { return db_errors; }\n',
  'domain/cases': 'int db_run(void);\nint money_ok(const char *s);\nint case_get(void) { return db_run() + money_ok("1"); }\n',
  'web/page_case': 'int case_get(void);\nextern int db_errors;\nint page_case(void) { return case_get() + db_errors; }\n',
  'web/main': 'int page_case(void);\nint main(void) { return page_case(); }\n',
  'admin/admin': 'int case_get(void);\nint main(void) { return case_get(); }\n',
};

test('the real build passes, with real uses counted', () => {
  const r = run();
  assert.equal(r.code, 0, r.out);
  const m = /check-layers: (\d+) objects in (\d+) layers, (\d+) uses between files, 0 violations/.exec(r.out);
  assert.ok(m, r.out);
  assert.ok(Number(m[1]) >= 40 && Number(m[2]) >= 4 && Number(m[3]) >= 100, `a real build was read: ${r.out}`);
});

test('allowed uses pass: downwards, a variable, a main per program', () => {
  const r = run(build('good', GOOD));
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /7 objects in 4 layers, 7 uses between files, 0 violations/);
});

/** [name, extra files, what the report must say] */
const PLANTED = [
  ['core uses domain',
    { 'core/money': 'int db_run(void);\nint text_len(const char *s);\nint money_ok(const char *s) { return text_len(s) < db_run(); }\n' },
    /core\/money\.o uses domain\/db\.o \(db_run\): layer core may not use layer domain/],
  ['domain uses web',
    {
      'web/view': 'int view_set(void) { return 0; }\n',
      'domain/cases': 'int db_run(void);\nint view_set(void);\nint case_get(void) { return db_run() + view_set(); }\n',
    },
    /domain\/cases\.o uses web\/view\.o \(view_set\): layer domain may not use layer web/],
  ['core reads a variable of web',
    { 'web/flags': 'int web_debug;\n', 'core/text': 'extern int web_debug;\nint text_len(const char *s) { return web_debug + (s != 0); }\n' },
    /core\/text\.o uses web\/flags\.o \(web_debug\): layer core may not use layer web/],
  ['admin uses web',
    { 'admin/admin': 'int page_case(void);\nint main(void) { return page_case(); }\n' },
    /admin\/admin\.o uses web\/page_case\.o \(page_case\): layer admin may not use layer web/],
  ['two pages use each other',
    {
      'web/page_a': 'int page_b(void);\nint label_a(void) { return 1; }\nint page_a(void) { return page_b(); }\n',
      'web/page_b': 'int label_a(void);\nint page_b(void) { return label_a(); }\n',
    },
    /circle of 2 files \(web\/page_a\.o web\/page_b\.o\): web\/page_a\.o uses web\/page_b\.o \(page_b\); web\/page_b\.o uses web\/page_a\.o \(label_a\)/],
  ['a ring of three domain files',
    {
      'domain/x': 'int y(void);\nint x(void) { return y(); }\n',
      'domain/y': 'int z(void);\nint y(void) { return z(); }\n',
      'domain/z': 'int x(void);\nint z(void) { return x(); }\n',
    },
    /circle of 3 files \(domain\/x\.o domain\/y\.o domain\/z\.o\): domain\/x\.o uses domain\/y\.o \(y\); domain\/y\.o uses domain\/z\.o \(z\); domain\/z\.o uses domain\/x\.o \(x\)/],
  ['a folder that is no layer',
    { 'extras/thing': 'int thing(void) { return 2; }\n' },
    /extras\/thing\.o: folder "extras" is not a layer/],
];

for (const [name, extra, want] of PLANTED) {
  test(`planted: ${name}`, () => {
    const d = build(name.replace(/\W+/g, '-'), { ...GOOD, ...extra });
    const r = run(d);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, want);
    assert.match(r.out, / 1 violation\n/);
  });
}

test('no objects: says so and fails', () => {
  const d = join(dir, 'empty');
  mkdirSync(join(d, 'core'), { recursive: true });
  const r = run(d);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /no objects/);
});
