import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvalidInputError } from '../validation';

/** Where and with which values `main.ts` synthesizes. */
export interface SynthOptions {
  /** Output folder. */
  readonly outdir: string;
  /** Values files merged over the defaults, in order. */
  readonly valuesFiles: readonly string[];
  /**
   * Print the usage and do nothing else.
   * @default false
   */
  readonly help?: boolean;
  /**
   * A folder the cdk8s CLI asked for (`CDK8S_OUTDIR`) that only receives a copy of the manifests, because the CLI
   * empties it before the app runs (see `CDK8S_STAGING_DIR`).
   * @default - none
   */
  readonly cdk8sStagingDir?: string;
}

/** The default output folder. */
export const DEFAULT_OUTDIR = 'dist';

/**
 * cdk8s.yaml's `output`: `cdk8s synth` empties its output folder before the app runs, so it is pointed at this
 * scratch folder, and the app writes dist/ itself, only after every value has been checked. A bad values file
 * then leaves dist/ as it was. (`cdk8s synth --output DIR` still has DIR emptied by the CLI itself.)
 */
export const CDK8S_STAGING_DIR = '.cache/cdk8s-synth';

export const USAGE = 'usage: npm run synth -- [-f|--values FILE]... [-o|--output DIR]\n'
  + '  (or TODO_CHATBOT_VALUES=FILE[,FILE...] cdk8s synth)';

/**
 * Reads `-f/--values FILE` (repeatable) and `-o/--output DIR` (also as `--values=FILE`, `--output=DIR`) and `-h`;
 * TODO_CHATBOT_VALUES and CDK8S_OUTDIR also work. Throws an `InvalidInputError` for a flag it does not know or
 * a flag without its value.
 */
export function parseSynthOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SynthOptions {
  const valuesFiles = (env.TODO_CHATBOT_VALUES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  let outdir = DEFAULT_OUTDIR;
  let cdk8sStagingDir: string | undefined;
  if (env.CDK8S_OUTDIR !== undefined) {
    if (path.resolve(env.CDK8S_OUTDIR) === path.resolve(CDK8S_STAGING_DIR)) cdk8sStagingDir = env.CDK8S_OUTDIR;
    else outdir = env.CDK8S_OUTDIR;
  }
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = (what: string) => {
      const given = inline ?? argv[++i];
      if (given === undefined || (inline === undefined && given.startsWith('-') && given !== '-')) {
        throw new InvalidInputError(`${flag} needs ${what}\n${USAGE}`);
      }
      if (given.trim() === '') throw new InvalidInputError(`${flag} needs ${what}, got an empty one\n${USAGE}`);
      return given;
    };
    if (flag === '-f' || flag === '--values') valuesFiles.push(value('a values file'));
    else if (flag === '-o' || flag === '--output') outdir = value('an output folder');
    else if (flag === '-h' || flag === '--help') help = true;
    else throw new InvalidInputError(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
  }
  return { outdir, valuesFiles, help, cdk8sStagingDir };
}

/**
 * Refuses an output folder that is not a folder of its own: `/`, the home folder, the current folder or one of its
 * parents, or a path that exists and is not a folder. The synthesis only ever replaces its own files there, but
 * a folder like these is never what was meant.
 */
export function checkOutputFolder(outdir: string, cwd: string = process.cwd(), home: string = os.homedir()): void {
  const target = path.resolve(cwd, outdir);
  const here = path.resolve(cwd);
  const describe = `-o ${JSON.stringify(outdir)}`;
  if (target === path.parse(target).root) throw new InvalidInputError(`${describe} is the root folder: give the synthesis a folder of its own, such as dist`);
  if (target === path.resolve(home)) throw new InvalidInputError(`${describe} is your home folder: give the synthesis a folder of its own, such as dist`);
  if (target === here || here.startsWith(`${target}${path.sep}`)) {
    throw new InvalidInputError(`${describe} is the current folder or one of its parents: give the synthesis a folder of its own, such as dist`);
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) throw new InvalidInputError(`${describe} is a file, not a folder`);
}
