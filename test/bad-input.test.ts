/**
 * Issue 10.2: the bad-input corpus (test/bad-input/cases.ts) through the built CLI. Every case:
 * the expected exit code; for exit 2 exactly one stderr line `error: <where>: <what> — <fix>` and
 * nothing on stdout; for exit 0 only `warning:` lines on stderr; never a stack trace; and the
 * case's temporary folder exactly as it was before the run (nothing written, nothing left behind).
 */
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { CASES, type BadInputCase } from './bad-input/cases.js';
import { CLI_PATH, REPO_ROOT, runCli, tempDir } from './support/cli.js';

/** Every entry under `dir` with its type, mode and (when readable) content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      out[`${rel}/`] = `dir ${(st.mode & 0o777).toString(8)}`;
      let entries: string[] = [];
      try {
        entries = readdirSync(abs);
      } catch {
        return;
      }
      for (const e of entries.sort()) walk(rel ? `${rel}/${e}` : e);
    } else {
      let content = '(unreadable)';
      try {
        content = readFileSync(abs).toString('base64');
      } catch {
        // mode 000 as a normal user
      }
      out[rel] = `file ${(st.mode & 0o777).toString(8)} ${st.size} ${content.length > 200 ? `${content.slice(0, 100)}...${content.length}` : content}`;
    }
  };
  walk('');
  return out;
}

/** Gives the temporary folder back to the cleanup (read-only folders, mode-000 files). */
function unlock(dir: string): void {
  const st = lstatSync(dir);
  if (st.isDirectory()) {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir)) unlock(path.join(dir, e));
  } else if (!st.isSymbolicLink()) chmodSync(dir, 0o644);
}

const STACK = /\n\s+at /;

test('the corpus has at least 30 cases, with unique names, and every preset file in the folder is used', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  assert.is(new Set(CASES.map((c) => c.name)).size, CASES.length, 'unique names');
  const used = new Set(CASES.flatMap((c) => c.args).filter((a) => a.startsWith('test/bad-input/')).map((a) => path.basename(a)));
  const files = readdirSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'bad-input')).filter((f) => f.endsWith('.yaml'));
  for (const f of files) if (f !== 'valid.yaml') assert.ok(used.has(f), `${f} is used by a case`);
});

test('the corpus presets differ from a valid one only by their fault: test/bad-input/valid.yaml passes', () => {
  const r = runCli(['--preset', 'test/bad-input/valid.yaml', '--dry-run']);
  assert.is(r.code, 0, r.stderr);
});

interface Outcome {
  skipped?: string;
  tmp: string;
  args: string[];
  r: { code: number | null; stdout: string; stderr: string };
  before: Record<string, string>;
  after: Record<string, string>;
  outArg: string;
  outExistedOutsideTmp: boolean;
  outExistsOutsideTmp: boolean;
}

/** Runs one case (spawned, asynchronously) and records what the assertions need. */
async function runCase(c: BadInputCase): Promise<Outcome> {
  const tmp = tempDir();
  const skipped = c.setup?.(tmp);
  const args = c.args.map((a) => a.replace('{tmp}', tmp));
  if (!args.includes('--out')) args.push('--out', path.join(tmp, 'out'));
  const outArg = args[args.indexOf('--out') + 1]!;
  const outside = !outArg.startsWith(tmp) && outArg !== '';
  const before = snapshot(tmp);
  const outExistedOutsideTmp = outside && existsSync(outArg);
  let r: Outcome['r'] = { code: null, stdout: '', stderr: '' };
  if (typeof skipped !== 'string') {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CREATE_KSERVE_CONFIG_DEBUG;
    r = await spawnCli(args, env, c.stdin ?? '');
  }
  const after = snapshot(tmp);
  unlock(tmp);
  return { skipped: typeof skipped === 'string' ? skipped : undefined, tmp, args, r, before, after, outArg, outExistedOutsideTmp, outExistsOutsideTmp: outside && existsSync(outArg) };
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<Outcome['r']> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // the CLI may exit before reading all of a huge stdin
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

const outcomes = new Map<BadInputCase, Outcome>();

test.before(async () => {
  // Three at a time: the cases are independent, and this keeps the corpus to a few seconds.
  const queue = CASES.filter((c) => !c.bug);
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) outcomes.set(c, await runCase(c));
  };
  await Promise.all([worker(), worker(), worker()]);
});

for (const c of CASES) {
  const register = c.bug ? test.skip : test;
  // BUG: cases with `bug` set document a defect in code owned elsewhere (see the case's text).
  register(`${c.code === 2 ? 'exit 2' : 'exit 0 + warning'}: ${c.name}`, () => {
    const o = outcomes.get(c)!;
    // Not applicable on this machine (e.g. file modes as root): the reason is in the case.
    if (o.skipped) return;
    const r = o.r;
    assert.is(r.code, c.code, `exit code; stderr: ${r.stderr}`);
    assert.not.match(r.stderr, STACK, 'no stack trace');
    assert.not.match(r.stdout, STACK, 'no stack trace');
    if (c.code === 2) {
      assert.is(r.stdout, '', 'nothing on stdout');
      assert.match(r.stderr, /^[^\n]*\n$/, `exactly one stderr line: ${JSON.stringify(r.stderr)}`);
      const prefix = `error: ${c.where?.replace('{tmp}', o.tmp)}: `;
      assert.ok(r.stderr.startsWith(prefix), `starts with ${JSON.stringify(prefix)}: ${r.stderr}`);
      const rest = r.stderr.slice(prefix.length, -1);
      assert.match(rest, / — \S/, `"<what> — <fix>": ${r.stderr}`);
      assert.match(rest, c.stderr);
    } else {
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.ok(lines.length > 0, 'a warning is printed');
      for (const l of lines) assert.ok(l.startsWith('warning: '), `only warnings on stderr: ${l}`);
      assert.ok(lines.some((l) => c.stderr.test(l)), `a warning matches ${c.stderr}: ${r.stderr}`);
    }
    assert.equal(o.after, o.before, 'the temporary folder is exactly as before: nothing written, nothing left behind');
    assert.is(o.outExistsOutsideTmp, o.outExistedOutsideTmp, `${o.outArg} not created`);
  });
}

test.run();
