/**
 * Builds the two images into minikube, tagged as the chart expects them.
 *
 *   node scripts/build-images.js --frontend-src ../todo-frontend --backend-src ../todo-backend [--dry-run]
 *
 * The image names and tags come from the chart's defaults (`defaultValues` in lib/todo-chatbot/values.ts),
 * so the images built here are the ones the Deployments ask for. The commands are written as one bash
 * script, which `--dry-run` prints and a real run pipes to `bash`: what is printed is what runs.
 *
 * Two ways to put the images into the cluster:
 * - `docker-env` (default): point the docker CLI at the Docker engine inside minikube
 *   (`minikube docker-env`, docker runtime only) and build there; nothing is copied afterwards.
 * - `load`: build with the local Docker engine, then `minikube image load` the image (any runtime).
 *
 * Nothing is reported as done that is not: a failing `minikube docker-env` (minikube stopped, a containerd or
 * CRI-O runtime) stops the script with a message instead of letting docker build into the host's engine; before
 * docker-env, the profile's runtime is read from `minikube profile list -o json`; and the script ends by checking
 * that `minikube image ls` lists every image it built.
 *
 * Every build runs with DOCKER_BUILDKIT=1: the per-Dockerfile ignore files (docker/*.Dockerfile.dockerignore)
 * are a BuildKit feature, and without buildx a docker CLI would otherwise fall back to the legacy builder,
 * which ignores them and would send node_modules, .env files and .git into the build.
 */
import { spawnSync } from 'child_process';
import { existsSync, statSync } from 'fs';
import * as path from 'path';
import { defaultValues } from '../lib/todo-chatbot/values';

/** The two images. */
export type Component = 'frontend' | 'backend';
export const COMPONENTS: readonly Component[] = ['frontend', 'backend'];

/** How the images get into the cluster. */
export type BuildMode = 'docker-env' | 'load';
export const BUILD_MODES: readonly BuildMode[] = ['docker-env', 'load'];

/** Files a source folder must have for its Dockerfile's first COPY. */
export const REQUIRED_SOURCE_FILES: { readonly [C in Component]: readonly string[] } = {
  frontend: ['package.json', 'package-lock.json'],
  backend: ['requirements.txt'],
};

/** The root of this repository. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** The Dockerfile of a component, and its ignore file (which BuildKit finds beside it by name). */
export function dockerfileOf(component: Component, repoRoot = REPO_ROOT): string {
  return path.join(repoRoot, 'docker', `${component}.Dockerfile`);
}

/** `repository:tag` of a component's image, from the chart's default values (or with another tag). */
export function imageOf(component: Component, tag?: string): string {
  const { repository, tag: defaultTag } = defaultValues[component].image;
  return `${repository}:${tag ?? defaultTag}`;
}

/**
 * The names `minikube image ls` may list an image under: Docker's normalized form (`todo-frontend:1.0.0` is
 * `docker.io/library/todo-frontend:1.0.0`) and the name as written.
 */
export function listedNamesOf(image: string): string[] {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const normalized = slash < 0 ? `docker.io/library/${image}` : hasRegistry ? image : `docker.io/${image}`;
  return normalized === image ? [image] : [normalized, image];
}

/** What to build. */
export interface BuildOptions {
  /** Source folder (the build context) of each component to build. */
  readonly sources: Partial<Readonly<Record<Component, string>>>;
  /** How the images get into the cluster. */
  readonly mode: BuildMode;
  /** The minikube profile (`minikube -p`). */
  readonly profile: string;
  /** The image tag; by default the chart's (`1.0.0`). A rebuild needs a new one (see docker/README.md). */
  readonly tag?: string;
  /** Print the commands instead of running them. */
  readonly dryRun: boolean;
}

/** One command line; `env` is set for that command only. */
export interface PlannedCommand {
  readonly env?: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
}

/**
 * A line of the script:
 * - `run`: a command (the script stops when it fails);
 * - `capture`: `NAME="$(command)" || fail MESSAGE`, so that a failing command stops the script with MESSAGE
 *   (`eval "$(command)"` would hide its failure from `set -e`);
 * - `evalVar`: `eval "$NAME"`, to take over the environment a captured command printed;
 * - `check`: `CONDITION || fail MESSAGE`.
 */
export type ScriptStep =
  | { readonly run: PlannedCommand }
  | { readonly capture: string; readonly outputOf: PlannedCommand; readonly orFail: string }
  | { readonly evalVar: string }
  | { readonly check: string; readonly orFail: string };

/** A bash condition: the captured `minikube image ls` output has one of the image's names as a whole line. */
function listedIn(variable: string, image: string): string {
  return `grep -qxF ${listedNamesOf(image).map((n) => `-e ${shellQuote(n)}`).join(' ')} <<<"$${variable}"`;
}

