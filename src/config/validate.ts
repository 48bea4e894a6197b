import { FlowError } from '../errors.js';
import { defaultConfig } from './defaults.js';
import { configSchema } from './schema.js';
import type { FlowgateConfig } from './types.js';

/** Validate user input and merge it over the defaults. Throws FlowError naming file and key. */
export async function resolveConfig(input: unknown, file: string): Promise<FlowgateConfig> {
  const { z } = await import('zod');
  const parsed = configSchema(z).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let key = issue.path.join('.');
    let detail = issue.message;
    if (issue.code === 'unrecognized_keys') {
      key = [...issue.path, issue.keys[0]].join('.');
      detail = 'unknown key (check its spelling)';
    }
    throw new FlowError(`Invalid config in ${file}: \`${key || '(root)'}\` ${detail.charAt(0).toLowerCase()}${detail.slice(1)}; fix it or remove the key.`);
  }
  return mergeConfig(parsed.data);
}

export function mergeConfig(input: {
  branches?: { main?: string; develop?: string | null };
  protected?: string[];
  branchTypes?: string[];
  requireIssue?: boolean;
  issuePattern?: string;
  issueFooter?: string;
  prompt?: boolean;
  tagPrefix?: string;
  forge?: FlowgateConfig['forge'];
  sync?: Partial<FlowgateConfig['sync']>;
  deploy?: Partial<FlowgateConfig['deploy']>;
  hooks?: Partial<FlowgateConfig['hooks']>;
  policy?: FlowgateConfig['policy'];
  secrets?: { enabled?: boolean; allow?: Partial<FlowgateConfig['secrets']['allow']>; maxAgeDays?: number };
}): FlowgateConfig {
  const config = defaultConfig();
  const main = input.branches?.main ?? config.branches.main;
  const develop = input.branches?.develop === undefined ? config.branches.develop : input.branches.develop;
  config.branches = { main, develop };
  config.protected = input.protected ?? (develop ? [main, develop] : [main]);
  if (input.branchTypes) config.branchTypes = input.branchTypes;
  if (input.requireIssue !== undefined) config.requireIssue = input.requireIssue;
  if (input.issuePattern !== undefined) config.issuePattern = input.issuePattern;
  if (input.issueFooter !== undefined) config.issueFooter = input.issueFooter;
  if (input.prompt !== undefined) config.prompt = input.prompt;
  if (input.tagPrefix !== undefined) config.tagPrefix = input.tagPrefix;
  if (input.forge) config.forge = { ...input.forge };
  if (input.sync) config.sync = { ...config.sync, ...input.sync };
  if (input.deploy) config.deploy = { ...config.deploy, ...input.deploy };
  if (input.hooks) config.hooks = { ...config.hooks, ...input.hooks };
  if (input.policy) config.policy = structuredClone(input.policy);
  if (input.secrets) {
    const { enabled, allow, maxAgeDays } = input.secrets;
    config.secrets = {
      enabled: enabled ?? config.secrets.enabled,
      allow: { paths: allow?.paths ?? [], rules: allow?.rules ?? [], fingerprints: allow?.fingerprints ?? [] },
      maxAgeDays: maxAgeDays ?? config.secrets.maxAgeDays,
    };
  }
  return config;
}
