// flowgate's own `npm install` / `npm ci`: build, then install flowgate's hooks into this
// repository (dogfooding). The package is not in its own node_modules, so its binary is linked
// there first, exactly where the hooks look for it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

try {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
  const bin = join('node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const link = join(bin, 'flowgate');
  if (existsSync(link) || isLink(link)) rmSync(link);
  symlinkSync(relative(bin, join('dist', 'cli.js')), link);
  if (existsSync('.git')) execFileSync(process.execPath, ['dist/cli.js', 'install'], { stdio: 'inherit' });
} catch (error) {
  console.error(`flowgate: prepare failed (${error instanceof Error ? error.message : error}); run \`npm run build\` and \`node dist/cli.js install\` by hand.`);
  process.exitCode = 1;
}

function isLink(path) {
  try {
    return Boolean(execFileSync('test', ['-L', path]) || true);
  } catch {
    return false;
  }
}
