import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PatchReader, headerPath, lineSplitter, unquotePath, type FilePatch } from '../../src/core/secrets/patch.js';
import { RULES, RULE_IDS, prefilterKeywords, prefilterPatterns } from '../../src/core/secrets/rules.js';
import { MAX_SCAN_BYTES, allowMatcher, entropy, fingerprintOf, isDotenvPath, mask, scanChunk } from '../../src/core/secrets/scan.js';
import { DIFF_OPTIONS } from '../../src/secrets/scan.js';
import { ALNUM, body, fakes, githubToken, privateKey } from '../helpers/fake-secrets.js';
import { ROOT } from '../helpers/repo.js';

const scan = (text: string, path = 'src/app.ts', startLine = 1) => scanChunk(text, { path, startLine });

describe('secret rules', () => {
  it('every rule but dotenv has a fake that it, and only it, reports', () => {
    const samples = fakes();
    for (const rule of RULES.filter((r) => r.id !== 'dotenv')) {
      const sample = samples[rule.id];
      assert.ok(sample, `a fake for ${rule.id}`);
      const found = scan(`const value = "${sample}";\n`);
      assert.deepEqual(
        found.map((f) => f.rule),
        [rule.id],
        `${rule.id}: ${JSON.stringify(found)}`,
      );
    }
  });

  it('keywords cover every match, so the dispatcher pre-filter never hides one', () => {
    const keywords = prefilterKeywords();
    for (const [id, sample] of Object.entries(fakes(7))) {
      const rule = RULES.find((r) => r.id === id)!;
      const lower = sample.toLowerCase();
      assert.ok(rule.keywords.some((k) => lower.includes(k)), `${id}: none of ${rule.keywords.join(', ')} in the match`);
      assert.ok(keywords.some((k) => lower.includes(k)), id);
      for (const k of rule.keywords) assert.equal(k, k.toLowerCase(), `${id}: keywords are lower case`);
    }
  });

  it('reports line and column within the chunk, counted from its first line', () => {
    const token = githubToken();
    const [f] = scan(`one\ntwo\n  token: ${token}\n`, 'config.yml', 41);
    assert.equal(f?.line, 43);
    assert.equal(f?.column, 10);
    assert.equal(f?.path, 'config.yml');
  });

  it('never keeps the value: masked to 4 characters at most, fingerprinted one-way', () => {
    for (const [id, text] of Object.entries(fakes(3))) {
      // the value itself: after the `=` of the rules that need a key name before it
      const sample = text.includes('=') ? text.slice(text.lastIndexOf('=') + 1).trim() : text;
      const [f] = scan(`x = '${text}'`);
      assert.ok(f, id);
      const serialised = JSON.stringify(f);
      const visible = f.masked.replace(/\*+$/, '');
      assert.ok(visible.length <= 4, `${id}: ${f.masked}`);
      assert.ok(sample.includes(visible), id);
      // no 8-character piece of the secret survives anywhere in the finding
      for (let i = 0; i + 8 <= sample.length; i += 4) assert.ok(!serialised.includes(sample.slice(i, i + 8)), `${id} leaks ${sample.slice(i, i + 8)}`);
      assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
    }
    assert.equal(mask('short'), '*****');
    assert.equal(mask('abcdefghijklmnop'), 'abcd************');
  });

  it('fingerprints are stable for the same value and differ for another', () => {
    const a = scan(`t=${githubToken(1)}`)[0]!;
    const again = scan(`other line\n  t = "${githubToken(1)}"`, 'elsewhere.js')[0]!;
    const b = scan(`t=${githubToken(2)}`)[0]!;
    assert.equal(a.fingerprint, again.fingerprint);
    assert.notEqual(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, fingerprintOf('github-pat', githubToken(1)));
  });

  it('skips placeholders, documented examples and variable references', () => {
    const quiet = [
      `token = "${['gh', 'p_'].join('')}${'x'.repeat(36)}"`,
      `key = ${['AK', 'IA'].join('')}IOSFODNN7${'EXAMPLE'}`,
      `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`,
      `//registry.npmjs.org/:_auth${'Token'}=\${NPM_TOKEN}`,
      `sk${'_test_'}${body(24)}`, // Stripe test keys are not live credentials
      `-----BEGIN ${'PRIVATE KEY'}-----\n...\n-----END ${'PRIVATE KEY'}-----`,
      'const ghp_count = 3; // an identifier, not a token',
    ];
    for (const text of quiet) assert.deepEqual(scan(text), [], text);
  });

  it('a token inside a longer word or id is not a token', () => {
    assert.deepEqual(scan(`id = "x${githubToken()}"`), []);
    assert.deepEqual(scan(`id = "${githubToken()}Z"`), []);
  });

  it('entropy: random text scores high, repeated text low', () => {
    assert.ok(entropy(body(40)) > 4.5);
    assert.ok(entropy('aaaaaaaaaaaaaaaa') === 0);
    assert.ok(entropy('abababab') === 1);
  });

  it('an overlap is one finding, for the more specific rule', () => {
    const npm = fakes()['npm-access-token']!;
    const found = scan(`//registry.npmjs.org/:_auth${'Token'}=${npm}\n`, '.npmrc');
    assert.deepEqual(found.map((f) => f.rule), ['npm-access-token']);
  });

  it('finds a private key block spanning lines, at its first line', () => {
    const found = scan(`const key = \`\n${privateKey()}\n\`;\n`, 'src/key.ts', 10);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.rule, 'private-key');
    assert.equal(found[0]!.line, 11);
    // a PEM with escaped newlines inside a JSON string
    const json = JSON.stringify({ private_key: `${privateKey(2)}\n` });
    assert.deepEqual(scan(json, 'service-account.json').map((f) => f.rule), ['private-key']);
  });

  it('inline allow comments: ours, gitleaks’ and detect-secrets’', () => {
    const t = githubToken();
    for (const comment of ['// flowgate-allow-secret', '# gitleaks:allow', '# pragma: allowlist secret']) {
      assert.deepEqual(scan(`token = "${t}" ${comment}\n`), [], comment);
    }
    // only on that line
    assert.equal(scan(`// flowgate-allow-secret\ntoken = "${t}"\n`).length, 1);
    // any line of a multi-line match
    const lines = privateKey().split('\n');
    lines[0] += ' flowgate-allow-secret';
    assert.deepEqual(scan(lines.join('\n')), []);
  });

  it('.env files: every assignment with a value, by key; not templates, not references', () => {
    const text = ['# settings', 'NODE_ENV=production', 'EMPTY=', 'export API_KEY="s3cr3t value" # comment', "REF=${OTHER}", 'HOME_REF=$HOME', '  PORT = 8080'].join('\n');
    const found = scan(text, 'app/.env');
    assert.deepEqual(
      found.map((f) => [f.rule, f.key, f.line]),
      [
        ['dotenv', 'NODE_ENV', 2],
        ['dotenv', 'API_KEY', 4],
        ['dotenv', 'PORT', 7],
      ],
    );
    assert.ok(found.every((f) => !JSON.stringify(f).includes('s3cr3t') && !JSON.stringify(f).includes('production')));
    // the fingerprint names the file and key, not the (often guessable) value
    assert.equal(found[0]!.fingerprint, fingerprintOf('dotenv', 'app/.env\0NODE_ENV'));
    for (const p of ['.env', '.env.local', '.env.production', 'a/b/.env.test']) assert.ok(isDotenvPath(p), p);
    for (const p of ['.env.example', '.env.sample', '.env.template', 'x/.env.dist', '.envrc', 'env', 'src/env.ts', '.env.example.local']) {
      assert.ok(!isDotenvPath(p), p);
    }
    assert.deepEqual(scan('NODE_ENV=production\n', '.env.example'), []);
    assert.deepEqual(scan('NODE_ENV=production\n', 'src/config.ts'), []);
  });

  it('allow-list: paths (globs, a bare name matches anywhere), rules, fingerprints', () => {
    const allow = allowMatcher({ paths: ['test/fixtures/**', '*.pem'], rules: ['stripe-secret-key'], fingerprints: ['ABCDEF0123456789'] });
    assert.equal(allow.path('test/fixtures/tokens.json'), true);
    assert.equal(allow.path('deep/dir/server.pem'), true);
    assert.equal(allow.path('src/app.ts'), false);
    assert.equal(allow.path('other/test/fixtures/tokens.json'), false, 'a glob with a slash is anchored at the root');
    assert.equal(allow.finding({ rule: 'stripe-secret-key', path: 'src/a.ts', fingerprint: '0000000000000000' }), true);
    assert.equal(allow.finding({ rule: 'github-pat', path: 'src/a.ts', fingerprint: 'abcdef0123456789' }), true);
    assert.equal(allow.finding({ rule: 'github-pat', path: 'src/a.ts', fingerprint: '0000000000000000' }), false);
    assert.equal(allowMatcher({ paths: [], rules: [], fingerprints: [] }).path('anything'), false);
  });

  it('rule ids are unique and what the config schema accepts', () => {
    assert.equal(new Set(RULE_IDS).size, RULE_IDS.length);
    for (const r of RULES) assert.ok(r.pattern.global, `${r.id} is global`);
  });

  it('ordinary source is quiet: this repository’s own src/ holds no finding', () => {
    // (a regression net for false positives on code full of "token", "secret", "key")
    for (const file of ['src/core/secrets/rules.ts', 'src/core/secrets/scan.ts', 'src/forge/token.ts', 'src/core/redact.ts', 'src/forge/github.ts']) {
      assert.deepEqual(scan(readFileSync(join(ROOT, file), 'utf8'), file), [], file);
    }
  });
});

