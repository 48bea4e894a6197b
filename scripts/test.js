// `npm test`: pack the package once, install the tarball once into a template project (its
// node_modules is shared by the end-to-end tests), then run every unit and e2e test file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve('.');
// Per run, so two test runs side by side never pack over each other.
const tmp = join(root, '.tmp', `run-${process.pid}`);
const packDir = join(tmp, 'pack');
const template = join(tmp, 'template');
rmSync(packDir, { recursive: true, force: true });
rmSync(template, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
mkdirSync(template, { recursive: true });

const quiet = { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' };
const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], quiet));
const tarball = join(packDir, packed[0].filename);
writeFileSync(join(template, 'package.json'), JSON.stringify({ name: 'flowgate-test-template', private: true }, null, 2));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', tarball], {
  ...quiet,
  cwd: template,
  env: { ...process.env, FLOWGATE_SKIP: '1' },
});

const files = (dir) =>
  readdirSync(join(root, 'test', dir))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', dir, f));
const only = process.argv.slice(2);
const env = {
  ...process.env,
  FLOWGATE_TEST_TARBALL: tarball,
  FLOWGATE_TEST_TEMPLATE: template,
  // test/matrix: package managers and node binaries come from the registry into this run's cache
  FLOWGATE_MATRIX_CACHE: join(tmp, 'matrix-cache'),
};
const runFiles = (targets, concurrency) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...targets], { stdio: 'inherit', env }).status ?? 1;
let status;
if (only.length) {
  status = runFiles(only, only.every((f) => f.includes('matrix')) ? 5 : 3);
} else {
  status = runFiles([...files('unit'), ...files('e2e')], 3);
  // The install matrix waits mostly on the registry and on installs: more cells at once than cores.
  status = runFiles(files('matrix'), 5) || status;
}
rmSync(tmp, { recursive: true, force: true });
process.exitCode = status;
