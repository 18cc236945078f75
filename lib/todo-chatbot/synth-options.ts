/** Where and with which values `main.ts` synthesizes. */
export interface SynthOptions {
  /** Output folder. */
  readonly outdir: string;
  /** Values files merged over the defaults, in order. */
  readonly valuesFiles: readonly string[];
}

const USAGE = 'usage: npm run synth -- [-f|--values FILE]... [-o|--output DIR]\n'
  + '  (or TODO_CHATBOT_VALUES=FILE[,FILE...] cdk8s synth)';

/** Reads `-f/--values FILE` (repeatable) and `-o/--output DIR`; TODO_CHATBOT_VALUES and CDK8S_OUTDIR also work. */
export function parseSynthOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SynthOptions {
  const valuesFiles = (env.TODO_CHATBOT_VALUES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  let outdir = env.CDK8S_OUTDIR || 'dist';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return value;
    };
    if (arg === '-f' || arg === '--values') valuesFiles.push(next());
    else if (arg === '-o' || arg === '--output') outdir = next();
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { outdir, valuesFiles };
}
