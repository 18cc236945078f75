/**
 * The Dockerfiles in docker/, read with a maintained parser (dockerfile-ast), checked by two linters, and
 * compared with the synthesized Deployments: the user, the port and the writable paths of each image must
 * be the ones its Deployment expects. There is no Docker engine here, so these checks are static.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Copy, Dockerfile, DockerfileParser, From, Instruction, Run } from 'dockerfile-ast';
import { validate, ValidationCode } from 'dockerfile-utils';
import * as dockerfilelint from 'dockerfilelint';
import { deploymentOf, Manifest, synthPlainManifests } from './support/synth';

const DOCKER_DIR = path.join(__dirname, '..', 'docker');
type Component = 'frontend' | 'backend';

function readDocker(file: string): string {
  return readFileSync(path.join(DOCKER_DIR, file), 'utf-8');
}

/** A build stage: its FROM and the instructions up to the next FROM. */
interface Stage {
  readonly from: From;
  readonly name: string | null;
  readonly instructions: Instruction[];
}

function parse(component: Component): Dockerfile {
  return DockerfileParser.parse(readDocker(`${component}.Dockerfile`));
}

function stagesOf(dockerfile: Dockerfile): Stage[] {
  const froms = dockerfile.getFROMs();
  return froms.map((from, i) => {
    const start = from.getRange().start.line;
    const end = i + 1 < froms.length ? froms[i + 1].getRange().start.line : Infinity;
    const instructions = dockerfile.getInstructions().filter((ins) => {
      const line = ins.getRange().start.line;
      return line > start && line < end;
    });
    return { from, name: from.getBuildStage(), instructions };
  });
}

function finalStage(dockerfile: Dockerfile): Stage {
  const stages = stagesOf(dockerfile);
  return stages[stages.length - 1];
}

function ofKeyword<T extends Instruction = Instruction>(stage: Stage, keyword: string): T[] {
  return stage.instructions.filter((ins) => ins.getKeyword() === keyword) as T[];
}

/** The words of an instruction's arguments (flags left out). */
function words(ins: Instruction): string[] {
  return ins.getArguments().map((a) => a.getValue());
}

/** A RUN's shell text, continuation lines joined. */
function runText(run: Instruction): string {
  return words(run).join(' ');
}

/** ENV variables set in a stage. */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of ofKeyword(stage, 'ENV')) {
    for (const p of (ins as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties()) {
      env[p.getName()] = p.getValue() ?? '';
    }
  }
  return env;
}

function singleArgument(stage: Stage, keyword: string): string {
  const found = ofKeyword(stage, keyword);
  expect(found).toHaveLength(1);
  return words(found[0]).join(' ');
}

/** The CMD's JSON array, or null when it is in shell form. */
function execFormCmd(stage: Stage): string[] | null {
  const cmds = ofKeyword(stage, 'CMD');
  expect(cmds).toHaveLength(1);
  const cmd = cmds[0] as unknown as { getOpeningBracket(): unknown; getClosingBracket(): unknown; getJSONStrings(): Array<{ getJSONValue(): string }> };
  if (!cmd.getOpeningBracket() || !cmd.getClosingBracket()) return null;
  return cmd.getJSONStrings().map((s) => s.getJSONValue());
}

// Not Copy.getFromFlag(): dockerfile-ast returns it only when --from is the COPY's one flag.
function copyFrom(copy: Copy): string | null {
  return copy.getFlags().find((f) => f.getName() === 'from')?.getValue() ?? null;
}

function copyChown(copy: Copy): string | null {
  return copy.getFlags().find((f) => f.getName() === 'chown')?.getValue() ?? null;
}

/** [sources, destination] of a COPY. */
function copyPaths(copy: Copy): { sources: string[]; dest: string } {
  const args = words(copy);
  return { sources: args.slice(0, -1), dest: args[args.length - 1] };
}

