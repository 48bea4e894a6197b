import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dependsOn, parsePackageJson } from '../../src/core/package-json.js';
import { readPackageFile, readPackageJson } from '../../src/fs/package-json.js';
import { tempDir } from '../helpers/repo.js';

describe('parsePackageJson', () => {
  it('gives a JSON object as data', () => assert.deepEqual(parsePackageJson('{"name":"x"}'), { data: { name: 'x' } }));
  for (const text of ['null', '[]', '"x"', '3']) {
    it(`gives no data for ${text}, and no error`, () => assert.deepEqual(parsePackageJson(text), {}));
  }
  it('gives the parse error for text that is not JSON', () => {
    const { data, error } = parsePackageJson('{ broken');
    assert.equal(data, undefined);
    assert.ok(error instanceof SyntaxError);
  });
});

describe('dependsOn', () => {
  const pkg = { dependencies: { a: '1' }, devDependencies: { b: '1' }, peerDependencies: { c: '1' }, optionalDependencies: 'd' };
  it('looks in dependencies, devDependencies and optionalDependencies', () => {
    assert.equal(dependsOn(pkg, 'a'), true);
    assert.equal(dependsOn(pkg, 'b'), true);
    assert.equal(dependsOn(pkg, 'c'), false);
    assert.equal(dependsOn(pkg, 'd'), false, 'a field that is not an object lists nothing');
    assert.equal(dependsOn(undefined, 'a'), false);
  });
  it('looks only in the fields given', () => {
    assert.equal(dependsOn(pkg, 'c', ['peerDependencies']), true);
    assert.equal(dependsOn(pkg, 'b', ['dependencies', 'peerDependencies']), false);
  });
});

describe('readPackageFile', () => {
  it('is undefined where there is no package.json', () => {
    const dir = tempDir();
    assert.equal(readPackageFile(dir), undefined);
    assert.equal(readPackageJson(dir), undefined);
  });
  it('reads the text and the object', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": "x" }\n');
    assert.deepEqual(readPackageFile(dir), { file: join(dir, 'package.json'), text: '{ "name": "x" }\n', data: { name: 'x' } });
    assert.deepEqual(readPackageJson(dir), { name: 'x' });
  });
  it('keeps the text and the error of a package.json that does not parse', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": ');
    const pkg = readPackageFile(dir)!;
    assert.equal(pkg.text, '{ "name": ');
    assert.equal(pkg.data, undefined);
    assert.ok(pkg.error instanceof SyntaxError);
    assert.equal(readPackageJson(dir), undefined);
  });
  it('gives the error, and no text, for a package.json it cannot read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'package.json'));
    const pkg = readPackageFile(dir)!;
    assert.equal(pkg.text, undefined);
    assert.equal((pkg.error as NodeJS.ErrnoException).code, 'EISDIR');
  });
});
