// Files the sh dispatcher (hooks/h) shares with the Node hooks: with them it answers pre-commit
// and prepare-commit-msg without starting Node. test/unit/dispatcher.test.ts checks that h
// spells these names, the hook list and the config files the same way.

/** Written by h when prepare-commit-msg's source is a `-m`/`-F` message; commit-msg then adds the footer. Under the git dir. */
export const MESSAGE_SOURCE_FILE = 'flowgate/message-source';

/** The rules' keywords, one extended regex a line, for h's `grep -f` pre-filter of the staged diff. Under the git dir. */
export const SECRET_PATTERNS_FILE = 'flowgate/secret-patterns';

/** The branch on which pre-commit last found nothing to do; h trusts it while it is newer than every config file. Under the git dir. */
export const PRE_COMMIT_VERDICT_FILE = 'flowgate/pre-commit-ok';
