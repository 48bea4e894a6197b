// Commit message rules, checked by the commit-msg hook and by `flow check` in CI.
// A plain object (no import from @commitlint/types), so the project needs nothing more installed.
// Rules: https://commitlint.js.org/reference/rules.html
export default {
  extends: ['@commitlint/config-conventional'],
};
