/**
 * The branch model, in one place: where each kind of branch starts, where its pull requests go,
 * and what flowgate calls protected. Pure; start, pr, status, release, sync, rollback, check and
 * doctor ask here rather than deciding for themselves.
 */
import type { FlowgateConfig } from '../config/types.js';
import { checkBranchName, describeBranch, longLivedNames } from './branch.js';
import { literalBranches, protectedMatcher } from './protected.js';

export { checkBranchName, describeBranch, longLivedNames, startBranchName } from './branch.js';

/** The integration branch, or undefined for trunk-based work (develop: null, or develop = main). */
export function integrationBranch(config: FlowgateConfig): string | undefined {
  const { main, develop } = config.branches;
  return develop && develop !== main ? develop : undefined;
}

/** Types that start from and return to production: hotfixes and releases. */
function fromProduction(type: string | undefined): boolean {
  return type === 'hotfix';
}

function intoProduction(type: string | undefined): boolean {
  return type === 'hotfix' || type === 'release';
}

/** The branch a new `<type>/…` branch starts from: hotfix from main; the rest from develop, or main when there is none. */
export function startBase(type: string, config: FlowgateConfig): string {
  if (fromProduction(type)) return config.branches.main;
  return integrationBranch(config) ?? config.branches.main;
}

/** Where a branch's pull requests go: feature and the others → develop (main when trunk-based); hotfix and release → main, then develop. */
export function prTargets(type: string | undefined, config: FlowgateConfig, override?: string): string[] {
  if (override) return [override];
  const { main } = config.branches;
  const develop = integrationBranch(config);
  if (intoProduction(type)) return develop ? [main, develop] : [main];
  return [develop ?? main];
}

/** The branch's type: its `<type>/` prefix, whether or not the rest of the name follows the rules. */
export function branchType(name: string, config: FlowgateConfig): string | undefined {
  const info = describeBranch(name, config);
  if (info.type) return info.type;
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : undefined;
}

/** A branch's base (what ahead/behind and sync compare with) and its PR targets; long-lived branches have none. */
export function placeOf(branch: string, config: FlowgateConfig): { base: string | null; targets: string[] } {
  const { main } = config.branches;
  const develop = integrationBranch(config);
  if (branch === main) return { base: null, targets: [] };
  if (develop && branch === develop) return { base: main, targets: [] };
  if (longLivedNames(config).includes(branch)) return { base: null, targets: [] };
  const type = branchType(branch, config);
  const targets = prTargets(type, config);
  return { base: targets[0]!, targets };
}

/** Whether pushes straight to `branch` are refused. */
export function isProtected(branch: string, config: FlowgateConfig): boolean {
  return protectedMatcher(config.protected)(branch);
}

/** The protected branches that can be addressed one by one (no globs): what `flow protect` covers. */
export function protectedBranches(config: FlowgateConfig): string[] {
  return literalBranches(config.protected);
}

/**
 * The branch that already carries this work, among `names` (local and origin's): one branch per
 * issue, whatever its type (`feature/42-add-search-box` for issue 42), and one per version of a
 * type (`release/1.4.0`). Undefined when there is none.
 */
export function existingBranchFor(
  want: { type: string; issue?: string; version?: string },
  names: Iterable<string>,
  config: FlowgateConfig,
): string | undefined {
  for (const name of names) {
    const check = checkBranchName(name, config);
    if (!check.ok || check.info.kind !== 'flow') continue;
    const found = check.info;
    if (want.version !== undefined) {
      if (found.type === want.type && found.version === want.version) return name;
    } else if (want.issue !== undefined && found.issue === want.issue) {
      return name;
    }
  }
  return undefined;
}
