// What the hook path imports: hooks run on every commit and push, so the prompt and forge
// libraries, simple-git, the CLI framework, and the config loaders must stay out of it unless the
// repository needs them (SPEC "Package"; issue 5). Every module a node process loads is recorded
// by a preload script (`--import`): ES modules through a `load` hook registered with
// module.register, CommonJS ones from require.cache when the process exits.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI, ROOT, run, sandbox, tempDir, type RunResult, type Sandbox } from '../helpers/repo.js';

const RECORDER = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const out = process.env.FLOWGATE_RECORD_FILE;
if (out) {
  register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(\${JSON.stringify(out)}, process.pid + ' ' + url + '\\\\n');
  return next(url, context);
}\`));
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache).map((f) => process.pid + ' ' + f);
    appendFileSync(out, files.join('\\n') + '\\n' + process.pid + ' exit ' + process.argv.slice(1).join(' ') + '\\n');
  });
}
`;

const recorderDir = tempDir('flowgate-recorder-');
const recorderFile = join(recorderDir, 'record.mjs');
writeFileSync(recorderFile, RECORDER);
const RECORDER_URL = pathToFileURL(recorderFile).href;

/** Packages a hook must not load by default; `zod` is bundled into the hook chunks, so it is also found by a marker in the loaded code. */
const HEAVY = ['@inquirer', '@octokit', 'simple-git', 'commander', 'lint-staged', '@commitlint/load', 'cosmiconfig', 'zod', 'jiti', 'typescript'];
const BUNDLED_MARKERS: Record<string, string> = { zod: 'ZodError' };

interface Recording {
  /** everything loaded, as file paths (or node: / data: URLs) */
  files: string[];
  /** node processes that ran */
  processes: number;
}

function readRecording(file: string): Recording {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const files = new Set<string>();
  const pids = new Set<string>();
  for (const line of lines) {
    const at = line.indexOf(' ');
    const pid = line.slice(0, at);
    const what = line.slice(at + 1);
    if (what.startsWith('exit ')) {
      pids.add(pid);
      continue;
    }
    files.add(what.startsWith('file:') ? fileURLToPath(what) : what);
  }
  return { files: [...files], processes: pids.size };
}

const codeCache = new Map<string, string>();
function code(file: string): string {
  let text = codeCache.get(file);
  if (text === undefined) {
    text = existsSync(file) && /\.c?js$/.test(file) ? readFileSync(file, 'utf8') : '';
    codeCache.set(file, text);
  }
  return text;
}

/** Whether `pkg` was loaded: a file from its node_modules folder, or (bundled) a loaded chunk of ours carrying its marker. */
function loaded(rec: Recording, pkg: string): boolean {
  const folder = `/node_modules/${pkg}/`; // '@inquirer' matches every package of the scope
  if (rec.files.some((f) => f.includes(folder))) return true;
  const marker = BUNDLED_MARKERS[pkg];
  return marker !== undefined && rec.files.some((f) => f.startsWith(join(ROOT, 'dist')) && code(f).includes(marker));
}

function heavyLoaded(rec: Recording, allowed: string[] = []): string[] {
  return HEAVY.filter((p) => !allowed.includes(p) && loaded(rec, p));
}

let recordings = 0;
/** Run the built CLI's hook entry directly, recording what it loads. */
function hook(box: Sandbox, args: string[], input?: string): RunResult & { rec: Recording } {
  const file = join(recorderDir, `rec-${++recordings}.txt`);
  const r = run(process.execPath, ['--import', RECORDER_URL, CLI, 'hook', ...args], {
    cwd: box.dir,
    input: input ?? '',
    env: { ...box.env, FLOWGATE_RECORD_FILE: file },
  });
  return { ...r, rec: readRecording(file) };
}

/** The bundled hook entry really ran (so the recording is of the hook path, not something else). */
function assertHookPath(rec: Recording): void {
  assert.ok(
    rec.files.some((f) => f.startsWith(join(ROOT, 'dist', 'hook') + '/') && f.endsWith('.cjs')),
    `the hook bundle was not loaded; loaded: ${rec.files.filter((f) => f.includes(ROOT)).join(', ')}`,
  );
}

function messageFile(box: Sandbox, message: string): string {
  const file = join(box.dir, '.git', 'COMMIT_EDITMSG');
  writeFileSync(file, message);
  return file;
}

/** A feature branch with two commits that origin does not have yet, and git's pre-push stdin for pushing it. */
function featureToPush(box: Sandbox, messages = ['feat(api): add the endpoint', 'fix: handle the empty case']): string {
  box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
  for (const m of messages) box.gitOk(['commit', '-q', '--allow-empty', '--no-verify', '-m', m]);
  const sha = box.gitOk(['rev-parse', 'HEAD']);
  return `refs/heads/feature/5-speed ${sha} refs/heads/feature/5-speed ${'0'.repeat(40)}\n`;
}

