// scripts/apiserver.ts's start when a port it picked is taken before its component binds it (the race behind the
// occasional "address already in use"): it stops what that attempt started, by pid, and retries with new ports a
// bounded number of times. A second server of its own, beside the suite's, with a port this test occupies.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePorts, start, status, stop } from '../../scripts/apiserver';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-apiserver-start-'));
let occupier: net.Server;
let occupied: number;

beforeAll(async () => {
  // Hangs up on whoever connects (start's health check, when etcd's port is the one taken), so close() returns.
  occupier = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    occupier.once('error', reject);
    occupier.listen(0, '127.0.0.1', () => resolve());
  });
  occupied = (occupier.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => occupier.close(resolve));
  fs.rmSync(work, { recursive: true, force: true });
});

/** Pids of the processes on this machine whose command line names one of `ports` (as 127.0.0.1:<port> or =<port>). */
function processesUsing(ports: number[]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (args.some((arg) => ports.some((port) => arg.endsWith(`127.0.0.1:${port}`) || arg.endsWith(`=${port}`)))) found.push(Number(entry));
  }
  return found;
}

test('a port taken before kube-controller-manager binds it: the attempt is stopped and the next one, on new ports, starts', async () => {
  const stateFile = path.join(work, 'retry.json');
  const lines: string[] = [];
  const picked: number[][] = [];
  const pickPorts = async (count: number) => {
    const ports = await freePorts(count);
    if (picked.length === 0) ports[3] = occupied; // etcd and kube-apiserver start, kube-controller-manager cannot bind
    picked.push(ports);
    return ports;
  };
  try {
    const state = await start({ stateFile, log: (line) => lines.push(line), pickPorts });
    expect(picked).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(
      `^apiserver: attempt 1 of 3 failed \\(kube-controller-manager could not bind a port: listen tcp 127\\.0\\.0\\.1:${occupied}: bind: address already in use\\); `
      + 'stopping what it started and retrying with new ports$')));
    expect(lines).toContainEqual(expect.stringMatching(/^apiserver: stopped kube-apiserver \(pid \d+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^apiserver: stopped etcd \(pid \d+\)$/));
    // Nothing of the first attempt is left: no process names its ports (etcd's, kube-apiserver's) any more.
    expect(processesUsing(picked[0])).toEqual([]);
    expect(state.processes.map((p) => p.port)).toEqual([picked[1][0], picked[1][2], picked[1][3]]);
    expect(state.server).toBe(`https://127.0.0.1:${picked[1][2]}`);
    expect(status(stateFile).running).toBe(true);
  } finally {
    stop({ stateFile, log: () => undefined });
  }
  expect(processesUsing(picked.flat().filter((port) => port !== occupied))).toEqual([]);
});

test('when every attempt meets a taken port, start gives up after `attempts`, says so and leaves nothing running', async () => {
  const stateFile = path.join(work, 'give-up.json');
  const lines: string[] = [];
  const picked: number[][] = [];
  const pickPorts = async (count: number) => {
    const ports = await freePorts(count);
    ports[0] = occupied; // etcd's client port, every time
    picked.push(ports);
    return ports;
  };
  try {
    await expect(start({ stateFile, log: (line) => lines.push(line), pickPorts, attempts: 2 }))
      .rejects.toThrow(new RegExp(`^apiserver: etcd could not bind a port: listen tcp 127\\.0\\.0\\.1:${occupied}: bind: address already in use;[\\s\\S]*\\n\\(attempt 2 of 2\\)$`));
    expect(picked).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('apiserver: attempt '))).toEqual([
      `apiserver: attempt 1 of 2 failed (etcd could not bind a port: listen tcp 127.0.0.1:${occupied}: bind: address already in use); stopping what it started and retrying with new ports`,
    ]);
    expect(fs.existsSync(stateFile)).toBe(false);
    expect(processesUsing(picked.flat().filter((port) => port !== occupied))).toEqual([]);
  } finally {
    stop({ stateFile, log: () => undefined }); // when start wrongly succeeds or leaves something, the test fails without leaving a server behind
  }
});