/** The steps that build the images of `options.sources` (absolute paths) into minikube, and prove they are there. */
export function planBuild(options: Pick<BuildOptions, 'sources' | 'mode' | 'profile' | 'tag'>, repoRoot = REPO_ROOT): ScriptStep[] {
  const minikube = ['minikube', '-p', options.profile];
  const steps: ScriptStep[] = [];
  if (options.mode === 'docker-env') {
    // --shell bash: the output is eval'd by bash, whatever the user's login shell.
    steps.push({
      capture: 'docker_env',
      outputOf: { argv: [...minikube, 'docker-env', '--shell', 'bash'] },
      orFail: `minikube docker-env failed (its message is above): start minikube (minikube -p ${options.profile} start); `
        + 'docker-env works only with the docker container runtime: with containerd or CRI-O, use --mode load',
    });
    steps.push({ evalVar: 'docker_env' });
    steps.push({
      check: 'test -n "${DOCKER_HOST:-}"',
      orFail: 'minikube docker-env set no DOCKER_HOST: docker would build into your own engine, not minikube\'s',
    });
  }
  const wanted = COMPONENTS.filter((c) => options.sources[c] !== undefined).map((c) => imageOf(c, options.tag));
  if (options.mode === 'load') {
    // minikube image load keeps an image that a running container uses (kubernetes/minikube#23023, until its fix
    // in 2026) and still exits 0: a tag already in minikube may never be replaced, so refuse it up front.
    steps.push({ capture: 'images_before', outputOf: { argv: [...minikube, 'image', 'ls'] }, orFail: 'minikube image ls failed (its message is above)' });
    for (const image of wanted) {
      steps.push({
        check: `! ${listedIn('images_before', image)}`,
        orFail: `${image} is already in minikube, and minikube image load keeps an image a container uses: build under a new tag `
          + `(--tag), or remove the old image first (minikube -p ${options.profile} image rm ${image}) if no pod runs it`,
      });
    }
  }
  for (const component of COMPONENTS) {
    const source = options.sources[component];
    if (source === undefined) continue;
    const image = imageOf(component, options.tag);
    steps.push({
      run: {
        env: { DOCKER_BUILDKIT: '1' },
        argv: ['docker', 'build', '--file', dockerfileOf(component, repoRoot), '--tag', image, source],
      },
    });
    if (options.mode === 'load') steps.push({ run: { argv: [...minikube, 'image', 'load', image] } });
  }
  // What the cluster's container runtime holds is the only proof: a build that went to another engine, or a
  // load or build that reported success without an image, stops here instead of in ImagePullBackOff.
  steps.push({
    capture: 'images',
    outputOf: { argv: [...minikube, 'image', 'ls'] },
    orFail: 'minikube image ls failed (its message is above)',
  });
  for (const image of wanted) {
    steps.push({ check: listedIn('images', image), orFail: `${image} is not in minikube (minikube -p ${options.profile} image ls does not list it)` });
  }
  return steps;
}

/** Quotes a word for bash when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function commandLine(command: PlannedCommand): string {
  const env = Object.entries(command.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return [...env, ...command.argv.map(shellQuote)].join(' ');
}

/** One line of bash per step. */
export function scriptLines(steps: readonly ScriptStep[]): string[] {
  return steps.map((step) => {
    if ('run' in step) return commandLine(step.run);
    if ('capture' in step) return `${step.capture}="$(${commandLine(step.outputOf)})" || fail ${shellQuote(step.orFail)}`;
    if ('evalVar' in step) return `eval "$${step.evalVar}"`;
    return `${step.check} || fail ${shellQuote(step.orFail)}`;
  });
}

/** The whole script: stop at the first failure with a message, show each command as it runs, end with the result. */
export function renderScript(steps: readonly ScriptStep[]): string {
  const images = steps.flatMap((step) => ('run' in step && step.run.argv[1] === 'build' ? [step.run.argv[step.run.argv.indexOf('--tag') + 1]] : []));
  return [
    'set -euo pipefail',
    'fail() { echo "build-images: $*" >&2; exit 1; }',
    'set -x',
    ...scriptLines(steps),
    `echo ${shellQuote(`build-images: ${images.join(' and ')} ${images.length === 1 ? 'is' : 'are'} in minikube`)}`,
    '',
  ].join('\n');
}

export const USAGE = `usage: node scripts/build-images.js --frontend-src DIR --backend-src DIR [options]

Builds ${imageOf('frontend')} and ${imageOf('backend')} (the chart's default images) into minikube.

  --frontend-src DIR   the Next.js app's source folder (or FRONTEND_SRC)
  --backend-src DIR    the FastAPI app's source folder (or BACKEND_SRC)
  --only COMPONENT     build only frontend or backend (then only its folder is needed)
  --tag TAG            image tag (default ${defaultValues.frontend.image.tag}, the chart's); every rebuild needs a new one,
                       then deploy it with --set frontend.image.tag=TAG (or backend)
  --mode MODE          docker-env (default: build in minikube's Docker engine; docker runtime only)
                       or load (build locally, then minikube image load; any runtime)
  -p, --profile NAME   minikube profile (or MINIKUBE_PROFILE; default minikube)
  --dry-run, --print   print the bash commands instead of running them
  -h, --help           this text`;

