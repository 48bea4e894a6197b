import { fail, ok, same, show, type Check } from '../types.js';

export const workTree: Check = (ctx) => {
  if (!ctx.repo) return [fail('work tree', `${ctx.cwd} is not inside a git work tree`, 'run flowgate doctor inside your repository (or `git init` one)')];
  const where = ctx.repo.linked ? `${ctx.repo.topLevel} (a linked worktree)` : ctx.repo.topLevel;
  const pkg = same(ctx.packageDir, ctx.repo.topLevel) ? '' : `; package in ${show(ctx, ctx.packageDir)}`;
  return [ok('work tree', `${where}${pkg}`)];
};
