import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: yarn 4 with PnP on Node 24: one instruction, doctor exits 1', { timeout: 900_000 }, () => runCell({ manager: 'yarn@4', node: '24', linker: 'pnp', refuses: /nodeLinker: node-modules/ }));
