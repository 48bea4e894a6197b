/** What both forge clients offer beyond the public Forge interface, and their typed refusals. */
import { FlowError } from '../errors.js';

/** An open pull request for the same head and base exists already (GitHub 422, GitLab 409). */
export class AlreadyExistsError extends FlowError {
  constructor(
    readonly head: string,
    readonly base: string,
  ) {
    super(`A pull request from ${head} into ${base} already exists but could not be read back; open it on the forge.`);
    this.name = 'AlreadyExistsError';
  }
}

/** The head has nothing the base lacks (GitHub 422 "No commits between"). */
export class NoCommitsError extends FlowError {
  constructor(
    readonly head: string,
    readonly base: string,
  ) {
    super(`Branch ${head} has no commits ahead of ${base}, so there is nothing to open a pull request for; commit your work (and push it), then run the command again.`);
    this.name = 'NoCommitsError';
  }
}