describe('patch reader', () => {
  const read = (text: string) => {
    const files: FilePatch[] = [];
    const r = new PatchReader((f) => files.push(f));
    const split = lineSplitter((l) => r.line(l));
    // in uneven pieces, as a pipe delivers them
    for (let i = 0; i < text.length; i += 7) split.push(text.slice(i, i + 7));
    split.end();
    r.end();
    return { files, commits: r.commits };
  };

  it('new, modified (line numbers of the new version) and renamed files; binaries with their blob id', () => {
    const oid = 'a'.repeat(40);
    const { files } = read(
      [
        'diff --git a/new.txt b/new.txt',
        'new file mode 100644',
        `index ${'0'.repeat(40)}..${'1'.repeat(40)}`,
        '--- /dev/null',
        '+++ b/new.txt',
        '@@ -0,0 +1,2 @@',
        '+one',
        '+two',
        'diff --git a/src/app.ts b/src/app.ts',
        `index ${'2'.repeat(40)}..${'3'.repeat(40)} 100644`,
        '--- a/src/app.ts',
        '+++ b/src/app.ts',
        '@@ -3 +3 @@ function x() {',
        '-old',
        '+new three',
        '@@ -10,0 +11,2 @@',
        '+eleven',
        '+twelve',
        '\\ No newline at end of file',
        'diff --git a/old name.md b/new name.md',
        'similarity index 90%',
        'rename from old name.md',
        'rename to new name.md',
        `index ${'4'.repeat(40)}..${'5'.repeat(40)} 100644`,
        '--- a/old name.md\t',
        '+++ b/new name.md\t',
        '@@ -1,0 +2 @@',
        '+added to the renamed file',
        'diff --git a/img.png b/img.png',
        'new file mode 100644',
        `index ${'0'.repeat(40)}..${oid}`,
        'Binary files /dev/null and b/img.png differ',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      files.map((f) => [f.path, f.binary, f.runs]),
      [
        ['new.txt', false, [{ start: 1, lines: ['one', 'two'] }]],
        ['src/app.ts', false, [{ start: 3, lines: ['new three'] }, { start: 11, lines: ['eleven', 'twelve'] }]],
        ['new name.md', false, [{ start: 2, lines: ['added to the renamed file'] }]],
        ['img.png', true, []],
      ],
    );
    assert.equal(files[3]!.newOid, oid);
  });

  it('history: commit markers, quoted paths', () => {
    const { files, commits } = read(
      [
        '\u0000' + 'c'.repeat(40),
        '',
        'diff --git "a/caf\\303\\251 \\"x\\".txt" "b/caf\\303\\251 \\"x\\".txt"',
        'new file mode 100644',
        'index 0000000..1111111',
        '--- /dev/null',
        '+++ "b/caf\\303\\251 \\"x\\".txt"',
        '@@ -0,0 +1 @@',
        '+hello',
        '\u0000' + 'd'.repeat(40),
        '',
        'diff --git a/b.txt b/b.txt',
        'index 1111111..2222222 100644',
        '--- a/b.txt',
        '+++ b/b.txt',
        '@@ -1 +1 @@',
        '--- a removed line that looks like a header',
        '++++ an added line that looks like one',
      ].join('\n'),
    );
    assert.equal(commits, 2);
    assert.deepEqual(
      files.map((f) => [f.commit?.charAt(0), f.path, f.runs.flatMap((r) => r.lines)]),
      [
        ['c', 'café "x".txt', ['hello']],
        ['d', 'b.txt', ['+++ an added line that looks like one']],
      ],
    );
  });

  it('unquotes C-style paths and splits headers', () => {
    assert.equal(unquotePath('"tab\\there"'), 'tab\there');
    assert.equal(unquotePath('plain/path'), 'plain/path');
    assert.equal(headerPath('a/dir with space/f.txt b/dir with space/f.txt'), 'dir with space/f.txt');
    assert.equal(headerPath('"a/x\\ty" "b/x\\ty"'), 'x\ty');
  });
});

describe('the dispatcher pre-filter agrees with the scan', () => {
  it('hooks/h diffs the index with the same options and size limit', () => {
    const h = readFileSync(join(ROOT, 'hooks', 'h'), 'utf8');
    assert.ok(h.includes(`core.bigFileThreshold=${MAX_SCAN_BYTES} `), 'the same size limit');
    const line = h.split('\n').find((l) => l.includes('diff --cached'))!;
    for (const option of DIFF_OPTIONS.filter((o) => o !== '--full-index')) assert.ok(line.includes(` ${option}`), option);
    assert.ok(line.includes('grep -qiE -f "$k"'), 'the patterns file');
  });

  it('the patterns, run by grep as the dispatcher runs them, start Node exactly when they should', () => {
    const file = join(tmpdir(), `flowgate-prefilter-${process.pid}`);
    writeFileSync(file, `${prefilterPatterns().join('\n')}\n`);
    const grep = (diff: string) => spawnSync('grep', ['-qiE', '-f', file], { input: diff }).status;
    const header = (path: string) => `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..acca123\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n`;
    for (const [id, sample] of Object.entries(fakes(11))) {
      const text = sample.split('\n').map((l) => `+${l}`).join('\n');
      assert.equal(grep(`${header('src/a.ts')}${text}\n`), 0, id);
    }
    assert.equal(grep(`${header('config/.env')}+NODE_ENV=production\n`), 0, '.env file');
    assert.equal(grep('diff --git a/i.png b/i.png\nnew file mode 100644\nindex 0000000..1234567\nBinary files /dev/null and b/i.png differ\n'), 0, 'binary file');
    assert.equal(grep('flowgate-scan-failed\n'), 0, 'git failed');
    // ordinary source: words like token and secret, a header id holding "acca", a line about binary files
    const ordinary = `${header('src/x.ts')}+const token = secret.key; // "Binary files differ" in a comment\n+process.env.NPM\n-const ghp_old = 1;\n`;
    assert.equal(grep(ordinary), 1);
  });

  it('the fakes are built, not stored: no rule matches this repository’s test helper', () => {
    const text = readFileSync(join(ROOT, 'test', 'helpers', 'fake-secrets.ts'), 'utf8');
    assert.deepEqual(scan(text, 'test/helpers/fake-secrets.ts'), []);
    assert.ok(body(10, ALNUM, 1) !== body(10, ALNUM, 2));
  });
});
