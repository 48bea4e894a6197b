import type { FlowgateConfig } from '../config/types.js';
import { checkBranchName } from './branch.js';
import { branchOfRef, protectedMatcher } from './protected.js';

const ZERO = /^0+$/;
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** One line of git's pre-push stdin: `<local ref> <local sha> <remote ref> <remote sha>`. */
export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

export type UpdateKind = 'create' | 'update' | 'delete';

export function parsePushLines(stdin: string): PushUpdate[] {
  const updates: PushUpdate[] = [];
  for (const line of stdin.split('\n')) {
    const trimmed = line.replace(/\r$/, '').trim();
    if (!trimmed) continue;
    const parts = trimmed.split(' ');
    // Ref names cannot contain spaces, so exactly four fields with object ids (SHA-1 or SHA-256)
    // in the second and fourth; anything else is not git's input and is refused, never misread.
    const [localRef, localSha, remoteRef, remoteSha] = parts as [string, string, string, string];
    if (parts.length !== 4 || !OBJECT_ID.test(localSha) || !OBJECT_ID.test(remoteSha)) {
      throw new Error(`unexpected pre-push input line: ${JSON.stringify(trimmed.slice(0, 200))}`);
    }
    updates.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return updates;
}

export function formatPushLine(u: PushUpdate): string {
  return `${u.localRef} ${u.localSha} ${u.remoteRef} ${u.remoteSha}`;
}

export function updateKind(u: PushUpdate): UpdateKind {
  if (ZERO.test(u.localSha)) return 'delete';
  if (ZERO.test(u.remoteSha)) return 'create';
  return 'update';
}

export interface PushRefusal {
  ref: string;
  reason: string;
  /** the creation of a protected branch (the rest are updates, deletions and bad names) */
  createsProtected?: boolean;
}

export interface PushChecks {
  protectedBranch: boolean;
  branchName: boolean;
}

export interface PushFacts {
  /**
   * True when every commit up to `sha` is already on one of the remote's protected branches
   * (reviewed work). Creating a protected branch there adds no unreviewed change: `develop`
   * made from `main`, as `flow init` does. Unknown means no.
   */
  reviewed?: (sha: string) => boolean;
}

/**
 * Decide which updates break the rules. Pure: git's input (and what is known about its commits)
 * in, refusals out. Updates and deletions of a protected branch are always refused; creating one
 * only when it would bring commits that no protected branch on the remote has.
 */
export function evaluatePush(updates: PushUpdate[], config: FlowgateConfig, checks: PushChecks, remote = 'the remote', facts: PushFacts = {}): PushRefusal[] {
  const isProtected = protectedMatcher(config.protected);
  const refusals: PushRefusal[] = [];
  for (const u of updates) {
    const branch = branchOfRef(u.remoteRef);
    if (branch === undefined) continue;
    const kind = updateKind(u);
    if (checks.protectedBranch && isProtected(branch)) {
      if (kind === 'create' && facts.reviewed?.(u.localSha)) continue;
      const reason =
        kind === 'create'
          ? `creating protected branch '${branch}' on ${remote} with commits that none of its protected branches has is not allowed`
          : `${kind === 'delete' ? 'deleting' : 'pushing to'} protected branch '${branch}' on ${remote} is not allowed`;
      refusals.push({ ref: branch, reason, ...(kind === 'create' ? { createsProtected: true } : {}) });
      continue;
    }
    if (checks.branchName && kind === 'create') {
      const check = checkBranchName(branch, config);
      if (!check.ok) refusals.push({ ref: branch, reason: check.reason });
    }
  }
  return refusals;
}

/** Tips whose new commits must be linted: every branch or tag the push creates or moves. */
export function pushedTips(updates: PushUpdate[]): string[] {
  const tips = new Set<string>();
  for (const u of updates) if (updateKind(u) !== 'delete') tips.add(u.localSha);
  return [...tips];
}
