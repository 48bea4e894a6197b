import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CI_JOB, CODEQL_JOB, FLOW_CHECK_JOB, POLICY_CHECK_JOB } from './jobs.js';
import { repoRelative, type PackageManager } from './package-manager.js';
import { render, yamlList, yamlString, type TemplateVars } from './render.js';

/** The package's templates/ folder (two levels up from dist/templates/ or src/templates/). */
export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export type TemplateId =
  | 'pr-template'
  | 'workflow-flowgate'
  | 'workflow-ci'
  | 'workflow-codeql'
  | 'workflow-deploy'
  | 'workflow-release-pr'
  | 'gitlab-ci'
  | 'dependabot'
  | 'gitmessage'
  | 'commitlint'
  | 'workflow-doc';

export interface TemplateSpec {
  id: TemplateId;
  /** file under templates/ */
  source: string;
  /** where it goes, relative to `base` */
  target: string;
  /** the repository root (.github, .gitmessage, docs) or the package folder (commitlint config) */
  base: 'repo' | 'package';
  /** part of the GitHub set (`--no-github` leaves it out) */
  github: boolean;
  /** other names that already do this job: when one exists, the file is left alone */
  aliases?: string[];
  kind: 'yaml' | 'workflow' | 'text';
  /** written only when the model has a develop branch, or only for a GitLab origin */
  only?: 'develop' | 'gitlab';
}

export const TEMPLATES: TemplateSpec[] = [
  {
    id: 'pr-template',
    source: 'github/pull_request_template.md',
    target: '.github/pull_request_template.md',
    base: 'repo',
    github: true,
    aliases: ['.github/PULL_REQUEST_TEMPLATE.md', '.github/PULL_REQUEST_TEMPLATE', 'PULL_REQUEST_TEMPLATE.md', 'pull_request_template.md', 'docs/pull_request_template.md', 'docs/PULL_REQUEST_TEMPLATE.md'],
    kind: 'text',
  },
  { id: 'workflow-flowgate', source: 'github/workflows/flowgate.yml', target: FLOW_CHECK_JOB.workflow, base: 'repo', github: true, aliases: ['.github/workflows/flowgate.yaml'], kind: 'workflow' },
  { id: 'workflow-ci', source: 'github/workflows/ci.yml', target: CI_JOB.workflow, base: 'repo', github: true, aliases: ['.github/workflows/ci.yaml'], kind: 'workflow' },
  { id: 'workflow-codeql', source: 'github/workflows/codeql.yml', target: CODEQL_JOB.workflow, base: 'repo', github: true, aliases: ['.github/workflows/codeql.yaml', '.github/workflows/codeql-analysis.yml'], kind: 'workflow' },
  { id: 'workflow-deploy', source: 'github/workflows/deploy.yml', target: '.github/workflows/deploy.yml', base: 'repo', github: true, aliases: ['.github/workflows/deploy.yaml'], kind: 'workflow' },
  {
    id: 'workflow-release-pr',
    source: 'github/workflows/release-pr.yml',
    target: '.github/workflows/release-pr.yml',
    base: 'repo',
    github: true,
    aliases: ['.github/workflows/release-pr.yaml'],
    kind: 'workflow',
    only: 'develop',
  },
  { id: 'gitlab-ci', source: 'gitlab/gitlab-ci.yml', target: '.gitlab-ci.yml', base: 'repo', github: false, aliases: ['.gitlab-ci.yaml'], kind: 'yaml', only: 'gitlab' },
  { id: 'dependabot', source: 'github/dependabot.yml', target: '.github/dependabot.yml', base: 'repo', github: true, aliases: ['.github/dependabot.yaml'], kind: 'yaml' },
  { id: 'gitmessage', source: 'gitmessage', target: '.gitmessage', base: 'repo', github: false, kind: 'text' },
  { id: 'commitlint', source: 'commitlint.config.ts', target: 'commitlint.config.ts', base: 'package', github: false, kind: 'text' },
  { id: 'workflow-doc', source: 'docs/WORKFLOW.md', target: 'docs/WORKFLOW.md', base: 'repo', github: false, kind: 'text' },
];

