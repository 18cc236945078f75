// test/cluster/go.mod pins one Kubernetes release and points every staging module k8s.io/kubernetes requires at the
// published release of the same minor and patch (k8s.io/kubernetes itself points them at v0.0.0 and local paths),
// and the server the suite talks to is that release.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLUSTER_MODULE } from '../../scripts/apiserver-binaries';
import { kubectl } from './support/cluster';

const goMod = fs.readFileSync(path.join(CLUSTER_MODULE, 'go.mod'), 'utf8');
const kubernetesVersion = /^\s*k8s\.io\/kubernetes (v1\.(\d+)\.(\d+))$/m.exec(goMod)!;
const [, version, minor, patch] = kubernetesVersion;

function replaces(modFile: string): Map<string, string> {
  const block = /^replace \(\n([\s\S]*?)\n\)/m.exec(modFile)?.[1] ?? '';
  return new Map(block.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('k8s.io/'))
    .map((line) => { const [module, , target, targetVersion] = line.split(/\s+/); return [module, `${target} ${targetVersion ?? ''}`.trim()]; }));
}

test('k8s.io/kubernetes is pinned to a 1.36 release', () => {
  expect(version).toMatch(/^v1\.36\.\d+$/);
});

test('every staging module of k8s.io/kubernetes is replaced by its published v0.<minor>.<patch>', () => {
  const modCache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  const upstream = fs.readFileSync(path.join(modCache, `k8s.io/kubernetes@${version}`, 'go.mod'), 'utf8');
  const staging = [...replaces(upstream).entries()].filter(([, target]) => target.startsWith('./staging/')).map(([module]) => module);
  expect(staging.length).toBeGreaterThan(20);
  const ours = replaces(goMod);
  expect([...ours.keys()].sort()).toEqual(staging.sort());
  for (const [module, target] of ours) expect(target).toBe(`${module} v0.${minor}.${patch}`);
});

test('the API server under test is that release', () => {
  const server = JSON.parse(kubectl(['version', '-o', 'json'])).serverVersion;
  expect(server.gitVersion).toBe(version);
});
