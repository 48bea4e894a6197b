import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pnpFile } from '../../install/install.js';
import { fail, ok, reinstall, show, warn, type Check } from '../types.js';

/** A link into flowgate's package, or a shim script that runs it (pnpm, bun and Windows write shims). */
function isFlowgate(file: string): boolean {
  try {
    const real = realpathSync(file);
    if (/[\\/]flowgate[\\/]|[\\/]dist[\\/]cli\.js$/.test(real)) return true;
    return statSync(real).size < 10_000 && /[\\/]flowgate[\\/]/.test(readFileSync(real, 'utf8'));
  } catch {
    return false;
  }
}

/** The flowgate binary the hooks run: the package's node_modules/.bin (a linked worktree may use the main one's). */
export const binary: Check = (ctx) => {
  if (!ctx.repo) return [];
  const pnp = pnpFile(ctx.packageDir, ctx.repo.topLevel);
  const local = join(ctx.packageDir, 'node_modules', '.bin', 'flowgate');
  if (existsSync(local) && isFlowgate(local)) return [ok('flowgate binary', show(ctx, local))];
  const main = join(ctx.mainPackageDir, 'node_modules', '.bin', 'flowgate');
  if (ctx.repo.linked && ctx.hooks?.layout === 'flowgate' && existsSync(main)) return [ok('flowgate binary', `${main} (the main worktree's)`)];
  if (pnp) {
    return [
      fail(
        'flowgate binary',
        `Yarn Plug'n'Play (${show(ctx, pnp)}) keeps no node_modules/.bin, so the hooks cannot run flowgate and refuse every commit`,
        "add 'nodeLinker: node-modules' to .yarnrc.yml, then run `yarn install`",
      ),
    ];
  }
  const onPath = (ctx.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'flowgate')).find((f) => existsSync(f));
  if (onPath) return [warn('flowgate binary', `not in ${show(ctx, join(ctx.packageDir, 'node_modules', '.bin'))}; the hooks will use ${onPath} from PATH`, `${ctx.packageManager.name} add -D flowgate, so everyone runs the same version`)];
  return [
    fail(
      'flowgate binary',
      `${show(ctx, local)} is missing (a fresh clone, or node_modules was removed), so the hooks refuse every commit and push`,
      `${reinstall(ctx)} in ${ctx.packageDir}`,
    ),
  ];
};
