import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hookGuards } from '../../src/doctor/checks/hook-guards.js';
import { doctorBox, runFresh } from '../helpers/doctor.js';
import type { Sandbox } from '../helpers/repo.js';

const guardResults = (box: Sandbox) => runFresh(hookGuards, box);

test('doctor hook guards: all on by default; each guard a hook list leaves out is a warning naming the key and the list that restores it', async () => {
  const box = doctorBox();
  const [on] = await guardResults(box);
  assert.equal(on!.status, 'ok');

  box.write('flowgate.config.json', JSON.stringify({ hooks: { 'pre-push': ['branch-name'], 'commit-msg': ['commitlint'] } }));
  const off = await guardResults(box);
  assert.deepEqual(
    off.map((r) => [r.status, r.detail]),
    [
      ['warn', 'hooks.pre-push in flowgate.config.json does not list "protected-branch": pushes to protected branches are not refused'],
      ['warn', 'hooks.pre-push in flowgate.config.json does not list "commit-messages": the messages of pushed commits are not checked'],
    ],
  );
  assert.equal(off[0]!.fix, 'add "protected-branch" to hooks.pre-push: ["branch-name","protected-branch"]');

  box.write('flowgate.config.json', JSON.stringify({ hooks: { 'commit-msg': [], 'pre-commit': ['secrets'] } }));
  const details = (await guardResults(box)).map((r) => r.detail);
  assert.match(details[0]!, /^hooks\.pre-commit .* "protected-branch": commits on protected branches are not refused$/);
  assert.match(details[1]!, /^hooks\.commit-msg .* "commitlint": commit messages are not checked when committing$/);

  // an invalid config is the config check's failure; this one says nothing more
  box.write('flowgate.config.json', '{ "protected": 5 }');
  assert.deepEqual(await guardResults(box), []);
});
