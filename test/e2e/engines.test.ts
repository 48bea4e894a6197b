/**
 * Node 20.17 is the floor: every package a user gets by installing flowgate (the packed tarball's
 * whole installed tree) must accept it in engines.node, or npm warns on every install and yarn 1
 * refuses to install flowgate at all.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import semver from 'semver';
import { TEMPLATE, requirePacked } from '../helpers/installed.js';

const FLOOR = '20.17.0';

/** Every package.json under a node_modules folder, nested ones included. */
function manifests(nodeModules: string, out: string[] = []): string[] {
  if (!existsSync(nodeModules)) return out;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((n) => join(nodeModules, entry, n)) : [join(nodeModules, entry)];
    for (const dir of dirs) {
      if (existsSync(join(dir, 'package.json'))) out.push(join(dir, 'package.json'));
      manifests(join(dir, 'node_modules'), out);
    }
  }
  return out;
}

it(`every package in flowgate's installed tree accepts Node ${FLOOR}`, () => {
  requirePacked();
  const files = manifests(join(TEMPLATE, 'node_modules'));
  assert.ok(files.some((f) => f.endsWith(join('node_modules', 'flowgate', 'package.json'))), 'flowgate itself is in the tree');
  assert.ok(files.length > 20, `only ${files.length} packages found`);
  const mismatches: string[] = [];
  for (const file of files) {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
    const range = pkg.engines?.node;
    if (range && !semver.satisfies(FLOOR, range, { includePrerelease: true })) mismatches.push(`${pkg.name}@${pkg.version} wants node ${range}`);
  }
  assert.deepEqual(mismatches, []);
});
