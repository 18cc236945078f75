/**
 * scripts/build-images: it builds each image under the tag its Deployment runs, prints exactly the commands
 * it runs, and runs them: here with stand-in `minikube` and `docker` programs that record their arguments
 * and environment, since this machine has neither a cluster nor a Docker engine.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { checkSources, imageOf, listedNamesOf, parseArgs, planBuild, renderScript, REPO_ROOT, shellQuote, UsageError } from '../scripts/build-images';
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
 * A folder with stand-ins for minikube and docker that behave like the real ones where the script depends on it.
 * Each appends one line per call to the log: its name, the DOCKER_HOST and DOCKER_BUILDKIT it saw, then its
 * arguments, tab-separated. Images live in two files, one per engine: `docker build` adds its tag to minikube's
 * (`images-minikube`) when DOCKER_HOST points at minikube's engine, else to the host's (`images-host`);
 * `minikube image load` copies a tag from the host's to minikube's; `minikube image ls` lists minikube's, in
 * Docker's normalized form (docker.io/library/...). Switches, as environment variables:
 * - STAND_IN_RUNTIME: the profile's container runtime in `minikube profile list -o json` (default docker);
 * - DOCKER_ENV_FAILS: `minikube docker-env` fails, as it does with minikube stopped;
 * - DOCKER_ENV_EMPTY: `minikube docker-env` succeeds but prints nothing;
 * - FAIL_ON_TAG: `docker build` of that tag fails with exit code 7;
 * - BUILD_MAKES_NOTHING: `docker build` exits 0 without an image (as `minikube image build` can);
 * - LOAD_MAKES_NOTHING: `minikube image load` exits 0 without an image.
 */
