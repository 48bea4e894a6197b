import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: pnpm 10 (dependency scripts blocked) on Node 22', { timeout: 900_000 }, () => runCell({ manager: 'pnpm@10', node: '22' }));