/** Thrown for a wrong command line or missing sources; the message is for the user. */
export class UsageError extends Error {}

/** Reads the command line and environment; source folders become absolute (relative to `cwd`). */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): BuildOptions | 'help' {
  let frontend = env.FRONTEND_SRC || undefined;
  let backend = env.BACKEND_SRC || undefined;
  let profile = env.MINIKUBE_PROFILE || 'minikube';
  let mode: BuildMode = 'docker-env';
  let only: Component | undefined;
  let tag: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('-'))) throw new UsageError(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--frontend-src': frontend = value(); break;
      case '--backend-src': backend = value(); break;
      case '-p': case '--profile': profile = value(); break;
      case '--mode': {
        const v = value();
        if (!(BUILD_MODES as readonly string[]).includes(v)) throw new UsageError(`--mode must be one of ${BUILD_MODES.join(', ')}, not ${JSON.stringify(v)}`);
        mode = v as BuildMode;
        break;
      }
      case '--only': {
        const v = value();
        if (!(COMPONENTS as readonly string[]).includes(v)) throw new UsageError(`--only must be one of ${COMPONENTS.join(', ')}, not ${JSON.stringify(v)}`);
        only = v as Component;
        break;
      }
      case '--tag': {
        const v = value();
        // Docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
        if (!/^[\w][\w.-]{0,127}$/.test(v)) throw new UsageError(`--tag must be a Docker tag (letters, digits, _ . -, at most 128), not ${JSON.stringify(v)}`);
        if (v === 'latest') throw new UsageError('--tag must not be latest: Kubernetes would try to pull it on every start');
        tag = v;
        break;
      }
      case '--dry-run': case '--print': dryRun = true; break;
      case '-h': case '--help': return 'help';
      default: throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  const wanted = only ? [only] : COMPONENTS;
  const given: Record<Component, string | undefined> = { frontend, backend };
  const sources: Partial<Record<Component, string>> = {};
  for (const component of wanted) {
    const source = given[component];
    if (source === undefined) {
      throw new UsageError(`the ${component} source folder is missing: pass --${component}-src DIR or set ${component.toUpperCase()}_SRC\n\n${USAGE}`);
    }
    sources[component] = path.resolve(cwd, source);
  }
  return { sources, mode, profile, ...(tag !== undefined ? { tag } : {}), dryRun };
}

/** What is wrong with the source folders (each must hold what its Dockerfile copies first). */
export function checkSources(sources: BuildOptions['sources']): string[] {
  const problems: string[] = [];
  for (const component of COMPONENTS) {
    const source = sources[component];
    if (source === undefined) continue;
    if (!existsSync(source) || !statSync(source).isDirectory()) {
      problems.push(`${component} source folder ${source} does not exist`);
      continue;
    }
    for (const file of REQUIRED_SOURCE_FILES[component]) {
      if (!existsSync(path.join(source, file))) problems.push(`${component} source folder ${source} has no ${file}`);
    }
  }
  return problems;
}

/**
 * The container runtime (`docker`, `containerd`, `crio`) the minikube profile was created with, as
 * `minikube profile list -o json` reports it; undefined when it cannot tell (no such profile, an older or newer
 * output format), in which case the script's own checks still stop a build that did not reach the cluster.
 */
export function containerRuntimeOf(profile: string, env: NodeJS.ProcessEnv): string | undefined {
  const listed = spawnSync('minikube', ['profile', 'list', '-o', 'json'], { env, encoding: 'utf-8' });
  if (listed.error || listed.status !== 0) return undefined;
  try {
    const data = JSON.parse(listed.stdout) as { valid?: unknown[]; invalid?: unknown[] };
    const profiles = [...(data.valid ?? []), ...(data.invalid ?? [])] as Array<{ Name?: string; Config?: { KubernetesConfig?: { ContainerRuntime?: string } } }>;
    const runtime = profiles.find((p) => p?.Name === profile)?.Config?.KubernetesConfig?.ContainerRuntime;
    return typeof runtime === 'string' && runtime !== '' ? runtime : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the command line; returns the exit code. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  let options: BuildOptions | 'help';
  try {
    options = parseArgs(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`build-images: ${err.message}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const script = renderScript(planBuild(options));
  if (options.dryRun) {
    process.stdout.write(script);
    return 0;
  }
  const problems = checkSources(options.sources);
  if (problems.length > 0) {
    process.stderr.write(problems.map((p) => `build-images: ${p}\n`).join(''));
    return 1;
  }
  if (options.mode === 'docker-env') {
    const runtime = containerRuntimeOf(options.profile, env);
    if (runtime !== undefined && runtime !== 'docker') {
      process.stderr.write(`build-images: minikube profile ${options.profile} runs the ${runtime} container runtime, and `
        + `minikube docker-env reaches a Docker engine only with the docker runtime: run again with --mode load\n`);
      return 1;
    }
  }
  const result = spawnSync('bash', ['-c', script], { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
