import { UsageError } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import type { InitAnswers } from './plan.js';
import type { InitState } from './state.js';

export interface InitOptions {
  yes?: boolean;
  force?: boolean;
  trunk?: boolean;
  main?: string;
  develop?: string;
  /** false with --no-github */
  github?: boolean;
  json?: boolean;
  cwd?: string;
}

/** The answers flags and the repository already give; `asked` lists what is left to ask a person. */
export function defaultAnswers(state: InitState, o: InitOptions): { answers: InitAnswers; open: ('model' | 'main' | 'develop')[] } {
  if (o.trunk && o.develop !== undefined) throw new UsageError('--trunk means no develop branch, so it cannot go with --develop; pick one.');
  const fromConfig = state.configSource && state.config ? state.config.branches : undefined;
  const guessedMain =
    fromConfig?.main ??
    (state.localBranches.includes('main') || state.originBranches.includes('main')
      ? 'main'
      : state.localBranches.includes('master') || state.originBranches.includes('master')
        ? 'master'
        : (state.currentBranch ?? 'main'));
  const main = o.main ?? guessedMain;
  const develop = o.trunk ? null : (o.develop ?? (fromConfig ? fromConfig.develop : 'develop'));
  const open: ('model' | 'main' | 'develop')[] = [];
  if (!o.trunk && o.develop === undefined) open.push('model');
  if (o.main === undefined) open.push('main');
  if (!o.trunk && o.develop === undefined) open.push('develop');
  return { answers: { main, develop, github: o.github !== false, force: Boolean(o.force) }, open };
}

export function checkBranchAnswer(name: string, role: string): true | string {
  if (name.trim() === '') return `the ${role} branch needs a name`;
  const r = gitRaw(['check-ref-format', '--branch', name]);
  return r.code === 0 && !name.startsWith('-') ? true : `'${name}' is not a valid git branch name`;
}

export function validateAnswers(answers: InitAnswers): void {
  const main = checkBranchAnswer(answers.main, 'main');
  if (main !== true) throw new UsageError(`${main}; pass another with --main.`);
  if (answers.develop !== null) {
    const develop = checkBranchAnswer(answers.develop, 'develop');
    if (develop !== true) throw new UsageError(`${develop}; pass another with --develop, or --trunk for none.`);
    if (answers.develop === answers.main) throw new UsageError(`main and develop cannot both be '${answers.main}'; pass --trunk for a single long-lived branch.`);
  }
}
