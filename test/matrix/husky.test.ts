import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: beside husky (prepare: husky) with npm 11 on Node 22', { timeout: 900_000 }, () => runCell({ manager: 'npm@11', node: '22', beside: 'husky' }));
