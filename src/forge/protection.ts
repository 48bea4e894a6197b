/**
 * How a planned forge request reads in `flow protect --dry-run`. The policy's requests themselves
 * live in src/policy/ (GitHub rulesets, environments, security; GitLab protected branches).
 */
import type { ApiRequest } from './types.js';

/** Method and URL, then the JSON body. */
export function formatRequest(req: ApiRequest): string {
  const head = `${req.method} ${req.url}`;
  return req.body === undefined || req.body === null ? head : `${head}\n${JSON.stringify(req.body, null, 2)}`;
}
