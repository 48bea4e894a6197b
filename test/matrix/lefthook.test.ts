import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: beside lefthook with npm 10 on Node 24', { timeout: 900_000 }, () => runCell({ manager: 'npm@10', node: '24', beside: 'lefthook' }));
