import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: beside flow-bin with npm 10 on Node 20.17', { timeout: 900_000 }, () => runCell({ manager: 'npm@10', node: '20.17.0', beside: 'flow-bin' }));
