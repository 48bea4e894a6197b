import { setTimeout as delay } from 'node:timers/promises';
import { gitMaybe } from '../../git/exec.js';
import { ok, validConfig, warn, type Check } from '../types.js';

export const remoteAndToken: Check = async (ctx) => {
  if (!ctx.repo) return [];
  const url = gitMaybe(['remote', 'get-url', 'origin'], { cwd: ctx.repo.topLevel });
  if (!url) {
    return [warn('remote', 'no origin remote: flow pr and flow protect need one', 'git remote add origin <url>')];
  }
  let remote;
  try {
    const forge = await import('../../forge/index.js');
    remote = forge.resolveRemote(ctx.repo.topLevel, (await validConfig(ctx))?.config ?? (await import('../../config/defaults.js')).defaultConfig());
  } catch {
    remote = undefined;
  }
  if (!remote) {
    return [warn('forge', 'origin is not on a forge flowgate knows (GitHub, GitLab)', 'set forge.provider and forge.repo (and forge.apiUrl) in the flowgate config')];
  }
  const results = [ok('forge', `${remote.provider}: ${remote.repoPath} on ${remote.host}`)];
  let source: string | undefined;
  try {
    const { findTokenSource } = await import('../../forge/index.js');
    const found = await Promise.race([
      findTokenSource(remote, { cwd: ctx.repo.topLevel, env: ctx.env }),
      delay(15_000, undefined, { ref: false }),
    ]);
    // Only where the token came from is shown: never the token, nor anything derived from it.
    source = found?.source;
  } catch {
    source = undefined;
  }
  const variable = remote.provider === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN';
  results.push(
    source
      ? ok('token', `found (${source})`)
      : warn('token', `none for ${remote.host}: flow pr prints a compare URL instead of opening the pull request`, remote.provider === 'gitlab' ? `export ${variable}=… (a token with api scope)` : `gh auth login, or export ${variable}=…`),
  );
  return results;
};

