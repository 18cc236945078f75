// scripts/apiserver.ts's stop and status, on stand-in processes (no API server needed): stop ends exactly the
// processes in its pid file, never another process that happens to have a recorded pid, and removes the data.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ServerState, status, stop } from '../scripts/apiserver';
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
