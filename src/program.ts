import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { EXIT_FAILURE, FlowError, errorMessage } from './errors.js';
import { redact } from './core/redact.js';
import { error as printError } from './ui/output.js';
import { DEFAULT_BRANCH_TYPES } from './config/defaults.js';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** Each verb lives in src/commands/<verb>.ts and exports `run(options) → exit code`. Imported lazily. */
type Runner = (options: Record<string, unknown>) => Promise<number>;

function lazy(load: () => Promise<{ run: Runner }>, build?: (args: unknown[]) => Record<string, unknown>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = { ...command.optsWithGlobals(), ...(build ? build(args.slice(0, -2)) : {}) };
    const { run } = await load();
    exitCode = await run(options);
  };
}

let exitCode = 0;

const json = () => new Option('--json', 'print a JSON document on stdout');
const yes = () => new Option('-y, --yes', 'take the default for every question; never prompt');

const dryRun = () => new Option('--dry-run', 'print the steps it would take (as JSON with --json, where the command has it) and change nothing');

const TYPE_SUMMARY: Record<string, string> = {
  feature: 'feature branches: from develop, PR into develop',
  bugfix: 'bugfix branches: like feature',
  hotfix: 'hotfix branches: from main, PRs into main and develop',
  release: 'release branches: from develop, PRs into main and develop',
  chore: 'chore branches (tooling, set-up): like feature',
  docs: 'documentation branches: like feature',
  support: 'support branches: like feature',
};

