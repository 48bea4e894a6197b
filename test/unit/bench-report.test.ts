// bench/lib/report.js and the runner's rotation: samples → figures, ratios and the printed tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, ratios, stats, summarize } from '../../bench/lib/report.js';
import { rotate } from '../../bench/lib/runner.js';

const commit = (key: string, label: string) => ({ id: `commit.${key}`, group: 'commit', label, cmd: 'git', args: ['commit'] });

describe('bench report', () => {
  it('takes the median and p90 of the samples', () => {
    assert.deepEqual(stats([5, 1, 4, 2, 3]), { n: 5, median: 3, p90: 5, min: 1, max: 5, mean: 3 });
    assert.equal(stats([1, 2, 3, 4])?.median, 2.5);
    assert.equal(stats([]), undefined);
  });

  it('subtracts the no-hooks commit and divides by node -e, against the 1.25 target', () => {
    const cases = [commit('bare', 'no hooks'), commit('flowgate', 'flowgate'), commit('husky', 'husky'), { id: 'commit.nodeE', group: 'commit', label: "node -e ''", cmd: '/usr/bin/node', args: ['-e', ''] }];
    const samples = { 'commit.bare': [20, 20, 20], 'commit.flowgate': [150, 140, 160], 'commit.husky': [1020, 1020, 1020], 'commit.nodeE': [100, 100, 100] };
    const results = summarize(cases, samples, {}, { base: '/tmp/x', pushSizes: [] });
    assert.equal(results['commit.flowgate']!.overhead, 130);
    const rs = ratios(results);
    const vsNode = rs.find((r) => r.id === 'commitOverheadVsNode')!;
    assert.deepEqual([vsNode.value, vsNode.limit, vsNode.pass], [1.3, 1.25, false]);
    assert.equal(rs.find((r) => r.id === 'commitOverheadVsHusky')!.value, 0.13);
    assert.equal(rs.find((r) => r.id === 'push10kOverheadMs')!.pass, undefined, 'a missing figure is neither met nor missed');
    const meta = { versions: { flowgate: '0.1.0' }, node: 'v20', git: '2.39', cpus: 2, runs: 3, warmup: 1, loadavgStart: [1], loadavgEnd: [2] };
    const text = formatReport({ meta, cases, results, ratios: rs, notes: ['a note'] });
    assert.match(text, /^\| flowgate \| 150 \| 160 \| 130 \|$/m);
    assert.match(text, /^\| flowgate commit overhead \/ node -e '' \| 1\.3 \| ≤ 1\.25 \| NO \|$/m);
    assert.match(text, /^- note: a note$/m);
  });

  it('rotates the order of a group from one iteration to the next', () => {
    assert.deepEqual([0, 1, 2, 3].map((i) => rotate(['a', 'b', 'c'], i).join('')), ['abc', 'bca', 'cab', 'abc']);
  });
});