// ---------------------------------------------------------------------------------------------------------
// .dockerignore matching, as Docker does it (moby/patternmatcher): a path is excluded when the last pattern
// matching it, or one of its parent folders, is not a `!` exception. `*` and `?` stay within one path
// segment; `**` spans any number of segments; a pattern without `**` matches from the root of the context.

interface IgnorePattern { readonly exclude: boolean; readonly regex: RegExp; readonly text: string }

function ignorePatterns(content: string): IgnorePattern[] {
  return content.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((line) => {
    const exclude = !line.startsWith('!');
    const text = path.posix.normalize((exclude ? line : line.slice(1)).trim()).replace(/^\/+/, '');
    let regex = '^';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '*' && text[i + 1] === '*') {
        i++;
        if (text[i + 1] === '/') i++;
        regex += i + 1 >= text.length ? '.*' : '(.*/)?';
      } else if (ch === '*') regex += '[^/]*';
      else if (ch === '?') regex += '[^/]';
      else if (ch === '[' || ch === '\\') throw new Error(`pattern ${line}: character classes and escapes are not supported by this test's matcher`);
      else regex += ch.replace(/[.+^${}()|\]]/g, '\\$&');
    }
    return { exclude, regex: new RegExp(`${regex}$`), text: line };
  });
}

/** Whether `file` (relative to the context root) is left out of the build context. */
function isIgnored(patterns: IgnorePattern[], file: string): boolean {
  const parts = file.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const p of patterns) {
    if (candidates.some((c) => p.regex.test(c))) excluded = p.exclude;
  }
  return excluded;
}

function ignoreFileOf(component: Component): { lines: string[]; patterns: IgnorePattern[] } {
  const content = readDocker(`${component}.Dockerfile.dockerignore`);
  return { lines: content.split('\n').map((l) => l.trim()), patterns: ignorePatterns(content) };
}

// ---------------------------------------------------------------------------------------------------------
// The image against the synthesized Deployment. Each check takes the manifests, so that the tests can show
// it fails when only the chart side changes.

const defaultManifests = synthPlainManifests();

function podSpecOf(component: Component, objects: Manifest[]): Manifest {
  return deploymentOf(objects, component).spec.template.spec;
}

function containerOf(component: Component, objects: Manifest[]): Manifest {
  const containers = podSpecOf(component, objects).containers;
  expect(containers).toHaveLength(1);
  return containers[0];
}

