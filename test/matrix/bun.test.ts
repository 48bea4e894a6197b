import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: bun (dependency scripts blocked) on Node 20.17', { timeout: 900_000 }, () => runCell({ manager: 'bun', node: '20.17.0' }));
