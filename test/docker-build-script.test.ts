/**
 * scripts/build-images: it builds each image under the tag its Deployment runs, prints exactly the commands
 * it runs, and runs them: here with stand-in `minikube` and `docker` programs that record their arguments
 * and environment, since this machine has neither a cluster nor a Docker engine.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { checkSources, imageOf, parseArgs, planBuild, renderScript, REPO_ROOT, shellQuote, UsageError } from '../scripts/build-images';
import { deploymentOf, Manifest, synthPlainManifests } from './support/synth';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'build-images.js');
const DOCKER_README = path.join(REPO_ROOT, 'docker', 'README.md');
type Component = 'frontend' | 'backend';

function containerImage(component: Component, objects: Manifest[]): string {
  return deploymentOf(objects, component).spec.template.spec.containers[0].image;
}

/** The image the script builds is the image the Deployment runs. */
function expectBuiltImageIsDeployed(component: Component, objects: Manifest[]): void {
  expect(imageOf(component)).toBe(containerImage(component, objects));
}

/** Runs the build script with node; `env` replaces the environment (PATH and HOME kept). */
function runScript(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd, encoding: 'utf-8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeAll(() => { work = mkdtempSync(path.join(tmpdir(), 'build-images-')); });
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

/** Source folders with the files the Dockerfiles copy first; the backend's path has a space in it. */
function makeSources(): { frontend: string; backend: string } {
  const frontend = path.join(work, 'src', 'todo-frontend');
  const backend = path.join(work, 'src', 'todo backend');
  mkdirSync(frontend, { recursive: true });
  mkdirSync(backend, { recursive: true });
  writeFileSync(path.join(frontend, 'package.json'), '{}');
  writeFileSync(path.join(frontend, 'package-lock.json'), '{}');
  writeFileSync(path.join(backend, 'requirements.txt'), 'fastapi\nuvicorn\n');
  return { frontend, backend };
}

/**
 * A folder with stand-ins for minikube and docker. Each appends one line per call to the log: its name,
 * the DOCKER_HOST and DOCKER_BUILDKIT it saw, then its arguments, tab-separated. `minikube docker-env`
 * prints exports the way minikube does; docker fails when FAIL_ON_TAG is the tag it builds.
 */
function makeStandIns(): { bin: string; log: string } {
  const bin = mkdtempSync(path.join(work, 'bin-'));
  const log = path.join(bin, 'calls.log');
  const record = 'IFS=$\'\\t\'; echo "$(basename "$0")\tDOCKER_HOST=${DOCKER_HOST:-}\tDOCKER_BUILDKIT=${DOCKER_BUILDKIT:-}\t$*" >> "$STAND_IN_LOG"';
  writeFileSync(path.join(bin, 'minikube'), [
    '#!/usr/bin/env bash', record,
    'if [ "$3" = docker-env ]; then',
    '  echo \'export DOCKER_TLS_VERIFY="1"\'',
    '  echo \'export DOCKER_HOST="tcp://192.0.2.10:2376"\'',
    '  echo \'# To point your shell to minikube\'"\'"\'s docker-daemon, run:\'',
    'fi', '',
  ].join('\n'));
  writeFileSync(path.join(bin, 'docker'), [
    '#!/usr/bin/env bash', record,
    'for a in "$@"; do if [ -n "${FAIL_ON_TAG:-}" ] && [ "$a" = "$FAIL_ON_TAG" ]; then echo "build failed" >&2; exit 7; fi; done', '',
  ].join('\n'));
  chmodSync(path.join(bin, 'minikube'), 0o755);
  chmodSync(path.join(bin, 'docker'), 0o755);
  return { bin, log };
}

function calls(log: string): string[][] {
  return existsSync(log) ? readFileSync(log, 'utf-8').trim().split('\n').map((l) => l.split('\t')) : [];
}

describe('the images built are the images deployed', () => {
  const objects = synthPlainManifests();

  test('todo-frontend:1.0.0 and todo-backend:1.0.0, as the chart\'s Deployments run them', () => {
    expect(imageOf('frontend')).toBe('todo-frontend:1.0.0');
    expect(imageOf('backend')).toBe('todo-backend:1.0.0');
    expectBuiltImageIsDeployed('frontend', objects);
    expectBuiltImageIsDeployed('backend', objects);
  });

  test('the Deployments use an image built into minikube rather than pulling it', () => {
    for (const component of ['frontend', 'backend'] as const) {
      expect(deploymentOf(objects, component).spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    }
  });

  test('a tag or name changed on the chart side alone fails the check', () => {
    const retagged = synthPlainManifests({ frontend: { image: { tag: '1.0.1' } } });
    expect(containerImage('frontend', retagged)).toBe('todo-frontend:1.0.1');
    expect(() => expectBuiltImageIsDeployed('frontend', retagged)).toThrow();

    const renamed = synthPlainManifests({ backend: { image: { repository: 'registry.local/todo-backend' } } });
    expect(containerImage('backend', renamed)).toBe('registry.local/todo-backend:1.0.0');
    expect(() => expectBuiltImageIsDeployed('backend', renamed)).toThrow();
  });

  test('every image named in docker/README.md is the chart\'s', () => {
    const named = readFileSync(DOCKER_README, 'utf-8').match(/todo-(frontend|backend):[\w.-]+/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([containerImage('frontend', objects), containerImage('backend', objects)]));
  });
});

describe('--dry-run prints the commands', () => {
  test('docker-env: point docker at minikube\'s engine, then build both images with BuildKit', () => {
    const { status, stdout, stderr } = runScript(['--frontend-src', '/src/todo-frontend', '--backend-src', '/src/todo-backend', '--dry-run']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'set -euo pipefail',
      'set -x',
      'eval "$(minikube -p minikube docker-env --shell bash)"',
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/frontend.Dockerfile --tag todo-frontend:1.0.0 /src/todo-frontend`,
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.0 /src/todo-backend`,
      '',
    ]);
  });

  test('load: build locally, then minikube image load each image, in the chosen profile', () => {
    const { status, stdout } = runScript(['--mode', 'load', '-p', 'dev', '--print'], { FRONTEND_SRC: '/f', BACKEND_SRC: '/b' });
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(2)).toEqual([
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/frontend.Dockerfile --tag todo-frontend:1.0.0 /f`,
      'minikube -p dev image load todo-frontend:1.0.0',
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.0 /b`,
      'minikube -p dev image load todo-backend:1.0.0',
      '',
    ]);
  });

  test('--only backend needs and builds only the backend; relative folders become absolute', () => {
    const { status, stdout } = runScript(['--only', 'backend', '--backend-src', 'api', '--dry-run', '--profile=p2'], { MINIKUBE_PROFILE: 'ignored' }, work);
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(2)).toEqual([
      'eval "$(minikube -p p2 docker-env --shell bash)"',
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.0 ${path.join(work, 'api')}`,
      '',
    ]);
  });

  test('docker/README.md shows the same output', () => {
    const readme = readFileSync(DOCKER_README, 'utf-8');
    const block = readme.match(/```console\n\$ node scripts\/build-images\.js ([^\n]*)\n([\s\S]*?)```/);
    expect(block).not.toBeNull();
    const { stdout } = runScript(block![1].split(' '));
    expect(stdout.split(REPO_ROOT).join('<repo>')).toBe(block![2]);
  });
});

describe('a real run', () => {
  test('docker-env: builds both images in minikube\'s engine, with BuildKit, from the given folders', () => {
    const sources = makeSources();
    const { bin, log } = makeStandIns();
    const { status } = runScript(['--frontend-src', sources.frontend, '--backend-src', sources.backend],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log });
    expect(status).toBe(0);
    expect(calls(log)).toEqual([
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'docker-env', '--shell', 'bash'],
      ['docker', 'DOCKER_HOST=tcp://192.0.2.10:2376', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/frontend.Dockerfile`, '--tag', 'todo-frontend:1.0.0', sources.frontend],
      ['docker', 'DOCKER_HOST=tcp://192.0.2.10:2376', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/backend.Dockerfile`, '--tag', 'todo-backend:1.0.0', sources.backend],
    ]);
  });

  test('load: builds with the local engine, then loads each image into minikube', () => {
    const sources = makeSources();
    const { bin, log } = makeStandIns();
    const { status } = runScript(['--mode', 'load'],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log, FRONTEND_SRC: sources.frontend, BACKEND_SRC: sources.backend });
    expect(status).toBe(0);
    expect(calls(log)).toEqual([
      ['docker', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/frontend.Dockerfile`, '--tag', 'todo-frontend:1.0.0', sources.frontend],
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'load', 'todo-frontend:1.0.0'],
      ['docker', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/backend.Dockerfile`, '--tag', 'todo-backend:1.0.0', sources.backend],
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'load', 'todo-backend:1.0.0'],
    ]);
  });

  test('stops at the first failed build, with its exit code', () => {
    const sources = makeSources();
    const { bin, log } = makeStandIns();
    const { status } = runScript(['--frontend-src', sources.frontend, '--backend-src', sources.backend],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log, FAIL_ON_TAG: 'todo-frontend:1.0.0' });
    expect(status).toBe(7);
    expect(calls(log).map((c) => c[0])).toEqual(['minikube', 'docker']);
  });

  test('refuses a frontend folder without package-lock.json, and runs nothing', () => {
    const sources = makeSources();
    rmSync(path.join(sources.frontend, 'package-lock.json'));
    const { bin, log } = makeStandIns();
    const { status, stderr } = runScript(['--frontend-src', sources.frontend, '--backend-src', sources.backend],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log });
    expect(status).toBe(1);
    expect(stderr).toBe(`build-images: frontend source folder ${sources.frontend} has no package-lock.json\n`);
    expect(calls(log)).toEqual([]);
  });
});

describe('the command line', () => {
  test('both source folders are required unless --only picks one', () => {
    expect(() => parseArgs(['--frontend-src', '/f'], {})).toThrow(/backend source folder is missing: pass --backend-src DIR or set BACKEND_SRC/);
    expect(() => parseArgs([], { BACKEND_SRC: '/b' })).toThrow(/frontend source folder is missing/);
    expect(parseArgs(['--only', 'frontend', '--frontend-src', '/f'], {})).toEqual(
      { sources: { frontend: '/f' }, mode: 'docker-env', profile: 'minikube', dryRun: false });
  });

  test('unknown arguments, modes and components are refused with exit code 2', () => {
    expect(() => parseArgs(['--frontend'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--mode', 'registry'], {})).toThrow(/--mode must be one of docker-env, load/);
    expect(() => parseArgs(['--only', 'db'], {})).toThrow(/--only must be one of frontend, backend/);
    expect(() => parseArgs(['--frontend-src', '--backend-src', '/b'], {})).toThrow(/--frontend-src needs a value/);
    const { status, stderr } = runScript(['--nope']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^build-images: unknown argument "--nope"/);
  });

  test('--help prints the usage', () => {
    const { status, stdout } = runScript(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: node scripts\/build-images\.js --frontend-src DIR --backend-src DIR/);
    expect(stdout).toContain('Builds todo-frontend:1.0.0 and todo-backend:1.0.0');
  });

  test('checkSources names each missing folder or file', () => {
    const sources = makeSources();
    expect(checkSources(sources)).toEqual([]);
    expect(checkSources({ frontend: path.join(work, 'nowhere') })).toEqual([`frontend source folder ${path.join(work, 'nowhere')} does not exist`]);
    expect(checkSources({ backend: sources.frontend })).toEqual([`backend source folder ${sources.frontend} has no requirements.txt`]);
  });

  test('words with spaces or quotes are quoted for bash', () => {
    expect(shellQuote('/src/todo-frontend')).toBe('/src/todo-frontend');
    expect(shellQuote('/src/todo backend')).toBe(`'/src/todo backend'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    const script = renderScript(planBuild({ sources: { backend: '/a b' }, mode: 'docker-env', profile: 'minikube' }, '/repo'));
    expect(script).toContain(`DOCKER_BUILDKIT=1 docker build --file /repo/docker/backend.Dockerfile --tag todo-backend:1.0.0 '/a b'\n`);
  });
});
