import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: yarn 1 on Node 20.17 (engines)', { timeout: 900_000 }, () => runCell({ manager: 'yarn@1', node: '20.17.0' }));