function flowType(program: Command, type: string): void {
  const cmd = program.command(type).description(TYPE_SUMMARY[type] ?? `${type} branches`);
  const start = cmd.command('start').addOption(json()).addOption(yes()).addOption(dryRun()).option('--no-fetch', 'do not fetch the base from origin first');
  if (type === 'release') {
    start
      .argument('[version]', 'a version (1.4.0) or major, minor, patch; computed from the commits when omitted')
      .description('start release/<version> from develop: bump package.json, prepend CHANGELOG.md, commit')
      .action(lazy(() => import('./commands/release-start.js'), ([version]) => ({ version })));
  } else {
    start
      .argument(type === 'hotfix' ? '<issue-or-version>' : '<issue>', 'an issue id (123, ABC-123) or a slug')
      .argument('[description...]', 'words for the branch name')
      .option('-d, --description <text>', 'description for the branch name')
      .option('--switch', 'when a branch for this issue (or version) exists, switch to it instead of refusing')
      .description(`create ${type}/<issue>-<slug> from ${type === 'hotfix' ? 'main' : 'develop (main when there is none)'}`)
      .showHelpAfterError()
      .action(
        lazy(() => import('./commands/start.js'), ([subject, words]) => ({
          type,
          subject,
          words: words as string[],
        })),
      );
  }
  prOptions(cmd.command('finish').description(`push the ${type} branch and open its pull request(s)`)).action(
    lazy(() => import('./commands/pr.js'), () => ({ finishType: type })),
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function prOptions(cmd: Command): Command {
  return cmd
    .addOption(json())
    .addOption(yes())
    .addOption(dryRun())
    .option('-d, --draft', 'open the pull request as a draft')
    .option('-B, --base <branch>', 'target branch (instead of the branch model’s)')
    .option('-t, --title <text>', 'pull request title')
    .option('-b, --body <text>', 'pull request body')
    .option('-f, --fill', 'no questions: title and body from the commits, the template kept')
    .option('-w, --web', 'open the compare page in the browser to finish there (the URL is printed when no browser opens)')
    .option('-r, --reviewer <handle>', 'request a review (repeat, or a,b; GitHub teams as org/team)', collect)
    .option('-a, --assignee <login>', 'assign someone (repeat, or a,b)', collect)
    .option('-l, --label <name>', 'add a label (repeat, or a,b)', collect)
    .option('-m, --milestone <name>', 'add the pull request to a milestone (its title)')
    .option('--no-push', 'do not push first');
}

export function buildProgram(): Command {
  const program = new Command('flow')
    .description('Git workflow guard rails: protected branches, branch names, conventional commits, pull requests.')
    .version(pkg.version, '-V, --version', 'print flowgate’s version')
    .showSuggestionAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();

  program
    .command('install')
    .description('install the git hooks: stubs in .git/hooks, the dispatcher in .git/hooks/flowgate, your scripts in .husky/')
    .option('--force', 'take over a core.hooksPath set by another hook manager')
    .option('--postinstall', 'run as npm postinstall: never fail the install')
    .addOption(dryRun())
    .action(lazy(() => import('./commands/install.js')));
  program
    .command('uninstall')
    .description('remove flowgate’s hooks and lines; restore the previous core.hooksPath')
    .addOption(dryRun())
    .action(lazy(() => import('./commands/uninstall.js')));
  program
    .command('check')
    .description('check commits, branch name and PR title against the rules (for CI)')
    .option('--range <A..B>', 'commits to lint')
    .option('--branch <name>', 'branch name to check')
    .option('--title <text>', 'pull request title to lint')
    .addOption(json())
    .action(lazy(() => import('./commands/check.js')));
  program
    .command('audit')
    .description('review the repository’s secrets: history and work tree scanned; Actions secrets and security alerts with a token')
    .addOption(json())
    .action(lazy(() => import('./commands/audit.js')));
  program
    .command('init')
    .description('guided set-up: config, commitlint config, hooks, templates, CI workflows')
    .addOption(yes())
    .option('--force', 'overwrite files that already exist')
    .option('--trunk', 'trunk-based: no develop branch')
    .option('--main <name>', 'production branch name')
    .option('--develop <name>', 'integration branch name')
    .option('--no-github', 'do not write .github/ templates and workflows')
    .addOption(dryRun())
    .addOption(json())
    .action(lazy(() => import('./commands/init.js')));

  // Every default branch type has its start/finish pair (SPEC: feature|bugfix|hotfix|chore|docs|support, and release).
  for (const type of DEFAULT_BRANCH_TYPES) flowType(program, type);

  prOptions(program.command('pr').description('push the current branch and open its pull request(s)')).action(
    lazy(() => import('./commands/pr.js')),
  );
  program
    .command('changelog')
    .description('Markdown changelog of the conventional commits in a range')
    .option('--from <ref>', 'start (default: the last release tag)')
    .option('--to <ref>', 'end (default: HEAD)')
    .option('--write', 'prepend it to CHANGELOG.md')
    .addOption(dryRun())
    .addOption(json())
    .action(lazy(() => import('./commands/changelog.js')));
  program
    .command('version')
    .description('print the next version computed from the commits since the last release tag')
    .addOption(json())
    .action(lazy(() => import('./commands/version.js')));
  program
    .command('protect')
    .description('apply the server-side policy from the config (branch rules, merge methods, environments, security), or check it for drift')
    .option('--branch <name...>', 'only these branches\' rules (default: the whole policy, every protected branch that is not a glob)')
    .option('--dry-run', 'print every request (method, URL, JSON body) without sending it; needs no token')
    .option('--check', 'compare the forge with the policy: exit 1 listing each difference, 0 when none')
    .addOption(json())
    .action(lazy(() => import('./commands/protect.js')));
  program
    .command('status')
    .description('where you are in the flow: branch, type, issue, base, ahead/behind, PR')
    .addOption(json())
    .action(lazy(() => import('./commands/status.js')));
  program
    .command('sync')
    .description('fetch, bring the branch up to date with its base (merge or rebase), push it, delete merged branches')
    .addOption(dryRun())
    .option('--no-push', 'do not push the branch')
    .option('--no-prune', 'keep local branches whose pull requests were merged')
    .addOption(json())
    .action(lazy(() => import('./commands/sync.js')));
  program
    .command('rollback')
    .argument('<ref>', 'the merge or commit on main to undo, or a release tag (back to the release before it)')
    .description('undo a merge, commit or release on main through hotfix/rollback-<short> and its pull requests')
    .addOption(dryRun())
    .option('--no-push', 'stop after creating the local branch')
    .option('--draft', 'open the pull requests as drafts')
    .addOption(json())
    .action(lazy(() => import('./commands/rollback.js'), ([ref]) => ({ ref })));
  program
    .command('doctor')
    .description('diagnose the set-up and tell the fix for each problem')
    .addOption(json())
    .action(lazy(() => import('./commands/doctor.js')));
  program
    .command('commit')
    .description('write a conventional commit message interactively, then git commit')
    .option('--retry', 'edit and commit the last refused message again')
    .addOption(yes())
    .addOption(dryRun())
    .allowUnknownOption(false)
    .action(lazy(() => import('./commands/commit.js')));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  exitCode = 0;
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; every usage mistake is exit 2
      return error.exitCode === 0 ? 0 : EXIT_FAILURE;
    }
    if (error instanceof FlowError) {
      printError(error.message);
      return error.exitCode;
    }
    printError(`unexpected error: ${errorMessage(error)}`);
    if (process.env.FLOWGATE_DEBUG) process.stderr.write(redact(String((error as Error).stack)) + '\n');
    return EXIT_FAILURE;
  }
}
