/**
 * The bad-input corpus (issue 10.2): presets in this folder and flag combinations, each with the
 * exit code and the one stderr line it must give. Run by test/bad-input.test.ts against the built
 * CLI, from the repository root (so preset paths in messages read "test/bad-input/<file>").
 *
 * In `args`, "{tmp}" is a fresh temporary folder of the case. Unless a case passes --out itself, the
 * runner adds `--out {tmp}/out`. Whatever the case, {tmp} must be exactly as `setup` left it
 * afterwards: no output folder, no staging folder, existing files untouched. Big or unreadable
 * inputs are made by `setup` at test time (nothing multi-MB is committed).
 * `stderr` matches the whole line after "error: <where>: " (or the whole "warning: ..." line).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BadInputCase {
  name: string;
  args: string[];
  /** Prepares {tmp}; returns a reason to skip the case on this machine. */
  setup?: (tmp: string) => string | void;
  stdin?: string;
  code: 0 | 2;
  /** For exit 2: the <where> of `error: <where>: <what> — <fix>` ("{tmp}" as in args). */
  where?: string;
  /** Matched against the problem and fix (exit 2) or the warning line (exit 0). */
  stderr: RegExp;
  /** A bug in code owned elsewhere: the case is registered as test.skip, with this explanation. */
  bug?: string;
}

const B = 'test/bad-input';
const isRoot = process.getuid?.() === 0;
const P = (file: string) => ['--preset', `${B}/${file}`];
const SHIPPED = ['--preset', 'presets/serverless-istio.yaml'];