/** USER is the Deployment's numeric runAsUser:runAsGroup, in the container and in the pod. */
function expectUserAgrees(component: Component, objects: Manifest[]): void {
  const user = singleArgument(finalStage(parse(component)), 'USER');
  const container = containerOf(component, objects);
  const pod = podSpecOf(component, objects);
  expect(user).toMatch(/^\d+:\d+$/);
  expect(user).toBe(`${container.securityContext.runAsUser}:${container.securityContext.runAsGroup}`);
  expect(user).toBe(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`);
}

/** EXPOSE is the containerPort, which the probes call, and the server listens on it. */
function expectPortAgrees(component: Component, objects: Manifest[]): void {
  const runtime = finalStage(parse(component));
  const container = containerOf(component, objects);
  const port = String(container.ports[0].containerPort);
  expect(singleArgument(runtime, 'EXPOSE')).toBe(port);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    expect([probe, String(container[probe].httpGet.port)]).toEqual([probe, port]);
  }
  if (component === 'frontend') {
    expect(envOf(runtime).PORT).toBe(port);
  } else {
    const cmd = execFormCmd(runtime)!;
    expect(cmd[cmd.indexOf('--port') + 1]).toBe(port);
  }
}

/** Every writable path the Deployment mounts (but /tmp, in every base image) is created in the image, owned by USER. */
function expectWritablePathsAgree(component: Component, objects: Manifest[]): void {
  const runtime = finalStage(parse(component));
  const user = singleArgument(runtime, 'USER');
  const runs = ofKeyword(runtime, 'RUN').map(runText);
  const mounts: string[] = containerOf(component, objects).volumeMounts.map((m: { mountPath: string }) => m.mountPath).filter((p: string) => p !== '/tmp');
  expect(mounts.length).toBeGreaterThan(0);
  for (const mount of mounts) {
    const at = mount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The path among the words of that one command (words stop at &&, ; and |).
    const creating = runs.filter((r) => new RegExp(`mkdir -p( [^\\s&;|]+)* ${at}( |$)`).test(r)
      && new RegExp(`chown ${user}( [^\\s&;|]+)* ${at}( |$)`).test(r));
    expect([mount, creating.length]).toEqual([mount, 1]);
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('frontend.Dockerfile', () => {
  const dockerfile = parse('frontend');
  const stages = stagesOf(dockerfile);
  const [deps, build, runtime] = stages;

  // The seed says node:20-alpine; Node.js 20's end of life was 2026-04-30, so the images use the LTS line that is
  // supported longest, still on Alpine (the seed's reason). README.md and docker/README.md state the deviation.
  test('has three stages, deps, build and runtime, all on node:24-alpine (Node.js 20 is past its end of life)', () => {
    expect(stages.map((s) => [s.from.getImage(), s.name])).toEqual([
      ['node:24-alpine', 'deps'],
      ['node:24-alpine', 'build'],
      ['node:24-alpine', 'runtime'],
    ]);
  });

  test('deps stage installs exactly what the lockfile pins, with npm ci', () => {
    const copies = ofKeyword<Copy>(deps, 'COPY');
    expect(copies.map(copyPaths)).toEqual([{ sources: ['package.json', 'package-lock.json'], dest: './' }]);
    const runs = ofKeyword(deps, 'RUN').map(runText);
    expect(runs.filter((r) => /\bnpm ci\b/.test(r))).toEqual(['npm ci --no-audit --no-fund']);
    expect(runs.some((r) => /\bnpm (install|i)\b/.test(r))).toBe(false);
  });

  test('build stage runs next build with telemetry off, on the deps stage\'s node_modules', () => {
    expect(envOf(build).NEXT_TELEMETRY_DISABLED).toBe('1');
    const copies = ofKeyword<Copy>(build, 'COPY');
    expect(copies.map((c) => [copyFrom(c), ...words(c)])).toEqual([
      ['deps', '/app/node_modules', './node_modules'],
      [null, '.', '.'],
    ]);
    expect(ofKeyword(build, 'RUN').map(runText)).toEqual(['mkdir -p public && npm run build']);
  });

  test('runtime stage copies only .next/standalone, .next/static and public from the build stage', () => {
    const copies = ofKeyword<Copy>(runtime, 'COPY');
    expect(copies.map((c) => [copyFrom(c), ...words(c)])).toEqual([
      ['build', '/app/public', './public'],
      ['build', '/app/.next/standalone', './'],
      ['build', '/app/.next/static', './.next/static'],
    ]);
    expect(ofKeyword(runtime, 'RUN').map(runText).join('\n')).not.toMatch(/\bnpm\b/);
  });

  test('runtime stage sets NODE_ENV=production, PORT=3000 and HOSTNAME=0.0.0.0', () => {
    const env = envOf(runtime);
    expect(env.NODE_ENV).toBe('production');
    expect(env.PORT).toBe('3000');
    expect(env.HOSTNAME).toBe('0.0.0.0');
    expect(env.NEXT_TELEMETRY_DISABLED).toBe('1');
  });

  test('runs node server.js in exec form as the numeric user and group 1001, exposing 3000', () => {
    expect(singleArgument(runtime, 'USER')).toBe('1001:1001');
    expect(singleArgument(runtime, 'EXPOSE')).toBe('3000');
    expect(singleArgument(runtime, 'WORKDIR')).toBe('/app');
    expect(execFormCmd(runtime)).toEqual(['node', 'server.js']);
  });

  test('creates the user 1001 in group 1001 and gives it /app/.next/cache', () => {
    const runs = ofKeyword(runtime, 'RUN').map(runText);
    expect(runs).toContain('addgroup -S -g 1001 nextjs && adduser -S -D -H -u 1001 -G nextjs -h /app -s /sbin/nologin nextjs');
    expect(runs).toContain('mkdir -p /app/.next/cache && chown 1001:1001 /app/.next /app/.next/cache');
    const standalone = ofKeyword<Copy>(runtime, 'COPY').filter((c) => words(c)[0].startsWith('/app/.next/'));
    expect(standalone.map(copyChown)).toEqual(['1001:1001', '1001:1001']);
  });

  test('ignore file has the research document\'s entries', () => {
    const { lines } = ignoreFileOf('frontend');
    for (const entry of ['node_modules', '.next', '.git', '.env*', '*.md', '.vscode', '.idea']) expect(lines).toContain(entry);
  });

  test('ignore file keeps the sources and lockfile in the context and leaves out local artefacts and secrets', () => {
    const { patterns } = ignoreFileOf('frontend');
    for (const kept of ['package.json', 'package-lock.json', 'next.config.js', 'public/favicon.ico', 'app/api/health/route.ts', 'src/app/page.tsx']) {
      expect([kept, isIgnored(patterns, kept)]).toEqual([kept, false]);
    }
    for (const left of ['node_modules/next/package.json', '.next/cache/images/a.webp', '.git/HEAD', '.env', '.env.local', '.env.production',
      'public/.env', 'app/.env.local', 'README.md', '.vscode/settings.json', '.idea/workspace.xml']) {
      expect([left, isIgnored(patterns, left)]).toEqual([left, true]);
    }
  });
});

describe('backend.Dockerfile', () => {
  const dockerfile = parse('backend');
  const stages = stagesOf(dockerfile);
  const [stage] = stages;

  test('is one stage on python:3.11-slim (glibc, for psycopg2-binary)', () => {
    expect(stages.map((s) => s.from.getImage())).toEqual(['python:3.11-slim']);
  });

  test('sets PYTHONDONTWRITEBYTECODE=1 and PYTHONUNBUFFERED=1', () => {
    const env = envOf(stage);
    expect(env.PYTHONDONTWRITEBYTECODE).toBe('1');
    expect(env.PYTHONUNBUFFERED).toBe('1');
  });

  test('installs requirements.txt with pip --no-cache-dir before it copies the code', () => {
    const steps = stage.instructions
      .filter((i) => i.getKeyword() === 'COPY' || (i.getKeyword() === 'RUN' && /\bpip\b/.test(runText(i))))
      .map((i) => `${i.getKeyword()} ${words(i).join(' ')}`);
    expect(steps).toEqual([
      'COPY requirements.txt ./',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
    ]);
  });

  test('runs uvicorn in exec form on 0.0.0.0:8000, as the numeric user and group 1001', () => {
    expect(singleArgument(stage, 'USER')).toBe('1001:1001');
    expect(singleArgument(stage, 'EXPOSE')).toBe('8000');
    expect(singleArgument(stage, 'WORKDIR')).toBe('/app');
    // No --proxy-headers: uvicorn trusts X-Forwarded-* only from FORWARDED_ALLOW_IPS (127.0.0.1), which no request
    // to the pod comes from, so the flag would promise client addresses it never gives (docker/README.md).
    expect(execFormCmd(stage)).toEqual(['uvicorn', 'src.main:app', '--host', '0.0.0.0', '--port', '8000']);
  });

  test('creates the user 1001 in group 1001 and gives it /app/uploads', () => {
    const runs = ofKeyword(stage, 'RUN').map(runText);
    expect(runs).toContain('groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid 1001 --no-create-home --home-dir /app --shell /usr/sbin/nologin app');
    expect(runs).toContain('mkdir -p /app/uploads && chown 1001:1001 /app/uploads');
  });

  test('ignore file has the research document\'s entries', () => {
    const { lines } = ignoreFileOf('backend');
    for (const entry of ['venv', '__pycache__', '*.pyc', '.git', '.env', 'uploads', 'tests']) expect(lines).toContain(entry);
  });

  test('ignore file keeps the code and requirements and leaves out environments, caches, secrets, uploads and tests', () => {
    const { patterns } = ignoreFileOf('backend');
    for (const kept of ['requirements.txt', 'src/main.py', 'src/api/health.py', 'alembic.ini']) {
      expect([kept, isIgnored(patterns, kept)]).toEqual([kept, false]);
    }
    for (const left of ['venv/bin/python', '.venv/bin/python', '__pycache__/x.cpython-311.pyc', 'src/api/__pycache__/health.cpython-311.pyc',
      'src/stray.pyc', '.git/HEAD', '.env', '.env.local', '.env.production', 'src/.env', 'uploads/avatar.png', 'tests/test_health.py']) {
      expect([left, isIgnored(patterns, left)]).toEqual([left, true]);
    }
  });
});

describe.each(['frontend', 'backend'] as const)('%s image and its Deployment agree', (component) => {
  const container = containerOf(component, defaultManifests);

  test('USER is the Deployment\'s numeric runAsUser:runAsGroup, in the container and the pod', () => {
    expectUserAgrees(component, defaultManifests);
    expect(container.securityContext.runAsNonRoot).toBe(true);
  });

  test('EXPOSE is the containerPort, the probes\' port and the port the server listens on', () => {
    expectPortAgrees(component, defaultManifests);
  });

  test('every writable path the Deployment mounts exists in the image, owned by USER', () => {
    expectWritablePathsAgree(component, defaultManifests);
  });

  test('the Deployment sets the same HOSTNAME and PORT as the image (frontend)', () => {
    if (component !== 'frontend') return;
    const env = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
    const imageEnv = envOf(finalStage(parse(component)));
    expect([env.HOSTNAME, env.PORT]).toEqual([imageEnv.HOSTNAME, imageEnv.PORT]);
  });

  test('a uid, gid or port changed on the chart side alone fails these checks', () => {
    const uid = synthPlainManifests({ global: { runAsUser: 1002 } });
    expect(containerOf(component, uid).securityContext.runAsUser).toBe(1002);
    expect(() => expectUserAgrees(component, uid)).toThrow();

    const gid = synthPlainManifests({ global: { runAsGroup: 1002 } });
    expect(containerOf(component, gid).securityContext.runAsGroup).toBe(1002);
    expect(() => expectUserAgrees(component, gid)).toThrow();

    const port = synthPlainManifests({ [component]: { containerPort: 4321 } });
    expect(containerOf(component, port).ports[0].containerPort).toBe(4321);
    expect(() => expectPortAgrees(component, port)).toThrow();
  });

  test('an uploads path changed on the chart side alone fails the writable-path check (backend)', () => {
    if (component !== 'backend') return;
    const moved = synthPlainManifests({ backend: { uploadsPath: '/app/files' } });
    expect(containerOf(component, moved).volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/app/files');
    expect(() => expectWritablePathsAgree(component, moved)).toThrow();
  });
});

describe.each(['frontend', 'backend'] as const)('%s.Dockerfile follows the rules for both images', (component) => {
  const content = readDocker(`${component}.Dockerfile`);
  const dockerfile = DockerfileParser.parse(content);
  const stages = stagesOf(dockerfile);

  test('base images have a fixed tag, never latest', () => {
    for (const { from } of stages) {
      const tag = from.getImageTag();
      expect(tag).not.toBeNull();
      expect(tag).not.toBe('latest');
      expect(from.getImage()).not.toMatch(/\$/);
    }
  });

  test('no ADD', () => {
    expect(dockerfile.getInstructions().filter((i) => i.getKeyword() === 'ADD')).toEqual([]);
  });

  test('COPY --from names only earlier stages', () => {
    stages.forEach((stage, i) => {
      const earlier = stages.slice(0, i).map((s) => s.name);
      for (const copy of ofKeyword<Copy>(stage, 'COPY')) {
        const from = copyFrom(copy);
        if (from !== null) expect(earlier).toContain(from);
      }
    });
  });

  test('every WORKDIR is absolute', () => {
    const workdirs = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'WORKDIR').map((i) => words(i).join(' '));
    expect(workdirs.length).toBeGreaterThan(0);
    for (const w of workdirs) expect(w.startsWith('/')).toBe(true);
  });

  test('apt-get installs without recommends and cleans its lists; apk adds without a cache', () => {
    const runs = dockerfile.getInstructions().filter((i): i is Run => i.getKeyword() === 'RUN').map(runText);
    for (const run of runs) {
      if (/\bapt-get\b.*\binstall\b/.test(run)) {
        expect(run).toMatch(/--no-install-recommends/);
        expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
      }
      if (/\bapt\b\s+install\b/.test(run)) throw new Error(`use apt-get, not apt, in scripts: ${run}`);
      if (/\bapk\b.*\badd\b/.test(run)) expect(run).toMatch(/--no-cache/);
    }
  });

  test('every file COPY takes from the context survives the ignore file', () => {
    const { patterns } = ignoreFileOf(component);
    const fromContext = dockerfile.getCOPYs().filter((c) => copyFrom(c) === null).flatMap((c) => copyPaths(c).sources);
    expect(fromContext.length).toBeGreaterThan(0);
    for (const source of fromContext.filter((s) => s !== '.')) expect([source, isIgnored(patterns, source)]).toEqual([source, false]);
  });

  test('the ignore file sits beside the Dockerfile under BuildKit\'s per-Dockerfile name', () => {
    expect(() => readDocker(`${component}.Dockerfile.dockerignore`)).not.toThrow();
  });

  // dockerfile-utils (rcjsuen/dockerfile-utils, the validator behind the Docker language server in VS Code):
  // maintained; checks syntax, flags, stage names and references, JSON forms, WORKDIR. Default settings.
  test('dockerfile-utils validator finds nothing', () => {
    expect(validate(content)).toEqual([]);
  });

  // dockerfilelint (replicatedhq/dockerfilelint): no longer developed, but its rules are the best-practice
  // ones this task asks for (missing or latest tag, apt-get -y/--no-install-recommends/lists removal, apk
  // --no-cache, sudo, EXPOSE host ports, ...). All rules on: no .dockerfilelintrc exists in docker/.
  test('dockerfilelint finds nothing, with every rule on', () => {
    expect(existsSync(path.join(DOCKER_DIR, '.dockerfilelintrc'))).toBe(false);
    expect(dockerfilelint.run(DOCKER_DIR, content)).toEqual([]);
  });
});

describe('the linters are not vacuous', () => {
  const bad = [
    'FROM node:latest',
    'ADD https://example.com/x.tgz /x',
    'RUN apt-get update && apt-get install curl',
    'WORKDIR app',
    'COPY --from=nowhere /a /b',
    'CMD node server.js',
    '',
  ].join('\n');

  test('dockerfilelint reports a latest tag and apt-get without -y, recommends or list removal', () => {
    const rules = dockerfilelint.run(DOCKER_DIR, bad).map((item) => item.rule);
    expect(rules).toEqual(expect.arrayContaining(['latest_tag', 'apt-get_missing_param', 'apt-get_recommends', 'apt-get_missing_rm']));
  });

  test('dockerfile-utils reports a relative WORKDIR', () => {
    expect(validate(bad).map((d) => d.code)).toEqual([ValidationCode.WORKDIR_IS_NOT_ABSOLUTE]);
  });
});