describe('hook imports (default config: no flowgate, commitlint or lint-staged config)', () => {
  it('commit-msg lints with the built-in rules and loads none of the heavy modules', () => {
    const box = sandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    const ok = hook(box, ['commit-msg', messageFile(box, 'feat: fast hooks\n')]);
    assert.equal(ok.code, 0, ok.stderr);
    assertHookPath(ok.rec);
    assert.deepEqual(heavyLoaded(ok.rec), []);
    // the same path refuses a bad message: the linter really ran
    const bad = hook(box, ['commit-msg', messageFile(box, 'Fast hooks.\n')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /type may not be empty/);
    assert.deepEqual(heavyLoaded(bad.rec), []);
  });

  it('pre-commit and prepare-commit-msg (-m on a feature branch) load none of the heavy modules', () => {
    const box = sandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    const pre = hook(box, ['pre-commit']);
    assert.equal(pre.code, 0, pre.stderr);
    assertHookPath(pre.rec);
    assert.deepEqual(heavyLoaded(pre.rec), []);
    const file = messageFile(box, 'feat: fast hooks\n');
    const prepare = hook(box, ['prepare-commit-msg', file, 'message']);
    assert.equal(prepare.code, 0, prepare.stderr);
    assert.match(readFileSync(file, 'utf8'), /Refs: #5/);
    assert.deepEqual(heavyLoaded(prepare.rec), []);
  });

  it('pre-push lints the pushed commits and loads none of the heavy modules', () => {
    const box = sandbox();
    const stdin = featureToPush(box);
    const ok = hook(box, ['pre-push', 'origin', box.remote], stdin);
    assert.equal(ok.code, 0, ok.stderr);
    assertHookPath(ok.rec);
    assert.deepEqual(heavyLoaded(ok.rec), []);
    // a protected branch refused, and a bad message refused, on the same light path
    const toMain = `${stdin.split(' ').slice(0, 2).join(' ')} refs/heads/main ${box.gitOk(['rev-parse', 'origin/main'])}\n`;
    const main = hook(box, ['pre-push', 'origin', box.remote], toMain);
    assert.equal(main.code, 1, main.stderr);
    assert.deepEqual(heavyLoaded(main.rec), []);
    box.gitOk(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'wip']);
    const bad = hook(box, ['pre-push', 'origin', box.remote], `refs/heads/feature/5-speed ${box.gitOk(['rev-parse', 'HEAD'])} refs/heads/feature/5-speed ${'0'.repeat(40)}\n`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /wip/);
    assert.deepEqual(heavyLoaded(bad.rec), []);
  });
});

describe('hook imports when the repository configures more', () => {
  it('a flowgate config loads the validator (zod) but still no prompt, forge, git or CLI library', () => {
    const box = sandbox();
    box.write('flowgate.config.json', JSON.stringify({ requireIssue: false }) + '\n');
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    const r = hook(box, ['commit-msg', messageFile(box, 'feat: fast hooks\n')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(loaded(r.rec, 'zod'), 'the config is validated with zod (the recorder sees bundled code too)');
    assert.deepEqual(heavyLoaded(r.rec, ['zod']), []);
    // validated once, then served from <git dir>/flowgate/config-cache.json until it changes
    const again = hook(box, ['commit-msg', messageFile(box, 'feat: faster hooks\n')]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(heavyLoaded(again.rec), [], 'an unchanged config is not validated again');
    box.write('flowgate.config.json', JSON.stringify({ requireIssue: 'yes' }) + '\n');
    const edited = hook(box, ['commit-msg', messageFile(box, 'feat: fast hooks\n')]);
    assert.equal(edited.code, 2, 'an edited config is validated at the next commit');
    assert.match(edited.stderr, /Invalid config in .*flowgate\.config\.json: `requireIssue`/);
  });

  it('a commitlint config is loaded with @commitlint/load once, then served from the cache', () => {
    const box = sandbox();
    box.write('commitlint.config.ts', "export default { rules: { 'type-enum': [2, 'always', ['feat', 'fix', 'speed']] } };\n");
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    const first = hook(box, ['commit-msg', messageFile(box, 'speed: fast hooks\n')]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(loaded(first.rec, '@commitlint/load'), 'the first commit loads the config with @commitlint/load');
    for (const p of ['@inquirer', '@octokit', 'simple-git', 'commander', 'lint-staged']) assert.equal(loaded(first.rec, p), false, `${p} loaded`);
    const second = hook(box, ['commit-msg', messageFile(box, 'speed: faster hooks\n')]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(heavyLoaded(second.rec), [], 'a cached config needs neither @commitlint/load nor a TypeScript loader');
    const refused = hook(box, ['commit-msg', messageFile(box, 'docs: not in this repository’s types\n')]);
    assert.equal(refused.code, 1, 'the cached rules are the repository’s own');
    assert.deepEqual(heavyLoaded(refused.rec), []);
  });

  it('lint-staged loads in pre-commit only when the repository configures it', () => {
    const box = sandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    box.write('package.json', JSON.stringify({ name: 'app', private: true, 'lint-staged': { '*.txt': 'node -e ""' } }) + '\n');
    box.write('notes.txt', 'hello\n');
    box.gitOk(['add', 'notes.txt']);
    const r = hook(box, ['pre-commit']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(loaded(r.rec, 'lint-staged'), 'lint-staged is configured, so it runs');
    for (const p of ['@inquirer', '@octokit', 'simple-git', 'commander', '@commitlint/load']) assert.equal(loaded(r.rec, p), false, `${p} loaded`);
  });
});

/** Files of ours a process loaded (the package but its node_modules). */
function ownFiles(rec: Recording): string[] {
  return rec.files.filter((f) => f.startsWith(`${ROOT}/`) && !f.startsWith(join(ROOT, 'node_modules') + '/'));
}

/** One copy of every module: our code comes only from the hook's bundle, and FlowError is defined in one loaded file. */
function assertSingleCopy(rec: Recording): void {
  const own = ownFiles(rec);
  const bundle = join(ROOT, 'dist', 'hook') + '/';
  assert.deepEqual(
    own.filter((f) => f !== CLI && !f.startsWith(bundle)),
    [],
    'a hook loads our modules only from its bundle (a file of tsc\'s dist/ next to it would be a second copy)',
  );
  const definitions = own.filter((f) => code(f).includes('"FlowError"'));
  assert.equal(definitions.length, 1, `FlowError is defined in one loaded file, not in ${definitions.join(', ')}`);
}

describe('one copy of every module in a hook process', () => {
  it('the lazy parts a hook loads (the prompt, the config validator) come from its one bundle, not a copy', () => {
    const box = sandbox();
    box.write('flowgate.config.json', JSON.stringify({ requireIssue: false }) + '\n');
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);
    // git opening an empty editor with no terminal: the prompt's code runs, finds no terminal, writes the guide
    const file = messageFile(box, '\n# Please enter the commit message for your changes.\n');
    const r = hook(box, ['prepare-commit-msg', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      ownFiles(r.rec).filter((f) => f.startsWith(join(ROOT, 'dist', 'hook') + '/')),
      [join(ROOT, 'dist', 'hook', 'prepare-commit-msg.cjs')],
      'the hook ran from its one file',
    );
    assert.ok(code(join(ROOT, 'dist', 'hook', 'prepare-commit-msg.cjs')).includes('/dev/tty'), 'the prompt is inside that file');
    assert.ok(loaded(r.rec, 'zod'), 'the config was validated');
    assertSingleCopy(r.rec);
  });

  it('the hook runner recognises a FlowError thrown on the hook path: its message and exit code, not a crash report', () => {
    const box = sandbox();
    box.write('flowgate.config.json', JSON.stringify({ hooks: { 'commit-msg': ['nope'] } }) + '\n');
    const r = hook(box, ['commit-msg', messageFile(box, 'feat: fast hooks\n')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^flowgate: Invalid config in .*flowgate\.config\.json: `hooks\.commit-msg\.0`/m);
    assert.doesNotMatch(r.stderr, /hook failed/);
    assertSingleCopy(r.rec);
  });
});

describe('hook imports through git, with the hooks installed', () => {
  it('a commit and a push load none of the heavy modules in any hook process', () => {
    const box = sandbox();
    box.write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true }) + '\n');
    box.write('.gitignore', 'node_modules\n');
    mkdirSync(join(box.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, join(box.dir, 'node_modules', '.bin', 'flowgate'));
    const install = run(process.execPath, [CLI, 'install'], { cwd: box.dir, env: box.env });
    assert.equal(install.code, 0, install.stderr);
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '--no-verify', '-m', 'chore: add flowgate']);
    box.gitOk(['push', '-q', '--no-verify', 'origin', 'main']);
    box.gitOk(['switch', '-q', '-c', 'feature/5-speed']);

    const file = join(recorderDir, `rec-${++recordings}.txt`);
    const env = { FLOWGATE_RECORD_FILE: file, NODE_OPTIONS: `--import=${RECORDER_URL}` };
    const commit = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: fast hooks'], { env });
    assert.equal(commit.code, 0, commit.stderr);
    const push = box.git(['push', '-q', 'origin', 'feature/5-speed'], { env });
    assert.equal(push.code, 0, push.stderr);
    const rec = readRecording(file);
    assertHookPath(rec);
    assert.ok(rec.processes >= 2, `the commit-msg and pre-push hooks ran node (${rec.processes} processes recorded)`);
    assert.deepEqual(heavyLoaded(rec), []);
    assert.deepEqual(ownFiles(rec).filter((f) => f !== CLI && !f.startsWith(join(ROOT, 'dist', 'hook') + '/')), []);
  });
});
