import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, sandbox, type RunResult, type Sandbox } from './repo.js';

/** The packed tarball and the template project it was installed into (made by scripts/test.js). */
export const TARBALL = process.env.FLOWGATE_TEST_TARBALL ?? '';
export const TEMPLATE = process.env.FLOWGATE_TEST_TEMPLATE ?? '';

export function requirePacked(): void {
  if (!TARBALL || !existsSync(TARBALL) || !existsSync(join(TEMPLATE, 'node_modules', '.bin', 'flowgate'))) {
    throw new Error('run the e2e tests through `npm test` (scripts/test.js packs and installs the tarball first)');
  }
}

export interface Installed extends Sandbox {
  /** the package directory (the work tree, or its sub-folder) */
  pkg: string;
  /** run the installed `flowgate` binary */
  bin(args: string[], opts?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): RunResult;
}

/**
 * A sandbox whose package uses the packed flowgate (node_modules linked from the template
 * install), with the hooks installed by the installed binary. `sub` puts package.json in a
 * sub-folder (monorepo).
 */
export function installedSandbox(opts: { develop?: boolean; sub?: string; name?: string; config?: unknown; install?: boolean } = {}): Installed {
  requirePacked();
  const box = sandbox({ develop: opts.develop, name: opts.name });
  const pkg = opts.sub ? join(box.dir, opts.sub) : box.dir;
  const pkgJson: Record<string, unknown> = { name: 'app', version: '1.0.0', private: true, devDependencies: { flowgate: `file:${TARBALL}` } };
  if (opts.config !== undefined) pkgJson.flowgate = opts.config;
  box.write(join(opts.sub ?? '', 'package.json'), JSON.stringify(pkgJson, null, 2) + '\n');
  symlinkSync(join(TEMPLATE, 'node_modules'), join(pkg, 'node_modules'));
  box.write('.gitignore', 'node_modules\n');
  const bin: Installed['bin'] = (args, o = {}) =>
    run(join(pkg, 'node_modules', '.bin', 'flowgate'), args, { cwd: o.cwd ?? pkg, input: o.input, env: { ...box.env, ...o.env } });
  if (opts.install !== false) {
    const r = bin(['install']);
    if (r.code !== 0) throw new Error(`flowgate install failed: ${r.stderr}`);
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: add flowgate'], { env: { FLOWGATE_SKIP: '1' } });
    box.gitOk(['push', '-q', 'origin', 'main'], { env: { FLOWGATE_SKIP: '1' } });
  }
  return { ...box, pkg, bin };
}

export function writeFile(path: string, content: string): void {
  writeFileSync(path, content);
}
