import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { andList } from '../../src/core/english.js';

describe('andList', () => {
  const cases: [string[], string][] = [
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
    [['pre-commit', 'pre-push', 'commit-msg', 'prepare-commit-msg'], 'pre-commit, pre-push, commit-msg and prepare-commit-msg'],
  ];
  for (const [items, expected] of cases) {
    it(JSON.stringify(items), () => assert.equal(andList(items), expected));
  }
});
