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

/** `repository:tag` of a component's image, from the chart's default values. */
export function imageOf(component: Component): string {
  const { repository, tag } = defaultValues[component].image;
  return `${repository}:${tag}`;
}

/** What to build. */
export interface BuildOptions {
  /** Source folder (the build context) of each component to build. */
  readonly sources: Partial<Readonly<Record<Component, string>>>;
  /** How the images get into the cluster. */
  readonly mode: BuildMode;
  /** The minikube profile (`minikube -p`). */
  readonly profile: string;
  /** Print the commands instead of running them. */
  readonly dryRun: boolean;
}

/** One command line; `env` is set for that command only. */
export interface PlannedCommand {
  readonly env?: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
}

/** A line of the script: a command, or `eval "$(<command>)"` to take over the environment it prints. */
export type ScriptStep = { readonly run: PlannedCommand } | { readonly evalOutputOf: PlannedCommand };

/** The steps that build the images of `options.sources` (absolute paths) into minikube. */
export function planBuild(options: Pick<BuildOptions, 'sources' | 'mode' | 'profile'>, repoRoot = REPO_ROOT): ScriptStep[] {
  const minikube = ['minikube', '-p', options.profile];
  const steps: ScriptStep[] = [];
  if (options.mode === 'docker-env') {
    // --shell bash: the output is eval'd by bash, whatever the user's login shell.
    steps.push({ evalOutputOf: { argv: [...minikube, 'docker-env', '--shell', 'bash'] } });
  }
  for (const component of COMPONENTS) {
    const source = options.sources[component];
    if (source === undefined) continue;
    const image = imageOf(component);
    steps.push({
      run: {
        env: { DOCKER_BUILDKIT: '1' },
        argv: ['docker', 'build', '--file', dockerfileOf(component, repoRoot), '--tag', image, source],
      },
    });
    if (options.mode === 'load') steps.push({ run: { argv: [...minikube, 'image', 'load', image] } });
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
  return steps.map((step) => ('run' in step ? commandLine(step.run) : `eval "$(${commandLine(step.evalOutputOf)})"`));
}

/** The whole script: stop at the first failure, and show each command as it runs. */
export function renderScript(steps: readonly ScriptStep[]): string {
  return ['set -euo pipefail', 'set -x', ...scriptLines(steps), ''].join('\n');
}

export const USAGE = `usage: node scripts/build-images.js --frontend-src DIR --backend-src DIR [options]

Builds ${imageOf('frontend')} and ${imageOf('backend')} (the chart's default images) into minikube.

  --frontend-src DIR   the Next.js app's source folder (or FRONTEND_SRC)
  --backend-src DIR    the FastAPI app's source folder (or BACKEND_SRC)
  --only COMPONENT     build only frontend or backend (then only its folder is needed)
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
  return { sources, mode, profile, dryRun };
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
  const result = spawnSync('bash', ['-c', script], { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
