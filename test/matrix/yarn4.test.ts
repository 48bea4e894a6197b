import { test } from 'node:test';
import { runCell } from './harness.js';

test('matrix: yarn 4 with node-modules on Node 22 (postinstall)', { timeout: 900_000 }, () => runCell({ manager: 'yarn@4', node: '22', linker: 'node-modules' }));
