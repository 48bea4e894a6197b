/**
 * The jobs of the workflows `flow init` writes. Their `name`s are the status checks GitHub
 * reports, so `flow protect` requires exactly these: renaming a job here renames the check.
 */
export interface WorkflowJob {
  /** the workflow file, relative to the repository root */
  workflow: string;
  /** the key under `jobs:` */
  id: string;
  /** the job's `name:`, which is the status check's name */
  name: string;
}

export const FLOW_CHECK_JOB: WorkflowJob = { workflow: '.github/workflows/flowgate.yml', id: 'flow-check', name: 'flow check' };
export const CI_JOB: WorkflowJob = { workflow: '.github/workflows/ci.yml', id: 'build', name: 'build and test' };
/** The scheduled `flowgate protect --check` (policy drift); not a required check. */
export const POLICY_CHECK_JOB: WorkflowJob = { workflow: '.github/workflows/flowgate.yml', id: 'policy-check', name: 'policy drift' };
export const CODEQL_JOB: WorkflowJob = { workflow: '.github/workflows/codeql.yml', id: 'analyze', name: 'codeql (javascript-typescript)' };

/** Status checks branch protection requires: the server-side twin of the hooks, and the build. */
export const REQUIRED_CHECKS: string[] = [FLOW_CHECK_JOB.name, CI_JOB.name];
