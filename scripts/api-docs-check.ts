// `npm run docs:api` runs typedoc (typedoc.json: docs/api.md and docs/todo-chatbot-k8s/, and typedoc's JSON
// model in .cache/typedoc/api.json), then this check of what typedoc does not check itself: every public
// declaration and member has a description, every optional field of a props interface says its @default,
// and no public signature mentions a lib/ type that no entry point exports (types of imports/, the
// Kubernetes API, are reachable through the `k8s` namespace export).
import * as fs from 'fs';
import * as path from 'path';

/** The parts of typedoc's JSON model (`--json`) the check reads. */
export interface Reflection {
  readonly id: number;
  readonly name: string;
  readonly kind: number;
  readonly flags: { readonly isOptional?: boolean };
  readonly comment?: { readonly summary: ReadonlyArray<{ readonly text: string }>; readonly blockTags?: ReadonlyArray<{ readonly tag: string; readonly content: ReadonlyArray<{ readonly text: string }> }> };
  readonly children?: readonly Reflection[];
  readonly signatures?: readonly Reflection[];
  readonly getSignature?: Reflection;
  readonly inheritedFrom?: unknown;
  readonly type?: unknown;
  /** The project's: the package name. */
  readonly packageName?: string;
}

/** typedoc's ReflectionKind values the check needs. */
const KIND = { interface: 256, constructor: 512, property: 1024 } as const;

export const API_JSON_FILE = path.join(__dirname, '..', '.cache', 'typedoc', 'api.json');

const text = (parts: ReadonlyArray<{ readonly text: string }> | undefined) => (parts ?? []).map((p) => p.text).join('').trim();
/** The description of a declaration, or of its first signature (functions, methods) or getter; a `@deprecated` text counts. */
const descriptionOf = (r: Reflection) => {
  const comment = r.comment ?? r.signatures?.[0]?.comment ?? r.getSignature?.comment;
  return text(comment?.summary) || text(comment?.blockTags?.find((t) => t.tag === '@deprecated')?.content);
};
const defaultOf = (r: Reflection) => r.comment?.blockTags?.find((t) => t.tag === '@default' || t.tag === '@defaultValue');

/** Every type below `value` that typedoc found in the package's own files but does not document (not exported). */
function undocumentedReferences(value: unknown, ownPackage: string, out: Array<{ file: string; name: string }> = []): Array<{ file: string; name: string }> {
  if (Array.isArray(value)) value.forEach((v) => undocumentedReferences(v, ownPackage, out));
  else if (value && typeof value === 'object') {
    const ref = value as { type?: string; refersToTypeParameter?: boolean; target?: { packageName?: string; packagePath?: string; qualifiedName?: string } };
    if (ref.type === 'reference' && !ref.refersToTypeParameter && ref.target?.packageName === ownPackage && ref.target.packagePath) {
      out.push({ file: ref.target.packagePath, name: ref.target.qualifiedName ?? '?' });
    }
    Object.values(value).forEach((v) => undocumentedReferences(v, ownPackage, out));
  }
  return out;
}

/** The problems of typedoc's JSON model of the public API, one message each; empty when there are none. */
export function apiDocProblems(project: Reflection): string[] {
  const problems: string[] = [];
  for (const module of project.children ?? []) {
    for (const item of module.children ?? []) {
      const where = `${module.name}: ${item.name}`;
      if (!descriptionOf(item)) problems.push(`${where} has no TSDoc description`);
      for (const member of item.children ?? []) {
        if (member.inheritedFrom || member.kind === KIND.constructor) continue;
        if (!descriptionOf(member)) problems.push(`${where}.${member.name} has no TSDoc description`);
        if (item.kind !== KIND.interface || member.kind !== KIND.property) continue;
        const dflt = defaultOf(member);
        if (member.flags.isOptional && !dflt) problems.push(`${where}.${member.name} is optional but has no @default tag`);
        if (dflt && !text(dflt.content)) problems.push(`${where}.${member.name} has an empty @default tag`);
      }
    }
  }
  for (const ref of undocumentedReferences(project, project.packageName ?? project.name)) {
    if (ref.file.startsWith('lib/')) problems.push(`the public API mentions ${ref.name} (${ref.file}), which no entry point exports`);
  }
  return [...new Set(problems)];
}

if (require.main === module) {
  const file = process.argv[2] ?? API_JSON_FILE;
  const problems = apiDocProblems(JSON.parse(fs.readFileSync(file, 'utf-8')) as Reflection);
  for (const p of problems) process.stderr.write(`TSDoc: ${p}\n`);
  process.exitCode = problems.length ? 1 : 0;
}
