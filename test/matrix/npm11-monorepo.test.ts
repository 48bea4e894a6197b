import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: npm 11 on Node 24, package in a sub-folder', { timeout: 900_000 }, () => runCell({ manager: 'npm@11', node: '24', sub: 'packages/web' }));
