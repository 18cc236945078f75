import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The repository's source files that `entry` (relative to the root) imports, directly or not, itself
 * included: relative imports only, as written (`./x` is `x.ts` or `x/index.ts`).
 */
export function localModuleGraph(entry: string, root = ROOT): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf-8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = path.posix.join(path.posix.dirname(file), ref.fileName);
      const target = [`${base}.ts`, `${base}/index.ts`].find((f) => fs.existsSync(path.join(root, f)));
      if (!target) throw new Error(`${file}: cannot resolve ${ref.fileName}`);
      visit(target);
    }
  };
  visit(entry);
  return [...seen].sort();
}

/** The lib/ and imports/ files `npm run build` compiles (tsconfig.build.json), relative to the root. */
export function packageSourceFiles(root = ROOT): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  return program.getSourceFiles().map((sf) => path.relative(root, sf.fileName).split(path.sep).join('/'))
    .filter((f) => f.startsWith('lib/') || f.startsWith('imports/')).sort();
}
