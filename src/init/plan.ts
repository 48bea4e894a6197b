import { join, relative, sep } from 'node:path';
import { dependsOn } from '../core/package-json.js';
import type { RenderedTemplate } from '../templates/catalog.js';
import { LIFECYCLE_SCRIPT } from '../templates/package-manager.js';
import type { InitState } from './state.js';

/**
 * `flow init` as data: what it would write, set and create, decided without touching anything
 * (read state → plan → execute). The plan is what `--json` reports and what the tests check.
 */

export const CONFIG_FILE = 'flowgate.config.json';
export const SCHEMA_REF = './node_modules/flowgate/schema/flowgate.schema.json';
export const COMMIT_TEMPLATE = '.gitmessage';
/** What goes into package.json's lifecycle script (a no-op where flowgate is not installed). */
export const PREPARE = LIFECYCLE_SCRIPT;
/** The branch `flow init` starts for its own files, so their commit can go through a pull request. */
export const SETUP_BRANCH = 'chore/flowgate-setup';
export const SETUP_MESSAGE = 'chore: set up flowgate';

export interface InitAnswers {
  main: string;
  /** null: trunk-based */
  develop: string | null;
  /** write the .github/ set */
  github: boolean;
  /** overwrite existing files */
  force: boolean;
}

export interface FileStep {
  kind: 'file';
  /** absolute */
  path: string;
  /** relative to the repository root, forward slashes */
  display: string;
  content: string;
  action: 'create' | 'overwrite' | 'keep';
  /** why a file is kept */
  reason?: string;
}

export interface ConfigStep {
  kind: 'git-config';
  key: string;
  value: string;
  action: 'set' | 'keep';
  reason?: string;
}

export interface PackageJsonStep {
  kind: 'package-json';
  display: string;
  path?: string;
  action: 'update' | 'keep' | 'skip';
  /** the new file text when updating */
  content?: string;
  prepare?: string;
  /** the lifecycle script it goes in: prepare, or postinstall for Yarn 2+ (which runs no root prepare) */
  script?: 'prepare' | 'postinstall';
  reason?: string;
  /** flowgate is not a dependency: `prepare` would fail every install until it is */
  missingDependency?: boolean;
}

export interface BranchStep {
  kind: 'branch';
  name: string;
  action: 'create' | 'keep' | 'skip';
  /** the start point (main, origin/develop) */
  from?: string;
  /** track origin/<name> instead of branching from main */
  track?: boolean;
  reason?: string;
}

export interface InitPlan {
  answers: InitAnswers;
  files: FileStep[];
  commitTemplate: ConfigStep;
  packageJson: PackageJsonStep;
  branch?: BranchStep;
  /** things the user should know before or after (config kept with other branches…) */
  notes: string[];
}

export function displayPath(repoRoot: string, path: string): string {
  return relative(repoRoot, path).split(sep).join('/') || '.';
}

/** The flowgate config file for these answers, keeping the user's other keys when forced over an existing one. */
export function configContent(answers: InitAnswers, existing?: Record<string, unknown>): string {
  const { $schema: _schema, branches: oldBranches, ...rest } = existing ?? {};
  const branches = { ...(oldBranches && typeof oldBranches === 'object' ? (oldBranches as Record<string, unknown>) : {}), main: answers.main, develop: answers.develop };
  return `${JSON.stringify({ $schema: SCHEMA_REF, branches, ...rest }, null, 2)}\n`;
}

/**
 * package.json with flowgate's install in its lifecycle script (`prepare`, or `postinstall` for
 * Yarn 2+), after what is there, formatting kept. An older `flow install` there is replaced:
 * `flow` is also flow-bin's binary, and it failed production installs.
 */