/** What the templates are rendered from. */
export interface TemplateInput {
  main: string;
  develop: string | null;
  repoRoot: string;
  packageDir: string;
  packageManager: PackageManager;
  branchTypes: string[];
  issueFooter: string;
  tagPrefix: string;
  nodeVersion?: string;
  /** config `deploy.script`: the deploy command, given the environment name; undefined writes a placeholder that fails with advice */
  deployScript?: string;
  /** the forge behind origin: GitLab also gets `.gitlab-ci.yml` */
  forge?: 'github' | 'gitlab';
}

const DEFAULT_CACHE_FILE: Record<PackageManager['name'], string> = { npm: 'package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock', bun: 'bun.lock' };

export function templateVars(input: TemplateInput): TemplateVars {
  const pm = input.packageManager;
  const develop = input.develop ?? '';
  const branches = develop ? [input.main, develop] : [input.main];
  const workdir = repoRelative(input.repoRoot, pm.dir);
  const lockfile = pm.lockfile ? repoRelative(input.repoRoot, pm.lockfile) : workdir ? `${workdir}/${DEFAULT_CACHE_FILE[pm.name]}` : '';
  return {
    main: input.main,
    develop,
    prBase: develop || input.main,
    mainYaml: yamlString(input.main),
    developYaml: yamlString(develop),
    branchesYaml: yamlList(branches),
    // GitHub expression string literals: single quotes, doubled inside
    mainExpr: `'${input.main.replace(/'/g, "''")}'`,
    developExpr: `'${develop.replace(/'/g, "''")}'`,
    deployBranchesYaml: yamlList(develop ? [develop, input.main] : [input.main]),
    deployScript: input.deployScript?.trim().replace(/\s*\n\s*/g, ' ') ?? '',
    nodeVersion: input.nodeVersion ?? '20',
    installCmd: pm.install,
    buildCmd: pm.build,
    testCmd: pm.test,
    cache: pm.cache,
    pnpm: pm.name === 'pnpm',
    bun: pm.name === 'bun',
    execCmd: pm.exec,
    pnpmVersion: pm.pnpmVersion,
    corepack: pm.corepack,
    workdir,
    workdirYaml: yamlString(workdir),
    // only needed when the lockfile is not at the repository root
    cacheDependencyPath: lockfile.includes('/') ? lockfile : '',
    cacheDependencyPathYaml: yamlString(lockfile),
    npmDirYaml: yamlString(`/${workdir}`),
    flowCheckId: FLOW_CHECK_JOB.id,
    flowCheckName: FLOW_CHECK_JOB.name,
    ciId: CI_JOB.id,
    ciName: CI_JOB.name,
    codeqlId: CODEQL_JOB.id,
    codeqlName: CODEQL_JOB.name,
    codeqlCron: '27 5 * * 1',
    policyCheckId: POLICY_CHECK_JOB.id,
    policyCheckName: POLICY_CHECK_JOB.name,
    policyCron: '41 6 * * *',
    branchTypes: input.branchTypes.map((t) => `\`${t}\``).join(', '),
    issueFooter: input.issueFooter,
    tagPrefix: input.tagPrefix,
  };
}

export interface RenderedTemplate {
  spec: TemplateSpec;
  content: string;
}

export function renderTemplate(spec: TemplateSpec, vars: TemplateVars, dir = TEMPLATES_DIR): string {
  return render(readFileSync(join(dir, spec.source), 'utf8'), vars, spec.source);
}

/** Every template (or only the non-GitHub ones), rendered. */
export function renderTemplates(input: TemplateInput, opts: { github?: boolean } = {}): RenderedTemplate[] {
  const vars = templateVars(input);
  return TEMPLATES.filter((t) => opts.github !== false || !t.github)
    .filter((t) => (t.only === 'develop' ? Boolean(input.develop) : t.only === 'gitlab' ? input.forge === 'gitlab' : true))
    .map((spec) => ({ spec, content: renderTemplate(spec, vars) }));
}
