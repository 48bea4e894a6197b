// CLI: `flow feature start 123 bench run --no-fetch` and `flow check --range` over 1,000 commits;
// a command that exits non-zero in a probe run is left out with a note.
import { join } from 'node:path';
import { pushBranch } from '../lib/repos.js';
import { usable } from '../variants.js';
import { commitlintRange } from './push.js';

export function cliCases(ctx) {
  if (!usable(ctx, 'flowgate')) return [];
  const { run, notes, skipEnv, options } = ctx;
  const repo = ctx.repos.flowgate;
  const flow = join(repo.dir, 'node_modules', '.bin', 'flow');
  const cases = [];
  const startArgs = ['feature', 'start', '123', 'bench', 'run', '--no-fetch'];
  const probe = run(flow, startArgs, { cwd: repo.dir, allowFail: true });
  const cleanupStart = () => {
    run('git', ['switch', '-q', 'feature/1-bench'], { cwd: repo.dir, env: skipEnv, allowFail: true });
    run('git', ['branch', '-q', '-D', 'feature/123-bench-run'], { cwd: repo.dir, env: skipEnv, allowFail: true });
  };
  cleanupStart();
  if (probe.code === 0) {
    cases.push({ id: 'start.flowgate', group: 'cli', label: 'flow feature start 123 bench run --no-fetch', cmd: flow, args: startArgs, cwd: repo.dir, after: cleanupStart });
  } else {
    notes.push(`flow feature start: not measured, it exits ${probe.code}: ${probe.stderr.trim().split('\n')[0]}`);
  }
  const checkArgs = ['check', '--range', `main..${pushBranch(options.checkSize)}`];
  const check = run(flow, checkArgs, { cwd: repo.dir, allowFail: true });
  if (check.code === 0) {
    cases.push({ id: 'check.flowgate', group: 'cli', label: `flow check --range (${options.checkSize} commits)`, cmd: flow, args: checkArgs, cwd: repo.dir });
  } else {
    notes.push(`flow check --range: not measured, it exits ${check.code}: ${check.stderr.trim().split('\n')[0]}`);
  }
  if (ctx.repos.husky && !options.pushSizes.includes(options.checkSize)) cases.push(commitlintRange(ctx, options.checkSize, 'cli'));
  return cases;
}
