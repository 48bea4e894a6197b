// flowgate dogfoods its own rules: conventional commits, checked by its own commit-msg hook.
export default {
  extends: ['@commitlint/config-conventional'],
};
