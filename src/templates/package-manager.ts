import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { PackageJson } from '../core/package-json.js';
import { readPackageJson } from '../fs/package-json.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What the generated workflows need to know about the project's package manager. */
export interface PackageManager {
  name: PackageManagerName;
  /** the lockfile found, absolute; undefined when there is none yet */
  lockfile?: string;
  /** where to run install/build/test: the lockfile's folder, else the package folder */
  dir: string;
  /** reproducible install from the lockfile */
  install: string;
  /** build when the project has a build script, nothing otherwise */
  build: string;
  test: string;
  /** actions/setup-node's `cache` input ('' for bun, which setup-node cannot cache) */
  cache: '' | 'npm' | 'pnpm' | 'yarn';
  /** how CI runs the project's flowgate binary */
  exec: string;
  /** the install a person runs (and the hooks' advice names) */
  installHint: string;
  /**
   * The lifecycle script this manager runs for the root project on a plain install, where
   * `flowgate install` goes: Yarn 2+ runs no `prepare` for the root, only `postinstall`.
   */
  lifecycle: 'prepare' | 'postinstall';
  /** pnpm: the version for pnpm/action-setup; '' when package.json#packageManager names it */
  pnpmVersion: string;
  /** Yarn 2+ (Berry) comes through corepack */
  corepack: boolean;
}

const LOCKFILES: [string, PackageManagerName][] = [
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** `packageManager` from package.json (corepack's field), e.g. ["pnpm", 9]. */
function declared(pkg: PackageJson | undefined): [string, number] | undefined {
  const field = pkg?.packageManager;
  if (typeof field !== 'string') return undefined;
  const m = /^(npm|pnpm|yarn|bun)@(\d+)/.exec(field);
  return m ? [m[1]!, Number(m[2])] : undefined;
}

/** pnpm major for a lockfile without package.json#packageManager: lockfile v9 → pnpm 10, 6 → 8, 5 → 7. */
export function pnpmVersionForLockfile(text: string): string {
  const m = /^lockfileVersion:\s*['"]?(\d+)/m.exec(text);
  const v = m ? Number(m[1]) : 9;
  if (v >= 9) return '10';
  if (v >= 6) return '8';
  return '7';
}

/**
 * The package manager, from the lockfile nearest the package folder (searching up to the
 * repository root: a workspace keeps one lockfile at its root). No lockfile: npm.
 */
export function detectPackageManager(packageDir: string, repoRoot: string): PackageManager {
  let dir = resolve(packageDir);
  const stop = resolve(repoRoot);
  let found: { file: string; name: PackageManagerName } | undefined;
  for (;;) {
    for (const [file, name] of LOCKFILES) {
      if (existsSync(join(dir, file))) {
        found = { file: join(dir, file), name };
        break;
      }
    }
    if (found || dir === stop || !(dir + sep).startsWith(stop + sep)) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const workDir = found ? dirname(found.file) : resolve(packageDir);
  const pkg = readPackageJson(workDir) ?? readPackageJson(packageDir);
  const manager = declared(pkg);
  const name: PackageManagerName = found?.name ?? ((manager?.[0] as PackageManagerName | undefined) ?? 'npm');
  const scripts = (pkg?.scripts ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'pnpm':
      return {
        name,
        lockfile: found?.file,
        dir: workDir,
        install: 'pnpm install --frozen-lockfile',
        build: 'pnpm run --if-present build',
        test: 'pnpm test',
        cache: 'pnpm',
        exec: 'pnpm exec flowgate',
        installHint: 'pnpm install',
        lifecycle: 'prepare',
        pnpmVersion: manager?.[0] === 'pnpm' ? '' : found ? pnpmVersionForLockfile(readFileSync(found.file, 'utf8')) : '10',
        corepack: false,
      };
    case 'yarn': {
      const berry = (manager?.[0] === 'yarn' && manager[1] >= 2) || isBerry(workDir, found?.file);
      return {
        name,
        lockfile: found?.file,
        dir: workDir,
        install: berry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile',
        // Yarn has no --if-present: the build step is there when the project has a build script.
        build: typeof scripts.build === 'string' ? 'yarn build' : '',
        test: 'yarn test',
        cache: 'yarn',
        exec: 'yarn flowgate',
        installHint: 'yarn install',
        lifecycle: berry ? 'postinstall' : 'prepare',
        pnpmVersion: '',
        corepack: berry,
      };
    }
    case 'bun':
      return {
        name,
        lockfile: found?.file,
        dir: workDir,
        install: 'bun install --frozen-lockfile',
        build: typeof scripts.build === 'string' ? 'bun run build' : '',
        // `bun test` is bun's own test runner: the project's test script is `bun run test`
        test: 'bun run test',
        cache: '',
        exec: 'bunx flowgate',
        installHint: 'bun install',
        lifecycle: 'prepare',
        pnpmVersion: '',
        corepack: false,
      };
    default:
      return {
        name: 'npm',
        lockfile: found?.file,
        dir: workDir,
        install: 'npm ci',
        build: 'npm run build --if-present',
        test: 'npm test',
        cache: 'npm',
        exec: 'npx flowgate',
        installHint: 'npm install',
        lifecycle: 'prepare',
        pnpmVersion: '',
        corepack: false,
      };
  }
}

/** Yarn 2+ without package.json#packageManager: its lockfile has __metadata, or .yarnrc.yml is there. */
function isBerry(dir: string, lockfile: string | undefined): boolean {
  if (existsSync(join(dir, '.yarnrc.yml'))) return true;
  try {
    return lockfile !== undefined && /^__metadata:/m.test(readFileSync(lockfile, 'utf8').slice(0, 2000));
  } catch {
    return false;
  }
}

/**
 * The script `flow init` writes into the lifecycle entry: a no-op where flowgate is not installed
 * (`npm ci --omit=dev`, NODE_ENV=production), so it never fails a production install. The node
 * fallback only runs when `flowgate install` failed, and fails itself only when flowgate is there.
 */
export const LIFECYCLE_SCRIPT = `flowgate install || node -e "try{require.resolve('flowgate/package.json')}catch{process.exit(0)}process.exit(1)"`;

/** A path relative to the repository root with forward slashes ('' for the root itself). */
export function repoRelative(repoRoot: string, path: string): string {
  const rel = relative(resolve(repoRoot), resolve(path));
  return rel.split(sep).join('/');
}
