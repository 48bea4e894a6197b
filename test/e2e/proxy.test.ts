import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { flowAsync, sandbox, type Sandbox } from '../helpers/repo.js';
import { githubPulls, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';

/** A forwarding proxy on 127.0.0.1 (absolute-form requests and CONNECT tunnels) that counts what it carried. */
async function startProxy(): Promise<{ url: string; carried: string[]; close: () => Promise<void> }> {
  const carried: string[] = [];
  const server: Server = createServer((req, res) => {
    carried.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    carried.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, carried, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('forge requests through a proxy from the environment', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let box: Sandbox;
  before(async () => {
    box = sandbox();
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
    box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
    forge = await startFakeForge();
    githubPulls(forge, 'acme/widgets');
    proxy = await startProxy();
  });
  after(async () => {
    await forge.close();
    await proxy.close();
  });

  it('goes through HTTP_PROXY / HTTPS_PROXY', async () => {
    box.gitOk(['switch', '-q', '-c', 'feature/31-proxy', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: through the proxy']);
    const r = await flowAsync(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-proxy-test', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(proxy.carried.length > 0, 'the proxy carried the API requests');
    assert.equal(forge.find('POST', '/repos/acme/widgets/pulls').length, 1);
  });

  it('leaves hosts in NO_PROXY alone', async () => {
    const before = proxy.carried.length;
    box.gitOk(['switch', '-q', '-c', 'feature/32-direct', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: around the proxy']);
    const r = await flowAsync(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-proxy-test', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(proxy.carried.length, before);
  });

  it('a proxy that is down fails fast with one clear sentence, and the branch stays pushed', async () => {
    box.gitOk(['switch', '-q', '-c', 'feature/33-down', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: proxy down']);
    const r = await flowAsync(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-proxy-test', HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', FLOWGATE_API_TIMEOUT: '3000' });
    assert.equal(r.code, 2);
    assert.ok(r.ms < 30_000);
    assert.doesNotMatch(r.stderr, /tok-proxy-test/);
    assert.equal(box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', 'refs/heads/feature/33-down']).code, 0);
  });
});