export const CASES: BadInputCase[] = [
  // --- YAML that does not parse, or is not one preset mapping
  { name: 'malformed YAML (unclosed flow mapping)', args: P('malformed-yaml.yaml'), code: 2, where: `${B}/malformed-yaml.yaml`, stderr: /^invalid YAML at line 2, column 1: .* — fix the YAML syntax/ },
  { name: 'tab indentation', args: P('tab-indent.yaml'), code: 2, where: `${B}/tab-indent.yaml`, stderr: /^invalid YAML at line 2, column 1: tab characters must not be used in indentation — /},
  { name: 'duplicate key', args: P('duplicate-key.yaml'), code: 2, where: `${B}/duplicate-key.yaml`, stderr: /^invalid YAML at line 5, column 3: duplicated mapping key — .*unique keys/ },
  { name: 'binary file (NUL bytes)', args: P('binary.yaml'), code: 2, where: `${B}/binary.yaml`, stderr: /^invalid YAML at line 1, column \d+: null byte is not allowed in input — / },
  { name: 'unknown YAML tag (!!js/function)', args: P('js-tag.yaml'), code: 2, where: `${B}/js-tag.yaml`, stderr: /^invalid YAML at line 4, column \d+: unknown tag .*js\/function.* — / },
  { name: 'a list instead of a mapping', args: P('not-a-mapping.yaml'), code: 2, where: `${B}/not-a-mapping.yaml`, stderr: /^is not a mapping of preset keys — start the file with keys such as "kserve:"/ },
  { name: 'two YAML documents', args: P('two-documents.yaml'), code: 2, where: `${B}/two-documents.yaml`, stderr: /^holds more than one YAML document — keep one preset per file/ },
  { name: 'alias bomb (billion laughs) under unknown keys', args: P('alias-bomb.yaml'), code: 2, where: 'a', stderr: /^unknown key — remove it; valid keys here: kserve, / },
  { name: 'self-referencing alias', args: P('alias-cycle.yaml'), code: 2, where: `${B}/alias-cycle.yaml`, stderr: /^has an alias that refers to a node containing it, so it never ends — point each alias/ },
  { name: 'empty file (kserve.version is required)', args: P('empty.yaml'), code: 2, where: 'kserve.version', stderr: /^is missing — add it, e.g. "0.15.2"$/ },
  {
    name: 'huge preset (2 MiB)',
    args: ['--preset', '{tmp}/huge.yaml'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'huge.yaml'), `kserve:\n  version: "0.15.2"\n# ${'x'.repeat(2 * 1024 * 1024)}\n`),
    code: 2,
    where: '--preset',
    stderr: /^larger than 1 MB — pass the preset file itself/,
  },
  { name: 'huge preset on stdin (2 MiB)', args: ['--preset', '-'], stdin: `kserve:\n  version: "0.15.2"\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, code: 2, where: '--preset', stderr: /^larger than 1 MB — / },
  { name: 'a device as the preset (/dev/zero)', args: ['--preset', '/dev/zero'], code: 2, where: '--preset', stderr: /^"\/dev\/zero" is a device, not a file — pass a file, a pipe, or - for stdin$/ },
  {
    name: 'YAML nested deeper than 100 levels',
    args: ['--preset', '{tmp}/deep.yaml'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'deep.yaml'), `kserve:\n  version: "0.15.2"\ningress: ${'['.repeat(3000)}${']'.repeat(3000)}\n`),
    code: 2,
    where: '{tmp}/deep.yaml',
    stderr: /^is nested more than 100 levels deep at line 3, column \d+ — remove the extra nesting/,
  },
  { name: 'empty stdin', args: ['--preset', '-'], stdin: '', code: 2, where: 'kserve.version', stderr: /^is missing — / },

  // --- wrong types
  { name: 'version as a YAML number', args: P('version-number.yaml'), code: 2, where: 'kserve.version', stderr: /^must be a string, got number 0\.15 — YAML reads 0\.15 as a number, and "0\.15" is not valid here either: write a quoted release such as "0\.15\.2"/ },
  {
    name: 'version 0.20 as a YAML number (the message keeps the trailing zero)',
    args: ['--preset', '{tmp}/v.yaml'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'v.yaml'), 'kserve:\n  version: 0.20\n'),
    code: 2,
    where: 'kserve.version',
    stderr: /^must be a string, got number 0\.20 — YAML reads 0\.20 as a number, and "0\.20" is not valid here either: write a quoted release such as "0\.15\.2"/,
  },
  {
    name: 'a number where any text is fine: quoting what was written is the fix',
    args: ['--preset', '{tmp}/d.yaml'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'd.yaml'), 'kserve:\n  version: "0.15.2"\ningress:\n  domain: 1.50\n'),
    code: 2,
    where: 'ingress.domain',
    stderr: /^must be a string, got number 1\.50 — quote it: "1\.50"$/,
  },
  { name: 'boolean given as a string', args: P('boolean-as-string.yaml'), code: 2, where: 'offline.enabled', stderr: /^must be true or false, got string "yes" — write true or false \(unquoted\)$/ },
  { name: 'list given as a string', args: P('list-as-string.yaml'), code: 2, where: 'ingress.istio.servingNamespaces', stderr: /^must be a list, got string "team-a" — write a YAML list/ },
  { name: 'mapping given as a string', args: P('mapping-as-string.yaml'), code: 2, where: 'ingress', stderr: /^must be a mapping of keys, got string "istio" — write a mapping with keys provider, gatewayApi, domain/ },
  { name: 'port given as a string', args: P('port-as-string.yaml'), code: 2, where: 'ingress.kong.listenerPort', stderr: /^must be a whole number, got string "80" — write a number without quotes/ },
  { name: 'port out of range', args: P('port-out-of-range.yaml'), code: 2, where: 'ingress.kong.listenerPort', stderr: /^70000 is out of range — use a number from 1 to 65535$/ },

  // --- unknown keys and bad values
  { name: 'unknown top-level key, with "did you mean"', args: P('unknown-top-key.yaml'), code: 2, where: 'ingres', stderr: /^unknown key — did you mean "ingress"\?/ },
  { name: 'credential written into the preset (unknown key, value not echoed)', args: P('unknown-nested-key.yaml'), code: 2, where: 'storage.storageConfig.s3.secretAccessKey', stderr: /^unknown key — remove it; valid keys here: endpoint, bucket, region, useHttps, verifySSL$/ },
  { name: 'key named like an Object.prototype member', args: P('prototype-key.yaml'), code: 2, where: 'kserve.constructor', stderr: /^unknown key — / },
  { name: 'version "latest"', args: P('version-latest.yaml'), code: 2, where: 'kserve.version', stderr: /^"latest" is not valid here — write a quoted release such as "0\.15\.2"/ },
  { name: 'progress deadline in minutes', args: P('progress-deadline-minutes.yaml'), code: 2, where: 'deployment.progressDeadline', stderr: /^"10m" is not valid here — write whole seconds such as "600s"$/ },
  { name: 'registry with a scheme', args: P('registry-with-scheme.yaml'), code: 2, where: 'offline.registry', stderr: /^"https:\/\/registry\.local:5000\/" is not valid here — .*no scheme/ },
  { name: 'digest that is not sha256:<64 hex>', args: P('digest-bad-value.yaml'), code: 2, where: 'offline.imageDigests.kserve/kserve-controller', stderr: /^"sha256:XYZ" is not valid here — write "sha256:" followed by 64 lowercase hex digits$/ },
  { name: 'gateway Service that is not a Service FQDN', args: P('service-not-fqdn.yaml'), code: 2, where: 'ingress.istio.localGatewayService', stderr: /^"knative-local-gateway\.example\.com" is not a Service host name — write the Service FQDN as <service>\.<namespace>\.svc\.cluster\.local$/ },

  {
    name: '--set of a digest under the key __proto__ (refused like the same key in a file)',
    args: [...SHIPPED, '--set', 'offline.enabled=true', '--set', 'offline.registry=registry.local:5000', '--set', `offline.imageDigests.__proto__=sha256:${'0'.repeat(64)}`],
    code: 2,
    where: 'offline.imageDigests.__proto__',
    stderr: /^"__proto__" is not a valid key here — use an image repository/,
  },
  { name: '--set of a selector label named __proto__ (blamed on that key)', args: [...SHIPPED, '--set', 'ingress.istio.localGatewaySelector.__proto__=x'], code: 2, where: 'ingress.istio.localGatewaySelector.__proto__', stderr: /^"__proto__" is not a valid key here — label keys/ },

  // --- unsupported versions
  { name: 'KServe 0.10.0 (too old)', args: P('version-too-old.yaml'), code: 2, where: 'kserve.version', stderr: /^"0\.10\.0" is not a supported KServe release — use a release of the 0\.11-0\.20 lines/ },
  { name: 'KServe 0.21.0 (too new)', args: P('version-too-new.yaml'), code: 2, where: 'kserve.version', stderr: /^"0\.21\.0" is not a supported KServe release — / },
  { name: 'KServe 0.15.9 (never released)', args: P('version-unreleased.yaml'), code: 2, where: 'kserve.version', stderr: /^"0\.15\.9" is not a supported KServe release — use a released 0\.15 version: .*0\.15\.2$/ },
  { name: 'Knative Serving 1.2.0 (too old)', args: P('knative-too-old.yaml'), code: 2, where: 'knative.version', stderr: /^Knative Serving "1\.2\.0" is older than this tool supports — use 1\.10\.0 or newer/ },

  // --- impossible combinations
  { name: 'kong with Serverless', args: P('kong-serverless.yaml'), code: 2, where: 'ingress.provider', stderr: /^kong cannot serve deploymentMode Serverless — Kong requires deploymentMode RawDeployment/ },
  { name: 'envoy with Knative', args: P('envoy-knative.yaml'), code: 2, where: 'ingress.provider', stderr: /^envoy cannot serve deploymentMode Knative — envoy routes through the Gateway API, which KServe uses in Standard mode only/ },
  { name: 'ingress.kong.gateway and ingress.gateway.name disagree', args: P('kong-gateway-twice.yaml'), code: 2, where: 'ingress.gateway.name', stderr: /^"kserve\/kserve-ingress-gateway" differs from ingress\.kong\.gateway \("kserve\/kong-gateway"\) — set only one of them/ },
  { name: 'gatewayclass without a class', args: P('gatewayclass-no-class.yaml'), code: 2, where: 'ingress.gateway.className', stderr: /^is empty with provider gatewayclass — name the GatewayClass your cluster already has/ },
  { name: 'ModelMesh on KServe 0.16.0', args: P('modelmesh-0.16.yaml'), code: 2, where: 'deploymentMode', stderr: /^ModelMesh is not installed by the KServe 0\.16\.0 chart/ },
  { name: 'offline without a registry', args: P('offline-without-registry.yaml'), code: 2, where: 'offline.registry', stderr: /^is empty while offline\.enabled is true — set the mirror prefix/ },
  { name: 'embedCertificate without a CA bundle', args: P('embed-without-ca.yaml'), code: 2, where: 'storage.storageConfig.embedCertificate', stderr: /^is true but storage\.caBundle\.file is empty — / },
  { name: 'CA bundle on KServe 0.11', args: P('ca-bundle-0.11.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^KServe 0\.11\.2 cannot mount a CA bundle .* — use KServe 0\.12 or later/ },
  { name: 'empty gateway selector', args: P('empty-selector.yaml'), code: 2, where: 'ingress.istio.localGatewaySelector', stderr: /^is empty, so the gateway would select no pods — / },
  { name: 'digest key one typo away from an image the install pulls', args: P('digest-typo.yaml'), code: 2, where: 'offline.imageDigests.kserve/kserve-controler', stderr: /^names no image this install pulls — did you mean "kserve\/kserve-controller"\?/ },

  // --- the CA file
  { name: 'missing CA file', args: P('ca-missing.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^cannot read "\.\.\/fixtures\/missing\.pem" \(ENOENT\) — check the path; it is relative to the preset's folder$/ },
  { name: 'CA file that is not PEM', args: P('ca-not-pem.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^"\.\.\/fixtures\/not-pem\.txt" holds no PEM certificate — / },
  { name: 'CA file holding a private key', args: P('ca-private-key.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^"\.\.\/fixtures\/private-key\.pem" contains a private key — .*never a key/ },
  { name: 'CA file with a corrupt certificate', args: P('ca-corrupt.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^certificate 1 in "\.\.\/fixtures\/corrupt-cert\.pem" does not parse .* — export the CA certificate again as PEM/ },
  { name: 'CA "file" that is a directory', args: P('ca-directory.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^"\.\.\/fixtures" is not a file — give the path of a PEM file$/ },
  { name: 'relative CA path escaping the preset folder and the working directory', args: P('ca-path-escapes.yaml'), code: 2, where: 'storage.caBundle.file', stderr: /^".*ca-certificates\.crt" points outside the preset's folder — / },
  {
    name: 'huge CA file (2 MiB)',
    args: ['--preset', '{tmp}/preset.yaml'],
    setup: (tmp) => {
      writeFileSync(path.join(tmp, 'huge.pem'), `-----BEGIN CERTIFICATE-----\n${'A'.repeat(2 * 1024 * 1024)}\n-----END CERTIFICATE-----\n`);
      writeFileSync(path.join(tmp, 'preset.yaml'), 'kserve:\n  version: "0.15.2"\nstorage:\n  caBundle:\n    file: huge.pem\n');
    },
    code: 2,
    where: 'storage.caBundle.file',
    stderr: /^"huge\.pem" is larger than 1 MiB — /,
  },
  {
    name: 'unreadable CA file (mode 000)',
    args: ['--preset', '{tmp}/preset.yaml'],
    setup: (tmp) => {
      if (isRoot) return 'root reads files of any mode';
      writeFileSync(path.join(tmp, 'ca.pem'), 'x');
      chmodSync(path.join(tmp, 'ca.pem'), 0);
      writeFileSync(path.join(tmp, 'preset.yaml'), 'kserve:\n  version: "0.15.2"\nstorage:\n  caBundle:\n    file: ca.pem\n');
    },
    code: 2,
    where: 'storage.caBundle.file',
    stderr: /^cannot read "ca\.pem" \(EACCES\) — check the file permissions$/,
  },
  {
    name: 'unreadable preset (mode 000)',
    args: ['--preset', '{tmp}/preset.yaml'],
    setup: (tmp) => {
      if (isRoot) return 'root reads files of any mode';
      writeFileSync(path.join(tmp, 'preset.yaml'), 'kserve:\n  version: "0.15.2"\n');
      chmodSync(path.join(tmp, 'preset.yaml'), 0);
    },
    code: 2,
    where: '--preset',
    stderr: /^cannot read ".*preset\.yaml" \(EACCES\) — check the file permissions$/,
  },

  // --- --preset and --out
  { name: 'missing preset file', args: P('no-such-preset.yaml'), code: 2, where: '--preset', stderr: /^cannot read "test\/bad-input\/no-such-preset\.yaml" \(ENOENT\) — check the path/ },
  { name: 'a directory given as --preset', args: ['--preset', B], code: 2, where: '--preset', stderr: /^"test\/bad-input" is a directory — pass a preset YAML file/ },
  {
    name: '--out pointing at a regular file (left unchanged)',
    args: [...SHIPPED, '--out', '{tmp}/a-file'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'a-file'), 'keep me\n'),
    code: 2,
    where: '--out',
    stderr: /^".*a-file" exists and is not a folder — choose a folder path for --out$/,
  },
  {
    name: '--out below a regular file (parent not a folder)',
    args: [...SHIPPED, '--out', '{tmp}/a-file/out'],
    setup: (tmp) => writeFileSync(path.join(tmp, 'a-file'), 'keep me\n'),
    code: 2,
    where: '--out',
    stderr: /^cannot write to ".*a-file" \((EEXIST|ENOTDIR)\) — choose a folder you can write to$/,
  },
  {
    // As root a mode-0555 folder is still writable, so root gets a folder no one can create
    // anything in: /proc (Linux).
    name: 'read-only output folder',
    args: [...SHIPPED, '--out', isRoot ? '/proc/kserve-config-test' : '{tmp}/ro/out'],
    setup: (tmp) => {
      if (isRoot) return process.platform === 'linux' ? undefined : 'needs /proc when running as root';
      mkdirSync(path.join(tmp, 'ro'));
      chmodSync(path.join(tmp, 'ro'), 0o555);
    },
    code: 2,
    where: '--out',
    stderr: /^cannot write to ".*(ro|\/proc)" \((EACCES|ENOENT|EPERM|EROFS)\) — choose a folder you can write to$/,
  },
  {
    name: 'non-empty --out without --force (left unchanged)',
    args: [...SHIPPED, '--out', '{tmp}/out'],
    setup: (tmp) => {
      mkdirSync(path.join(tmp, 'out'));
      writeFileSync(path.join(tmp, 'out', 'INSTALL.md'), 'my notes\n');
    },
    code: 2,
    where: '--out',
    stderr: /^".*out" is not empty — choose a new folder, or pass --force/,
  },
  { name: 'empty --out', args: [...SHIPPED, '--out', ''], code: 2, where: '--out', stderr: /^is empty — give a folder path$/ },

  // --- flags
  { name: 'unknown flag', args: [...SHIPPED, '--bogus'], code: 2, where: '--bogus', stderr: /^Unknown option '--bogus' — see --help for the flags$/ },
  { name: 'positional argument', args: [...SHIPPED, 'extra'], code: 2, where: 'command line', stderr: /^Unexpected argument 'extra'.* — see --help/ },
  {
    name: '--preset without a value',
    args: ['--preset'],
    code: 2,
    where: '--preset',
    stderr: /^needs a value — put the value right after --preset/,
    // Regression: the flag used to be read as "-p," from node:util's message.
  },
  { name: '--force with a value', args: [...SHIPPED, '--force=yes'], code: 2, where: '--force', stderr: /^Option '--force' does not take an argument — / },
  { name: 'no --preset and no terminal', args: [], code: 2, where: '--preset', stderr: /^no preset given and no terminal to ask questions on — pass --preset FILE .* or --yes/ },
  { name: '--set without "="', args: [...SHIPPED, '--set', 'kserve.version'], code: 2, where: '--set', stderr: /^"kserve\.version" is not PATH=VALUE — / },
  { name: '--set with an empty path', args: [...SHIPPED, '--set', '=x'], code: 2, where: '--set', stderr: /^"=x" is not PATH=VALUE — / },
  { name: '--set of an unknown key, with "did you mean"', args: [...SHIPPED, '--set', 'kserve.verison=0.15.2'], code: 2, where: 'kserve.verison', stderr: /^unknown key \(from --set\) — did you mean "version"\?$/ },
  { name: '--set below a value', args: [...SHIPPED, '--set', 'ingress.domain.sub=x'], code: 2, where: 'ingress.domain.sub', stderr: /^unknown key \(from --set\) — this key takes a value, not sub-keys$/ },
  { name: '--set with invalid YAML', args: [...SHIPPED, '--set', 'offline.enabled=['], code: 2, where: 'offline.enabled', stderr: /^--set value "\[" is not valid YAML — quote the value or fix its syntax$/ },
  { name: '--set of a string key keeps the text ("0.15" is not a release)', args: [...SHIPPED, '--set', 'kserve.version=0.15'], code: 2, where: 'kserve.version', stderr: /^"0\.15" is not valid here — / },
  { name: '--set of a list with a duplicate', args: [...SHIPPED, '--set', 'ingress.istio.servingNamespaces=[a, a]'], code: 2, where: 'ingress.istio.servingNamespaces[1]', stderr: /^"a" is listed twice — remove the duplicate$/ },
  { name: '--set of an invalid label key', args: [...SHIPPED, '--set', 'ingress.istio.localGatewaySelector.BAD!=x'], code: 2, where: 'ingress.istio.localGatewaySelector.BAD!', stderr: /^"BAD!" is not a valid key here — label keys are / },
  { name: '--yes with an unsupported version', args: ['--yes', '--set', 'kserve.version=0.9.0'], code: 2, where: 'kserve.version', stderr: /^"0\.9\.0" is not a supported KServe release — / },

  // --- accepted with a warning (exit 0; --dry-run so nothing is written)
  { name: 'warning: offline settings while offline is disabled', args: [...P('warning-offline-disabled.yaml'), '--dry-run'], code: 0, stderr: /^warning: offline\.registry and offline\.imageDigests are ignored while offline\.enabled is false$/ },
  { name: 'warning: kong before KServe 0.15 falls back to Ingress', args: [...P('warning-kong-0.14.yaml'), '--dry-run'], code: 0, stderr: /^warning: KServe 0\.14\.1 has no Gateway API support .*Ingress objects of class kong/ },
];