function makeStandIns(): { bin: string; log: string } {
  const bin = mkdtempSync(path.join(work, 'bin-'));
  const log = path.join(bin, 'calls.log');
  const record = 'IFS=$\'\\t\'; echo "$(basename "$0")\tDOCKER_HOST=${DOCKER_HOST:-}\tDOCKER_BUILDKIT=${DOCKER_BUILDKIT:-}\t$*" >> "$STAND_IN_LOG"';
  const store = 'store="$(dirname "$STAND_IN_LOG")"';
  writeFileSync(path.join(bin, 'minikube'), [
    '#!/usr/bin/env bash', record, store,
    'if [ "$1 $2 $3 $4" = "profile list -o json" ]; then',
    '  echo "{\\"invalid\\":[],\\"valid\\":[{\\"Name\\":\\"other\\",\\"Config\\":{\\"KubernetesConfig\\":{\\"ContainerRuntime\\":\\"crio\\"}}},'
      + '{\\"Name\\":\\"minikube\\",\\"Status\\":\\"Running\\",\\"Config\\":{\\"KubernetesConfig\\":{\\"ContainerRuntime\\":\\"${STAND_IN_RUNTIME:-docker}\\"}}}]}"',
    '  exit 0',
    'fi',
    'if [ "$3" = docker-env ]; then',
    '  if [ -n "${DOCKER_ENV_FAILS:-}" ]; then echo "X Exiting due to GUEST_STATUS: state: unknown state \\"minikube\\"" >&2; exit 80; fi',
    '  if [ -n "${DOCKER_ENV_EMPTY:-}" ]; then exit 0; fi',
    '  echo \'export DOCKER_TLS_VERIFY="1"\'',
    '  echo \'export DOCKER_HOST="tcp://192.0.2.10:2376"\'',
    '  echo \'# To point your shell to minikube\'"\'"\'s docker-daemon, run:\'',
    'fi',
    'if [ "$3 $4" = "image load" ]; then',
    '  grep -qxF "$5" "$store/images-host" 2>/dev/null || { echo "image $5 not found" >&2; exit 1; }',
    '  [ -n "${LOAD_MAKES_NOTHING:-}" ] || echo "$5" >> "$store/images-minikube"',
    'fi',
    'if [ "$3 $4" = "image ls" ]; then',
    '  echo registry.k8s.io/pause:3.9',
    '  sed "s|^|docker.io/library/|" "$store/images-minikube" 2>/dev/null || true',
    'fi', '',
  ].join('\n'));
  writeFileSync(path.join(bin, 'docker'), [
    '#!/usr/bin/env bash', record, store,
    'for a in "$@"; do if [ -n "${FAIL_ON_TAG:-}" ] && [ "$a" = "$FAIL_ON_TAG" ]; then echo "build failed" >&2; exit 7; fi; done',
    'while [ $# -gt 0 ] && [ "$1" != --tag ]; do shift; done',
    'engine=host; [ "${DOCKER_HOST:-}" = "tcp://192.0.2.10:2376" ] && engine=minikube',
    '[ -n "${BUILD_MAKES_NOTHING:-}" ] || echo "$2" >> "$store/images-$engine"', '',
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

const PREAMBLE = ['set -euo pipefail', 'fail() { echo "build-images: $*" >&2; exit 1; }', 'set -x'];
const DOCKER_ENV = [
  `docker_env="$(minikube -p minikube docker-env --shell bash)" || fail 'minikube docker-env failed (its message is above): start minikube (minikube -p minikube start); docker-env works only with the docker container runtime: with containerd or CRI-O, use --mode load'`,
  'eval "$docker_env"',
  `test -n "\${DOCKER_HOST:-}" || fail 'minikube docker-env set no DOCKER_HOST: docker would build into your own engine, not minikube'\\''s'`,
];
const verify = (profile: string, ...images: string[]) => [
  `images="$(minikube -p ${profile} image ls)" || fail 'minikube image ls failed (its message is above)'`,
  ...images.map((i) => `grep -qxF -e docker.io/library/${i} -e ${i} <<<"$images" || fail '${i} is not in minikube (minikube -p ${profile} image ls does not list it)'`),
];

describe('--dry-run prints the commands', () => {
  test('docker-env: point docker at minikube\'s engine (or stop), build both images with BuildKit, check minikube lists them', () => {
    const { status, stdout, stderr } = runScript(['--frontend-src', '/src/todo-frontend', '--backend-src', '/src/todo-backend', '--dry-run']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      ...PREAMBLE,
      ...DOCKER_ENV,
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/frontend.Dockerfile --tag todo-frontend:1.0.0 /src/todo-frontend`,
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.0 /src/todo-backend`,
      ...verify('minikube', 'todo-frontend:1.0.0', 'todo-backend:1.0.0'),
      "echo 'build-images: todo-frontend:1.0.0 and todo-backend:1.0.0 are in minikube'",
      '',
    ]);
  });

  test('no failure can pass unseen: nothing is eval\'d straight from a command substitution', () => {
    const { stdout } = runScript(['--frontend-src', '/f', '--backend-src', '/b', '--dry-run']);
    expect(stdout).not.toMatch(/eval "\$\(/);
    for (const line of stdout.split('\n').filter((l) => l.includes('$('))) expect(line).toMatch(/^\w+="\$\([^)]*\)" \|\| fail /);
  });

  test('load: build locally, then minikube image load each image, in the chosen profile, and check', () => {
    const { status, stdout } = runScript(['--mode', 'load', '-p', 'dev', '--print'], { FRONTEND_SRC: '/f', BACKEND_SRC: '/b' });
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(PREAMBLE.length)).toEqual([
      `images_before="$(minikube -p dev image ls)" || fail 'minikube image ls failed (its message is above)'`,
      ...['todo-frontend:1.0.0', 'todo-backend:1.0.0'].map((i) => `! grep -qxF -e docker.io/library/${i} -e ${i} <<<"$images_before" || fail '${i} is already `
        + `in minikube, and minikube image load keeps an image a container uses: build under a new tag (--tag), or remove the old image first `
        + `(minikube -p dev image rm ${i}) if no pod runs it'`),
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/frontend.Dockerfile --tag todo-frontend:1.0.0 /f`,
      'minikube -p dev image load todo-frontend:1.0.0',
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.0 /b`,
      'minikube -p dev image load todo-backend:1.0.0',
      ...verify('dev', 'todo-frontend:1.0.0', 'todo-backend:1.0.0'),
      "echo 'build-images: todo-frontend:1.0.0 and todo-backend:1.0.0 are in minikube'",
      '',
    ]);
  });

  test('--only backend needs and builds only the backend; relative folders become absolute; --tag sets the tag', () => {
    const { status, stdout } = runScript(['--only', 'backend', '--backend-src', 'api', '--dry-run', '--profile=p2', '--tag', '1.0.1'], { MINIKUBE_PROFILE: 'ignored' }, work);
    expect(status).toBe(0);
    expect(stdout.split('\n').slice(PREAMBLE.length)).toEqual([
      ...DOCKER_ENV.map((l) => l.replace(/-p minikube/g, '-p p2')),
      `DOCKER_BUILDKIT=1 docker build --file ${REPO_ROOT}/docker/backend.Dockerfile --tag todo-backend:1.0.1 ${path.join(work, 'api')}`,
      ...verify('p2', 'todo-backend:1.0.1'),
      "echo 'build-images: todo-backend:1.0.1 is in minikube'",
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

const MINIKUBE_HOST = 'DOCKER_HOST=tcp://192.0.2.10:2376';
const PROFILE_LIST = ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', 'profile', 'list', '-o', 'json'];

describe('a real run', () => {
  /** Runs the script on fresh source folders with fresh stand-ins; `env` adds switches. */
  function realRun(args: string[], env: Record<string, string> = {}) {
    const sources = makeSources();
    const { bin, log } = makeStandIns();
    const result = runScript([...args, '--frontend-src', sources.frontend, '--backend-src', sources.backend],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log, ...env });
    return { ...result, sources, calls: calls(log), minikubeImages: calls(path.join(bin, 'images-minikube')).map((l) => l[0]) };
  }

  test('docker-env: builds both images in minikube\'s engine, with BuildKit, from the given folders, and finds them there', () => {
    const { status, stdout, stderr, sources, calls: made, minikubeImages } = realRun([]);
    expect(status).toBe(0);
    expect(made).toEqual([
      PROFILE_LIST,
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'docker-env', '--shell', 'bash'],
      ['docker', MINIKUBE_HOST, 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/frontend.Dockerfile`, '--tag', 'todo-frontend:1.0.0', sources.frontend],
      ['docker', MINIKUBE_HOST, 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/backend.Dockerfile`, '--tag', 'todo-backend:1.0.0', sources.backend],
      ['minikube', MINIKUBE_HOST, 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'ls'],
    ]);
    expect(minikubeImages).toEqual(['todo-frontend:1.0.0', 'todo-backend:1.0.0']);
    expect(stdout).toBe('build-images: todo-frontend:1.0.0 and todo-backend:1.0.0 are in minikube\n');
    expect(stderr).not.toMatch(/^build-images:/m);
  });

  test('load: builds with the local engine, then loads each image into minikube, and finds them there', () => {
    const { status, sources, calls: made, minikubeImages } = realRun(['--mode', 'load']);
    expect(status).toBe(0);
    expect(made).toEqual([
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'ls'],
      ['docker', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/frontend.Dockerfile`, '--tag', 'todo-frontend:1.0.0', sources.frontend],
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'load', 'todo-frontend:1.0.0'],
      ['docker', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=1',
        'build', '--file', `${REPO_ROOT}/docker/backend.Dockerfile`, '--tag', 'todo-backend:1.0.0', sources.backend],
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'load', 'todo-backend:1.0.0'],
      ['minikube', 'DOCKER_HOST=', 'DOCKER_BUILDKIT=', '-p', 'minikube', 'image', 'ls'],
    ]);
    expect(minikubeImages).toEqual(['todo-frontend:1.0.0', 'todo-backend:1.0.0']);
  });

  test('a failing minikube docker-env (minikube stopped) stops the script before any build, saying why', () => {
    const { status, stdout, stderr, calls: made } = realRun([], { DOCKER_ENV_FAILS: '1' });
    expect(status).toBe(1);
    expect(made.map((c) => c.slice(3).join(' '))).toEqual(['profile list -o json', '-p minikube docker-env --shell bash']);
    expect(stderr).toContain('X Exiting due to GUEST_STATUS');
    expect(stderr).toMatch(/^build-images: minikube docker-env failed \(its message is above\): start minikube .*use --mode load$/m);
    expect(stdout).not.toContain('are in minikube');
  });

  test('a docker-env that sets no DOCKER_HOST stops the script: the build would go to the host\'s engine', () => {
    const { status, stderr, calls: made } = realRun([], { DOCKER_ENV_EMPTY: '1' });
    expect(status).toBe(1);
    expect(made.map((c) => c[0])).toEqual(['minikube', 'minikube']);
    expect(stderr).toMatch(/^build-images: minikube docker-env set no DOCKER_HOST/m);
  });

  test.each(['containerd', 'crio'])('a %s minikube is refused for docker-env before anything runs, pointing at --mode load', (runtime) => {
    const { status, stderr, calls: made } = realRun([], { STAND_IN_RUNTIME: runtime });
    expect(status).toBe(1);
    expect(made).toEqual([PROFILE_LIST]);
    expect(stderr).toBe(`build-images: minikube profile minikube runs the ${runtime} container runtime, and minikube docker-env `
      + 'reaches a Docker engine only with the docker runtime: run again with --mode load\n');
  });

  test('the runtime of another profile does not count', () => {
    // The stand-in's profile "other" runs crio; building into "minikube" (docker) goes ahead.
    expect(realRun([]).status).toBe(0);
    const { status, stderr } = realRun(['-p', 'other']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/runs the crio container runtime/);
  });

  test('a build that exits 0 without an image is not reported as a success', () => {
    const { status, stdout, stderr } = realRun([], { BUILD_MAKES_NOTHING: '1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^build-images: todo-frontend:1\.0\.0 is not in minikube \(minikube -p minikube image ls does not list it\)$/m);
    expect(stdout).toBe('');
  });

  test('a minikube image load that exits 0 without an image is not reported as a success', () => {
    const { status, stderr } = realRun(['--mode', 'load'], { LOAD_MAKES_NOTHING: '1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^build-images: todo-frontend:1\.0\.0 is not in minikube/m);
  });

  test('load: a tag already in minikube is refused before anything is built (image load could keep the old image)', () => {
    const sources = makeSources();
    const { bin, log } = makeStandIns();
    writeFileSync(path.join(bin, 'images-minikube'), 'todo-backend:1.0.0\n');
    const run = (args: string[]) => runScript(['--mode', 'load', ...args, '--frontend-src', sources.frontend, '--backend-src', sources.backend],
      { PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log });
    const refused = run([]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^build-images: todo-backend:1\.0\.0 is already in minikube, and minikube image load keeps an image a container uses: build under a new tag \(--tag\)/m);
    expect(calls(log).map((c) => c.slice(3).join(' '))).toEqual(['-p minikube image ls']);
    // A new tag goes ahead.
    const retagged = run(['--tag', '1.0.1']);
    expect(retagged.status).toBe(0);
    expect(retagged.stdout).toBe('build-images: todo-frontend:1.0.1 and todo-backend:1.0.1 are in minikube\n');
  });

  test('stops at the first failed build, with its exit code', () => {
    const { status, calls: made } = realRun([], { FAIL_ON_TAG: 'todo-frontend:1.0.0' });
    expect(status).toBe(7);
    expect(made.map((c) => c[0])).toEqual(['minikube', 'minikube', 'docker']);
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

describe('the build-images commands in the docs', () => {
  const docs = ['README.md', 'docs/quickstart.md', 'docker/README.md'].map((file) => ({ file, text: readFileSync(path.join(REPO_ROOT, file), 'utf-8') }));
  const commands = docs.flatMap(({ file, text }) => [...text.matchAll(/^node scripts\/build-images\.js( [^#\n]*?)?\s*(?:#.*)?$/gm)]
    .map((m) => ({ file, args: (m[1] ?? '').trim().split(/\s+/).filter(Boolean) })));

  test('each one is accepted as written (run here with --dry-run)', () => {
    expect(commands.length).toBeGreaterThan(4);
    for (const { file, args } of commands) {
      const { status, stderr } = runScript([...args, ...(args.includes('--dry-run') ? [] : ['--dry-run'])], { FRONTEND_SRC: '/f', BACKEND_SRC: '/b' });
      expect(`${file}: ${args.join(' ')}: ${status} ${stderr}`).toBe(`${file}: ${args.join(' ')}: 0 `);
    }
  });

  test('a new tag built in a document is the tag that document then deploys', () => {
    const tagged = commands.filter((c) => c.args.includes('--tag'));
    expect(tagged.length).toBeGreaterThan(1);
    for (const { file, args } of tagged) {
      const tag = args[args.indexOf('--tag') + 1];
      const component = args.includes('--only') ? args[args.indexOf('--only') + 1] : 'frontend';
      expect(`${file}: ${docs.find((d) => d.file === file)!.text.includes(`${component}.image.tag=${tag}`)}`).toBe(`${file}: true`);
    }
  });
});

describe('the command line', () => {
  test('both source folders are required unless --only picks one', () => {
    expect(() => parseArgs(['--frontend-src', '/f'], {})).toThrow(/backend source folder is missing: pass --backend-src DIR or set BACKEND_SRC/);
    expect(() => parseArgs([], { BACKEND_SRC: '/b' })).toThrow(/frontend source folder is missing/);
    expect(parseArgs(['--only', 'frontend', '--frontend-src', '/f'], {})).toEqual(
      { sources: { frontend: '/f' }, mode: 'docker-env', profile: 'minikube', dryRun: false });
    expect(parseArgs(['--only', 'frontend', '--frontend-src', '/f', '--tag', '1.0.1'], {})).toMatchObject({ tag: '1.0.1' });
  });

  test('unknown arguments, modes and components are refused with exit code 2', () => {
    expect(() => parseArgs(['--frontend'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--mode', 'registry'], {})).toThrow(/--mode must be one of docker-env, load/);
    expect(() => parseArgs(['--only', 'db'], {})).toThrow(/--only must be one of frontend, backend/);
    expect(() => parseArgs(['--frontend-src', '--backend-src', '/b'], {})).toThrow(/--frontend-src needs a value/);
    expect(() => parseArgs(['--tag', 'latest'], {})).toThrow(/--tag must not be latest/);
    expect(() => parseArgs(['--tag', 'v1/x'], {})).toThrow(/--tag must be a Docker tag/);
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

  test('the names minikube image ls may list an image under', () => {
    expect(listedNamesOf('todo-frontend:1.0.0')).toEqual(['docker.io/library/todo-frontend:1.0.0', 'todo-frontend:1.0.0']);
    expect(listedNamesOf('team/todo-frontend:1.0.0')).toEqual(['docker.io/team/todo-frontend:1.0.0', 'team/todo-frontend:1.0.0']);
    expect(listedNamesOf('registry.local/todo-backend:1.0.0')).toEqual(['registry.local/todo-backend:1.0.0']);
    expect(listedNamesOf('localhost:5000/todo-backend:1.0.0')).toEqual(['localhost:5000/todo-backend:1.0.0']);
  });

  test('words with spaces or quotes are quoted for bash', () => {
    expect(shellQuote('/src/todo-frontend')).toBe('/src/todo-frontend');
    expect(shellQuote('/src/todo backend')).toBe(`'/src/todo backend'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    const script = renderScript(planBuild({ sources: { backend: '/a b' }, mode: 'docker-env', profile: 'minikube' }, '/repo'));
    expect(script).toContain(`DOCKER_BUILDKIT=1 docker build --file /repo/docker/backend.Dockerfile --tag todo-backend:1.0.0 '/a b'\n`);
  });
});
