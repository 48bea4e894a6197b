import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: pnpm 9 on Node 20.17', { timeout: 900_000 }, () => runCell({ manager: 'pnpm@9', node: '20.17.0' }));
