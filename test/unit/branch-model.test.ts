import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/defaults.js';
import { branchType, existingBranchFor, integrationBranch, isProtected, placeOf, protectedBranches, prTargets, startBase } from '../../src/core/branch-model.js';

const config = defaultConfig();
const trunk = { ...config, branches: { main: 'main', develop: null } };
const sameAsMain = { ...config, branches: { main: 'main', develop: 'main' } };

test('startBase: hotfix from main, every other type from develop, main when trunk-based', () => {
  for (const type of ['feature', 'bugfix', 'chore', 'docs', 'support', 'release']) assert.equal(startBase(type, config), 'develop', type);
  assert.equal(startBase('hotfix', config), 'main');
  for (const type of ['feature', 'hotfix', 'release']) assert.equal(startBase(type, trunk), 'main', type);
  assert.equal(startBase('feature', sameAsMain), 'main');
});

test('prTargets: hotfix and release into main and develop; the rest into develop', () => {
  assert.deepEqual(prTargets('feature', config), ['develop']);
  assert.deepEqual(prTargets('docs', config), ['develop']);
  assert.deepEqual(prTargets('hotfix', config), ['main', 'develop']);
  assert.deepEqual(prTargets('release', config), ['main', 'develop']);
  assert.deepEqual(prTargets(undefined, config), ['develop']);
  assert.deepEqual(prTargets('hotfix', trunk), ['main']);
  assert.deepEqual(prTargets('feature', trunk), ['main']);
  // develop equal to main is trunk-based: never two PRs into the same branch
  assert.deepEqual(prTargets('release', sameAsMain), ['main']);
  assert.deepEqual(prTargets('feature', config, 'support/1.x'), ['support/1.x']);
});

test('placeOf: base and PR targets per branch kind', () => {
  assert.deepEqual(placeOf('feature/1-x', config), { base: 'develop', targets: ['develop'] });
  assert.deepEqual(placeOf('bugfix/1', config), { base: 'develop', targets: ['develop'] });
  assert.deepEqual(placeOf('hotfix/1.2.3', config), { base: 'main', targets: ['main', 'develop'] });
  assert.deepEqual(placeOf('release/1.2.0', config), { base: 'main', targets: ['main', 'develop'] });
  assert.deepEqual(placeOf('main', config), { base: null, targets: [] });
  assert.deepEqual(placeOf('master', config), { base: null, targets: [] });
  assert.deepEqual(placeOf('develop', config), { base: 'main', targets: [] });
  assert.deepEqual(placeOf('feature/1', trunk), { base: 'main', targets: ['main'] });
  assert.deepEqual(placeOf('hotfix/1', trunk), { base: 'main', targets: ['main'] });
});

test('branchType reads the prefix also from names that break the rules', () => {
  assert.equal(branchType('feature/123-x', config), 'feature');
  assert.equal(branchType('hotfix/Not_Valid', config), 'hotfix');
  assert.equal(branchType('main', config), undefined);
});

test('protected branches and the integration branch', () => {
  assert.equal(isProtected('main', config), true);
  assert.equal(isProtected('feature/1', config), false);
  assert.equal(isProtected('release/1.0.0', { ...config, protected: ['main', 'release/*'] }), true);
  assert.deepEqual(protectedBranches({ ...config, protected: ['main', 'develop', 'release/*'] }), ['main', 'develop']);
  assert.equal(integrationBranch(config), 'develop');
  assert.equal(integrationBranch(trunk), undefined);
  assert.equal(integrationBranch(sameAsMain), undefined);
});

test('existingBranchFor: one branch per issue across types, one per version of a type', () => {
  const config = defaultConfig();
  const names = ['main', 'develop', 'feature/42-add-search-box', 'release/1.4.0', 'feature/login-page', 'wip/7'];
  assert.equal(existingBranchFor({ type: 'feature', issue: '42' }, names, config), 'feature/42-add-search-box');
  assert.equal(existingBranchFor({ type: 'bugfix', issue: '42' }, names, config), 'feature/42-add-search-box');
  assert.equal(existingBranchFor({ type: 'feature', issue: '4' }, names, config), undefined);
  assert.equal(existingBranchFor({ type: 'feature', issue: '7' }, names, config), undefined, 'not a flow branch');
  assert.equal(existingBranchFor({ type: 'release', version: '1.4.0' }, names, config), 'release/1.4.0');
  assert.equal(existingBranchFor({ type: 'hotfix', version: '1.4.0' }, names, config), undefined);
});
