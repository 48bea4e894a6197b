import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { dependsOn } from '../../core/package-json.js';
import { readPackageJson } from '../../fs/package-json.js';
import { CHAINED_DIR, DISPATCHER_DIR } from '../../install/layout.js';
import { ok, warn, type Check, type CheckResult } from '../types.js';

/** Other tools beside flowgate: flow-bin's `flow`, husky's prepare, lefthook. */
export const neighbours: Check = (ctx) => {
  if (!ctx.repo) return [];
  const results: CheckResult[] = [];
  const pkg = readPackageJson(ctx.packageDir);
  const flow = join(ctx.packageDir, 'node_modules', '.bin', 'flow');
  let flowIsOther = dependsOn(pkg, 'flow-bin');
  try {
    if (existsSync(flow)) flowIsOther ||= !/[\\/]flowgate[\\/]/.test(realpathSync(flow));
  } catch {
    // a dangling link: nobody's
  }
  if (flowIsOther) {
    results.push(warn('flow-bin', "`flow` here is flow-bin's (Facebook Flow): `npx flow …` runs the type checker, not flowgate", 'use `npx flowgate …` (scripts and hooks flowgate writes already do)'));
  }
  const scripts = (pkg?.scripts ?? {}) as Record<string, unknown>;
  if (dependsOn(pkg, 'husky') || /\bhusky\b/.test(`${scripts.prepare ?? ''} ${scripts.postinstall ?? ''}`)) {
    const h = ctx.hooks;
    results.push(
      h?.layout === 'husky'
        ? ok('husky', "husky's core.hooksPath runs .husky/<hook>, where flowgate's lines are (not in a new linked worktree: `flowgate install` takes it over)")
        : ok('husky', "installed beside flowgate: `husky` sets core.hooksPath to .husky/_ and flowgate's install, after it, takes that over; your .husky/<hook> scripts run either way"),
    );
  }
  const lefthookConfig = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'].find((f) => existsSync(join(ctx.repo!.topLevel, f)));
  if (lefthookConfig || dependsOn(pkg, 'lefthook')) {
    const chained = join(ctx.repo.commonDir, 'hooks', DISPATCHER_DIR, CHAINED_DIR);
    const kept = ['pre-commit', 'pre-push', 'commit-msg'].some((hook) => {
      try {
        return /lefthook/i.test(readFileSync(join(chained, hook), 'utf8'));
      } catch {
        return false;
      }
    });
    results.push(
      kept
        ? ok('lefthook', "lefthook's hooks run after flowgate's (kept in .git/hooks/flowgate/chained)")
        : warn('lefthook', "lefthook is set up here: a later `lefthook install` replaces flowgate's stubs in .git/hooks", 'run `npx flowgate install` after `lefthook install`: it keeps lefthook\'s hooks and runs them after flowgate\'s'),
    );
  }
  return results;
};
