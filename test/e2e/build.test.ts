// `npm run build` stops on a type error instead of emitting JavaScript anyway.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, run, tempDir } from '../helpers/repo.js';

test('a type error fails the build and nothing reaches dist/', () => {
  const dir = tempDir('flowgate-build-');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { outDir: 'dist', rootDir: 'src' }, include: ['src'] }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'cli.ts'), "export const answer: number = 'forty-two';\n");
  const r = run(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: dir, env: process.env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /error TS2322/);
  assert.match(r.stderr, /build: failed on the type errors above/);
  assert.equal(existsSync(join(dir, 'dist')), false, 'no JavaScript was emitted');
});
