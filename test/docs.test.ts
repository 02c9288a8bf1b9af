/**
 * Onboarding docs: generated pages are current, and every INSTALL.md names only files it wrote and
 * only sections that apply to its configuration.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fillGeneratedBlocks } from '../scripts/docs-blocks.js';
import { VERSIONS_BEGIN, VERSIONS_END, spliceBetween, versionsTable } from '../src/preset/docs.js';
import { REPO_ROOT, generate, generateScenario, loadShippedPreset, scenarioMatrix, shippedPresetNames } from './support/generate.js';

test('README.md supported-versions table is the catalog (run `npm run docs` if not)', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  assert.fixture(spliceBetween(readme, VERSIONS_BEGIN, VERSIONS_END, versionsTable()), readme);
  assert.ok(versionsTable().includes('| 0.15 | `kserve-crd`, `kserve` | Serverless / RawDeployment | 1.15.2 | 1.23.2 | 1.16.1 | 1.2.1 | 1.2.2 | 1.30 |'));
});

test('docs/*.md excerpts are what the tool writes today (run `npm run docs` if not)', () => {
  const dir = path.join(REPO_ROOT, 'docs');
  const pages = readdirSync(dir).filter((f) => f.endsWith('.md'));
  assert.ok(pages.length >= 4, pages.join(', '));
  for (const page of pages) {
    const text = readFileSync(path.join(dir, page), 'utf8');
    assert.ok(text.includes('<!-- GENERATED'), `${page} shows generated output`);
    assert.fixture(fillGeneratedBlocks(text), text, page);
  }
});

/** Relative file paths INSTALL.md commands pass to kubectl/helm/skopeo. */
function referencedFiles(install: string): string[] {
  const blocks = [...install.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const refs = new Set<string>();
  for (const block of blocks) {
    for (const m of block.matchAll(/(?:-f|-k|--patch-file|<)\s+([^\s;&|)]+)/g)) {
      const ref = m[1]!;
      if (/^https?:|^-$/.test(ref) || ref.startsWith('/')) continue;
      refs.add(ref.replace(/\/$/, ''));
    }
  }
  return [...refs];
}

test('every file an INSTALL.md command names exists in the output folder (charts/ comes from its own pull step)', () => {
  let checked = 0;
  for (const scenario of scenarioMatrix(['0.11.2', '0.14.1', '0.15.2', '0.16.0', '0.17.1', '0.20.0'])) {
    const g = generateScenario(scenario);
    if (!g) continue;
    const install = g.files.get('INSTALL.md')!;
    const paths = [...g.files.keys()];
    for (const ref of referencedFiles(install)) {
      if (ref.startsWith('charts/')) {
        // Offline: charts/ is filled by the mirror step's own commands.
        // Envoy Gateway's chart is unpacked there (its CRDs are files inside it), online too.
        const unpacked = install.includes('--untar --untardir charts') && ref.startsWith('charts/gateway-helm');
        assert.ok(install.includes(`-d charts/`) || install.includes(`-o ${ref}`) || unpacked, `${scenario.name}: ${ref} is not fetched`);
        continue;
      }
      assert.ok(paths.includes(ref) || paths.some((p) => p.startsWith(`${ref}/`)), `${scenario.name}: INSTALL.md names ${ref}, which was not written`);
      checked++;
    }
  }
  assert.ok(checked > 100, `checked ${checked} references`);
});

test('INSTALL.md has only the sections that apply', () => {
  const at = (name: string, extra: Record<string, unknown> = {}) => generate({ ...loadShippedPreset(name), ...extra }).files.get('INSTALL.md')!;
  const istio = at('serverless-istio');
  assert.not.match(istio, /kong/i);
  assert.not.match(istio, /Gateway API/);
  assert.not.match(istio, /images\.txt|mirror/i);
  assert.match(istio, /Knative Operator/);
  const kong = at('raw-kong');
  assert.not.match(kong, /istio|knative/i);
  const raw = at('serverless-istio', { deploymentMode: 'RawDeployment' });
  assert.not.match(raw, /Knative Operator|KnativeServing|activator/);
  const offline = at('offline-serverless');
  assert.match(offline, /images\.txt/);
  assert.match(offline, /ImagePullBackOff/);
  for (const name of shippedPresetNames()) {
    const text = generate(loadShippedPreset(name)).files.get('INSTALL.md')!;
    for (const heading of ['## Prerequisites', '## Verify', '## Troubleshooting', '## Uninstall']) assert.ok(text.includes(heading), `${name}: ${heading}`);
    const steps = [...text.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    assert.equal(steps, steps.map((_, i) => i + 1), `${name}: steps numbered 1..n`);
  }
});

test.run();
