// scripts/apiserver.ts's stop and status, on stand-in processes (no API server needed): stop ends exactly the
// processes in its pid file, never another process that happens to have a recorded pid, and removes the data.
// Also the port picking and the bind-failure detection start's retries rest on (the retries themselves, with the real
// binaries, are in test/cluster/apiserver-start.test.ts).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { bindFailure, freePorts, ServerState, status, stop } from '../scripts/apiserver';
import { buildKey, CLUSTER_MODULE } from '../scripts/apiserver-binaries';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-apiserver-script-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const SLEEP = fs.realpathSync(spawnSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).stdout.trim());

function standIn(): number {
  const child = spawn(SLEEP, ['300'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

function stateWith(processes: ServerState['processes']): { stateFile: string; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const stateFile = path.join(work, `${path.basename(dataDir)}.json`);
  const state: ServerState = { dataDir, kubeconfig: path.join(dataDir, 'kubeconfig'), server: 'https://127.0.0.1:1', processes };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  return { stateFile, dataDir };
}

test('stop ends the recorded processes, removes the data folder and the pid file', () => {
  const pids = [standIn(), standIn()];
  const { stateFile, dataDir } = stateWith([
    { component: 'etcd', pid: pids[0], binary: SLEEP, log: '', port: 1 },
    { component: 'kube-apiserver', pid: pids[1], binary: SLEEP, log: '', port: 2 },
  ]);
  expect(status(stateFile).text).toMatch(/etcd: running \(pid \d+/);
  expect(stop({ stateFile, log: () => undefined })).toBe(true);
  for (const pid of pids) expect(alive(pid)).toBe(false);
  expect(fs.existsSync(dataDir)).toBe(false);
  expect(fs.existsSync(stateFile)).toBe(false);
  expect(status(stateFile)).toEqual({ running: false, text: expect.stringMatching(/not running/) });
});

test('stop leaves alone a process whose pid was recorded for another binary (a reused pid)', () => {
  const pid = standIn();
  try {
    const { stateFile } = stateWith([{ component: 'etcd', pid, binary: '/nonexistent/etcd', log: '', port: 1 }]);
    expect(status(stateFile).text).toMatch(/etcd: NOT running/);
    stop({ stateFile, log: () => undefined });
    expect(alive(pid)).toBe(true);
  } finally {
    process.kill(pid, 'SIGKILL');
  }
});

test('stop with no pid file does nothing', () => {
  expect(stop({ stateFile: path.join(work, 'none.json'), log: () => undefined })).toBe(false);
});

test('the build cache key follows go.sum', () => {
  const key = buildKey();
  expect(key).toMatch(/^[0-9a-f]{16}$/);
  const copy = fs.mkdtempSync(path.join(work, 'module-'));
  fs.cpSync(CLUSTER_MODULE, copy, { recursive: true });
  expect(buildKey(copy)).toBe(key);
  fs.appendFileSync(path.join(copy, 'go.sum'), 'example.com/x v1.0.0 h1:AAAA=\n');
  expect(buildKey(copy)).not.toBe(key);
});

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

test('freePorts picks distinct loopback ports that are free once it returns', async () => {
  for (let round = 0; round < 20; round++) {
    const ports = await freePorts(4);
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(4);
    // Bindable now: the probe sockets are closed (a port can still be taken by someone else later: start retries).
    const servers = await Promise.all(ports.map(listenOn));
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
});

describe('bindFailure reads a component log the way start does', () => {
  const logWith = (text: string) => {
    const file = path.join(fs.mkdtempSync(path.join(work, 'log-')), 'component.log');
    fs.writeFileSync(file, text);
    return file;
  };

  test.each([
    ['kube-apiserver (klog)', 'I1127 22:53:53.1 1 flags.go:64] FLAG: --bind-address="127.0.0.1"\n'
      + 'E1127 22:53:53.768493   23030 run.go:72] "command failed" err="failed to create listener: failed to listen on 127.0.0.1:44407: listen tcp 127.0.0.1:44407: bind: address already in use"\n',
    'listen tcp 127.0.0.1:44407: bind: address already in use'],
    ['etcd (our main)', '2026/11/27 22:54:43 etcd: start: listen tcp 127.0.0.1:46629: bind: address already in use\n',
      'listen tcp 127.0.0.1:46629: bind: address already in use'],
    ['etcd (embed, JSON)', '{"level":"error","msg":"creating peer listener failed","error":"listen tcp 127.0.0.1:35403: bind: address already in use","stacktrace":"go.etcd.io/etcd/server/v3/embed.configurePeerListeners\\n\\tetcd.go:586"}\n',
      'listen tcp 127.0.0.1:35403: bind: address already in use'],
    ['another bind error', 'E1127 run.go:72] "command failed" err="listen tcp 127.0.0.1:80: bind: permission denied"\n',
      'listen tcp 127.0.0.1:80: bind: permission denied'],
    ['no Go error around it', 'fatal: address already in use\n', 'fatal: address already in use'],
  ])('%s', (_name, log, expected) => {
    expect(bindFailure(logWith(log))).toBe(expected);
  });

  test('a healthy log (rolebindings, --bind-address) and a missing log say nothing', () => {
    expect(bindFailure(logWith('I1127 controller.go:667] quota admission added evaluator for: rolebindings.rbac.authorization.k8s.io\n'
      + 'I1127 flags.go:64] FLAG: --bind-address="127.0.0.1"\n'))).toBeUndefined();
    expect(bindFailure(path.join(work, 'no-such.log'))).toBeUndefined();
  });
});
