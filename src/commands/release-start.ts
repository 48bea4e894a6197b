import { relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import { EXIT_OK } from '../errors.js';
import { repoRoot } from '../release/repo.js';
import { executeRelease, planRelease } from '../release/start.js';
import { info, json, result, success } from '../ui/output.js';

interface ReleaseStartOptions {
  version?: string;
  json?: boolean;
  yes?: boolean;
  /** false with --no-fetch */
  fetch?: boolean;
}

/**
 * `flow release start [version|major|minor|patch] [--json] [--yes] [--no-fetch]`.
 * Every answer has a default (the computed version), so it never prompts; --yes is accepted.
 */
export async function run(options: ReleaseStartOptions): Promise<number> {
  const cwd = process.cwd();
  repoRoot(cwd);
  const { config, dir } = await loadConfig(cwd);
  const plan = await planRelease({ cwd, dir, config, version: options.version, fetch: options.fetch !== false });
  const how = plan.bump === 'exact' ? 'as given' : `a ${plan.bump} bump`;
  info(`Releasing ${plan.version} (${how} from ${plan.previous}; ${plan.commits} commit${plan.commits === 1 ? '' : 's'} on ${plan.startPoint}).`);

  const done = await executeRelease(cwd, plan, config.branches.main);
  const name = (file: string) => relative(cwd, file) || file;
  if (plan.packageNote) info(plan.packageNote);
  success(
    `Created ${done.branch} from ${plan.startPoint}: ${[plan.packageJson ? `${name(plan.packageJson.file)} → ${plan.version}` : '', `${name(plan.changelog.file)} section ${plan.changelog.replaced ? 'replaced' : 'prepended'}`].filter(Boolean).join(', ')}, committed chore(release): ${plan.version}.`,
  );
  info(`Next: review the changelog, then \`npx flow release finish\` opens the pull requests.`);

  if (options.json) {
    json({
      branch: done.branch,
      version: done.version,
      previous: done.previous,
      base: done.base,
      startPoint: done.startPoint,
      bump: done.bump,
      commit: done.commit,
      changelog: name(plan.changelog.file),
      packageJson: plan.packageJson ? name(plan.packageJson.file) : null,
    });
  } else {
    result(done.branch);
  }
  return EXIT_OK;
}