export function withPrepare(text: string, data: Record<string, unknown>, key: 'prepare' | 'postinstall' = 'prepare'): { content: string; prepare: string } | undefined {
  const scripts = data.scripts && typeof data.scripts === 'object' ? (data.scripts as Record<string, unknown>) : {};
  const existing = typeof scripts[key] === 'string' ? (scripts[key] as string).trim() : '';
  const old = /(^|[\s;&|(])flow\s+install(?=$|[\s;&|)])/;
  let prepare: string;
  if (old.test(existing)) prepare = existing.replace(old, (_m, before: string) => `${before}${PREPARE}`);
  else if (/(^|[\s;&|(])flowgate\s+install\b/.test(existing)) return undefined;
  else prepare = existing ? `${existing} && ${PREPARE}` : PREPARE;
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const next = { ...data, scripts: { ...scripts, [key]: prepare } };
  let content = JSON.stringify(next, null, indent);
  if (eol !== '\n') content = content.replace(/\n/g, eol);
  if (/\r?\n$/.test(text) || text === '') content += eol;
  return { content, prepare };
}

function isDependency(data: Record<string, unknown>): boolean {
  return data.name === 'flowgate' || dependsOn(data, 'flowgate');
}

function fileStep(state: InitState, path: string, content: string, force: boolean, aliasFound?: string): FileStep {
  const display = displayPath(state.repoRoot, path);
  if (state.existing.has(path)) {
    return force
      ? { kind: 'file', path, display, content, action: 'overwrite' }
      : { kind: 'file', path, display, content, action: 'keep', reason: 'exists; --force overwrites it' };
  }
  if (aliasFound) return { kind: 'file', path, display, content, action: 'keep', reason: `${displayPath(state.repoRoot, aliasFound)} already does this` };
  return { kind: 'file', path, display, content, action: 'create' };
}

export function planInit(state: InitState, answers: InitAnswers, rendered: RenderedTemplate[]): InitPlan {
  const notes: string[] = [];
  const files: FileStep[] = [];

  // The flowgate config.
  const configPath = join(state.packageDir, CONFIG_FILE);
  const src = state.configSource;
  const configDisplay = displayPath(state.repoRoot, configPath);
  if (src && src.kind !== 'json') {
    const where = displayPath(state.repoRoot, src.file.replace(/#flowgate$/, '')) + (src.kind === 'package.json' ? '#flowgate' : '');
    files.push({ kind: 'file', path: configPath, display: configDisplay, content: '', action: 'keep', reason: `the config lives in ${where}` });
  } else if (src) {
    files.push(
      answers.force
        ? { kind: 'file', path: configPath, display: configDisplay, content: configContent(answers, state.configJson), action: 'overwrite' }
        : { kind: 'file', path: configPath, display: configDisplay, content: '', action: 'keep', reason: 'exists; --force updates its branches' },
    );
  } else {
    files.push({ kind: 'file', path: configPath, display: configDisplay, content: configContent(answers), action: 'create' });
  }
  const configKept = files[0]!.action === 'keep';
  if (configKept && state.config) {
    const b = state.config.branches;
    if (b.main !== answers.main || b.develop !== answers.develop) {
      notes.push(
        `the existing config says main=${b.main}, develop=${b.develop ?? 'none (trunk-based)'}, which differs from this run's answers; edit it, or run again with --force.`,
      );
    }
  }

  // The templates.
  for (const { spec, content } of rendered) {
    const base = spec.base === 'repo' ? state.repoRoot : state.packageDir;
    const path = join(base, spec.target);
    if (spec.id === 'commitlint' && state.commitlintConfig && state.commitlintConfig !== path) {
      files.push({
        kind: 'file',
        path,
        display: displayPath(state.repoRoot, path),
        content,
        action: 'keep',
        reason: `commitlint is already configured in ${displayPath(state.repoRoot, state.commitlintConfig)}`,
      });
      continue;
    }
    const alias = (spec.aliases ?? []).map((a) => join(base, a)).find((a) => state.existing.has(a));
    const step = fileStep(state, path, content, answers.force, alias);
    files.push(step);
    if (spec.id === 'commitlint' && step.action !== 'keep' && !state.conventionalInstalled) {
      notes.push(
        `${step.display} extends @commitlint/config-conventional, which is not installed where this project can load it; run \`npm install -D @commitlint/config-conventional\` (pnpm and Yarn PnP do not expose flowgate's own copy).`,
      );
    }
  }

  // git config commit.template
  const current = state.commitTemplate;
  const commitTemplate: ConfigStep =
    current === COMMIT_TEMPLATE
      ? { kind: 'git-config', key: 'commit.template', value: COMMIT_TEMPLATE, action: 'keep', reason: 'already set' }
      : current !== undefined && !answers.force
        ? { kind: 'git-config', key: 'commit.template', value: COMMIT_TEMPLATE, action: 'keep', reason: `already set to ${current}; --force replaces it` }
        : { kind: 'git-config', key: 'commit.template', value: COMMIT_TEMPLATE, action: 'set' };

  // package.json "prepare"
  let packageJson: PackageJsonStep;
  const pj = state.packageJson;
  if (!pj) {
    packageJson = {
      kind: 'package-json',
      display: displayPath(state.repoRoot, join(state.packageDir, 'package.json')),
      action: 'skip',
      reason: `there is no package.json in ${displayPath(state.repoRoot, state.packageDir) === '.' ? 'the repository root' : displayPath(state.repoRoot, state.packageDir)}, so no "prepare" script was added; run \`npm init -y\`, then \`npx flow init\` again`,
    };
  } else if (!pj.data) {
    packageJson = { kind: 'package-json', display: displayPath(state.repoRoot, pj.file), path: pj.file, action: 'skip', reason: 'package.json does not parse as a JSON object; fix it, then run `npx flow init` again' };
  } else {
    const script = state.packageManager.lifecycle;
    const updated = withPrepare(pj.text, pj.data, script);
    packageJson = updated
      ? { kind: 'package-json', display: displayPath(state.repoRoot, pj.file), path: pj.file, action: 'update', content: updated.content, prepare: updated.prepare, script }
      : { kind: 'package-json', display: displayPath(state.repoRoot, pj.file), path: pj.file, action: 'keep', script, reason: `"${script}" already runs flowgate install` };
    if (!isDependency(pj.data)) packageJson.missingDependency = true;
  }

  // develop from main
  let branch: BranchStep | undefined;
  const develop = answers.develop;
  if (develop) {
    if (state.localBranches.includes(develop)) branch = { kind: 'branch', name: develop, action: 'keep', reason: 'exists' };
    else if (state.originBranches.includes(develop)) branch = { kind: 'branch', name: develop, action: 'create', from: `origin/${develop}`, track: true };
    else if (state.localBranches.includes(answers.main)) branch = { kind: 'branch', name: develop, action: 'create', from: answers.main };
    else if (state.originBranches.includes(answers.main)) branch = { kind: 'branch', name: develop, action: 'create', from: `origin/${answers.main}` };
    else {
      branch = {
        kind: 'branch',
        name: develop,
        action: 'skip',
        reason: `${answers.main} has no commit yet; after the first commit on ${answers.main}, run \`git branch ${develop} ${answers.main}\` (or \`npx flow init\` again)`,
      };
    }
  }
  if (!state.localBranches.includes(answers.main) && !state.originBranches.includes(answers.main) && state.localBranches.length > 0) {
    notes.push(`there is no branch named ${answers.main} yet; create it, or run \`npx flow init --main <name>\` with the production branch's name.`);
  }

  return { answers, files, commitTemplate, packageJson, branch, notes };
}
