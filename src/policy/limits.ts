/**
 * Plan limits: the forge refuses a feature because of the account's plan, not the token's rights.
 * Such a refusal skips that part with one sentence; everything else is still applied.
 */
import { messageOf, statusOf } from '../forge/errors.js';

/** GitHub's and GitLab's words for "your plan lacks this" (403 or 422; GitLab also 404 on some tiers). */
const PLAN_WORDS =
  /upgrade to github|make this repository public|billing plan|not available (for|on|in) (this|your|the)|is not available|plan (does not|doesn't) (include|support)|purchase|advanced security|secret protection|requires? (github )?(pro|team|enterprise)|premium|ultimate|licensed feature|not licensed/i;

/** Words of a missing permission: never a plan limit, even when the status matches. */
const PERMISSION_WORDS = /resource not accessible|must have admin|not authorized|forbidden by|bad credentials|rate limit|sso|saml/i;

export function isPlanLimit(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== 403 && status !== 422 && status !== 404) return false;
  const said = messageOf(error);
  if (PERMISSION_WORDS.test(said)) return false;
  return PLAN_WORDS.test(said);
}

/** A skipped part: collected while the plan runs, printed as warnings, and in --json. */
export interface Skipped {
  /** what was skipped: "rulesets for main", "required reviewers on environment production" */
  what: string;
  /** the sentence shown */
  sentence: string;
}
