// npm run docs:api: writes docs/api.md, the API reference of the package, from the TSDoc in lib/.
// `--check` writes nothing and fails when docs/api.md differs from a fresh generation (test/api-docs.test.ts
// checks the same). The public API is what the package's entry points export: the `files` of
// tsconfig.build.json, published as `todo-chatbot-k8s`, `todo-chatbot-k8s/todo-chatbot` and `todo-chatbot-k8s/plus`.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const API_DOCS_FILE = path.join(ROOT, 'docs', 'api.md');

/** How a consumer imports each entry point (source file relative to the repository → import specifier). */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'lib/index.ts': 'todo-chatbot-k8s',
  'lib/todo-chatbot/index.ts': 'todo-chatbot-k8s/todo-chatbot',
  'lib/plus.ts': 'todo-chatbot-k8s/plus',
};

/**
 * Types the public API mentions although no entry point exports them: users get them through the exported
 * types built on them, but cannot name them. Each is the lead's call (export it, or keep it out of sight);
 * a type not listed here fails `apiDocProblems`.
 */
export const ACCEPTED_UNEXPORTED: readonly string[] = [];

/** One documented field, property or member. */
export interface ApiMember {
  readonly name: string;
  /** TypeScript text of the type or signature. */
  readonly type: string;
  readonly optional: boolean;
  readonly isStatic: boolean;
  readonly kind: 'property' | 'method';
  readonly description: string;
  /** Text of the `@default` tag; undefined when there is none. */
  readonly default?: string;
  /** Where it is declared, for messages: `lib/web-app.ts:12`. */
  readonly location: string;
}

/** One exported declaration. */
export interface ApiItem {
  readonly name: string;
  readonly kind: 'construct' | 'class' | 'interface' | 'type' | 'function' | 'const';
  readonly description: string;
  /** Interface: the interfaces it extends, as written. Class: the class it extends. */
  readonly extends: readonly string[];
  /** Class: `new X(...)`; function: its signature; type and const: their declaration. */
  readonly signature?: string;
  readonly members: readonly ApiMember[];
  readonly location: string;
}

/** One entry point and what it exports. */
export interface ApiEntryPoint {
  readonly specifier: string;
  readonly file: string;
  readonly items: readonly ApiItem[];
}

/** The public API, and the program it was read from. */
export interface ApiModel {
  readonly entryPoints: readonly ApiEntryPoint[];
  /** Every lib/ or imports/ declaration a public signature mentions, by name, with whether some entry point exports it. */
  readonly referencedTypes: ReadonlyArray<{ readonly name: string; readonly exported: boolean; readonly usedAt: string }>;
  /** Source files (relative) the entry points reach. */
  readonly reachableFiles: readonly string[];
}

/** Reads the public API from the entry points in tsconfig.build.json. */
export function readApiModel(root = ROOT): ApiModel {
  const configFile = path.join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const checker = program.getTypeChecker();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const where = (node: ts.Node) => {
    const sf = node.getSourceFile();
    return `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };

  const exportedSymbols = new Set<ts.Symbol>();
  const entryPoints: ApiEntryPoint[] = [];
  const fileNames = parsed.fileNames.map(rel);
  for (const file of Object.keys(ENTRY_POINTS)) {
    if (!fileNames.includes(file)) throw new Error(`${file} is not an entry point in tsconfig.build.json (${fileNames.join(', ')})`);
  }
  const usedTypes: Array<{ symbol: ts.Symbol; usedAt: string }> = [];

  for (const file of fileNames) {
    const specifier = ENTRY_POINTS[file];
    if (!specifier) throw new Error(`tsconfig.build.json compiles ${file}, which scripts/api-docs.ts does not know how consumers import`);
    const sourceFile = program.getSourceFile(path.join(root, file))!;
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile)!;
    const items: ApiItem[] = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      exportedSymbols.add(symbol);
      const item = describeSymbol(symbol, checker, where, (node) => collectTypeReferences(node, checker, usedTypes, where));
      if (item) items.push(item);
    }
    items.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
    entryPoints.push({ specifier, file, items });
  }

  const referenced = new Map<string, { name: string; exported: boolean; usedAt: string }>();
  for (const { symbol, usedAt } of usedTypes) {
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const file = rel(decl.getSourceFile().fileName);
    if (!file.startsWith('lib/') && !file.startsWith('imports/')) continue;
    if (decl.kind === ts.SyntaxKind.TypeParameter) continue;
    const key = `${file}#${symbol.name}`;
    if (!referenced.has(key)) {
      // imports/k8s.ts is reachable as a whole through the `k8s` types the constructs expose (KubeDeployment, Probe, ...).
      const exported = exportedSymbols.has(symbol) || file.startsWith('imports/');
      referenced.set(key, { name: `${symbol.name} (${file})`, exported, usedAt });
    }
  }

  const reachableFiles = program.getSourceFiles().map((sf) => rel(sf.fileName))
    .filter((f) => f.startsWith('lib/') || f.startsWith('imports/')).sort();
  return { entryPoints, referencedTypes: [...referenced.values()], reachableFiles };
}

const KIND_ORDER: readonly ApiItem['kind'][] = ['construct', 'interface', 'class', 'type', 'function', 'const'];

function describeSymbol(
  symbol: ts.Symbol, checker: ts.TypeChecker, where: (node: ts.Node) => string, uses: (node: ts.Node) => void,
): ApiItem | undefined {
  const decl = symbol.declarations?.[0];
  if (!decl) return undefined;
  const description = docOf(symbol, checker);
  const location = where(decl);

  if (ts.isClassDeclaration(decl)) {
    const classType = checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType;
    const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    const ctorIsPrivate = ctor ? hasModifier(ctor, ts.SyntaxKind.PrivateKeyword) : false;
    const ctorIsProtected = ctor ? hasModifier(ctor, ts.SyntaxKind.ProtectedKeyword) : false;
    if (ctor && !ctorIsPrivate) ctor.parameters.forEach(uses);
    const isAbstract = hasModifier(decl, ts.SyntaxKind.AbstractKeyword);
    const members: ApiMember[] = [];
    for (const member of decl.members) {
      if (!member.name || ts.isConstructorDeclaration(member)) continue;
      if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) continue;
      if (ts.isPrivateIdentifier(member.name)) continue;
      const memberSymbol = checker.getSymbolAtLocation(member.name);
      if (!memberSymbol || isInternal(memberSymbol)) continue;
      const isStatic = hasModifier(member, ts.SyntaxKind.StaticKeyword);
      if (ts.isMethodDeclaration(member)) {
        uses(member);
        members.push({
          name: memberSymbol.name, kind: 'method', isStatic, optional: false, location: where(member),
          type: signatureText(member, checker), description: docOf(memberSymbol, checker),
        });
      } else if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) {
        uses(member);
        members.push({
          name: memberSymbol.name, kind: 'property', isStatic, optional: !!(memberSymbol.flags & ts.SymbolFlags.Optional),
          location: where(member), type: typeTextOf(member, checker), description: docOf(memberSymbol, checker),
          default: defaultOf(memberSymbol, checker),
        });
      }
    }
    const isConstruct = extendsConstruct(classType, checker);
    return {
      name: symbol.name,
      kind: isConstruct ? 'construct' : 'class',
      description,
      extends: base ? [normalize(base.getText())] : [],
      signature: ctorIsPrivate || (!ctor && decl.members.every((m) => hasModifier(m, ts.SyntaxKind.StaticKeyword))) ? undefined
        : `${ctorIsProtected || isAbstract ? `${isAbstract ? 'abstract class' : 'class'} ${symbol.name} { ${ctorIsProtected ? 'protected ' : ''}constructor(` : `new ${symbol.name}(`}`
          + `${(ctor?.parameters ?? []).map((p) => parameterText(p, checker)).join(', ')})${ctorIsProtected || isAbstract ? ' }' : ''}`,
      members,
      location,
    };
  }

  if (ts.isInterfaceDeclaration(decl)) {
    const members: ApiMember[] = [];
    for (const member of decl.members) {
      if (!member.name) continue;
      const memberSymbol = checker.getSymbolAtLocation(member.name);
      if (!memberSymbol) continue;
      uses(member);
      members.push({
        name: memberSymbol.name,
        kind: ts.isMethodSignature(member) ? 'method' : 'property',
        isStatic: false,
        optional: !!member.questionToken,
        location: where(member),
        type: ts.isMethodSignature(member) ? signatureText(member, checker) : typeTextOf(member, checker),
        description: docOf(memberSymbol, checker),
        default: defaultOf(memberSymbol, checker),
      });
    }
    decl.heritageClauses?.forEach(uses);
    decl.typeParameters?.forEach(uses);
    return {
      name: symbol.name,
      kind: 'interface',
      description,
      extends: decl.heritageClauses?.flatMap((h) => h.types.map((t) => normalize(t.getText()))) ?? [],
      signature: decl.typeParameters ? `interface ${symbol.name}<${decl.typeParameters.map((p) => normalize(p.getText())).join(', ')}>` : undefined,
      members,
      location,
    };
  }

  if (ts.isTypeAliasDeclaration(decl)) {
    uses(decl.type);
    decl.typeParameters?.forEach(uses);
    return {
      name: symbol.name, kind: 'type', description, extends: [], members: [], location,
      signature: `type ${symbol.name}${decl.typeParameters ? `<${decl.typeParameters.map((p) => normalize(p.getText())).join(', ')}>` : ''} = ${normalize(stripComments(decl.type.getText()))}`,
    };
  }

  if (ts.isFunctionDeclaration(decl)) {
    uses(decl);
    return {
      name: symbol.name, kind: 'function', description, extends: [], members: [], location,
      signature: `function ${signatureText(decl, checker)}`,
    };
  }

  if (ts.isVariableDeclaration(decl)) {
    if (decl.type) uses(decl.type);
    return {
      name: symbol.name, kind: 'const', description, extends: [], members: [], location,
      signature: `const ${symbol.name}: ${typeTextOf(decl, checker)}`,
    };
  }
  return undefined;
}

/** `name(params): returnType` as declared (a return type the declaration leaves out is inferred). */
function signatureText(decl: ts.SignatureDeclaration, checker: ts.TypeChecker): string {
  const name = decl.name ? decl.name.getText() : '';
  const typeParams = decl.typeParameters ? `<${decl.typeParameters.map((p) => normalize(p.getText())).join(', ')}>` : '';
  const params = decl.parameters.map((p) => parameterText(p, checker)).join(', ');
  const signature = checker.getSignatureFromDeclaration(decl);
  const returns = decl.type ? normalize(decl.type.getText())
    : signature ? typeString(checker, checker.getReturnTypeOfSignature(signature), decl) : 'void';
  return `${name}${typeParams}(${params}): ${returns}`;
}

/** A parameter without modifiers; one with a default value is shown optional (the default is in the description). */
function parameterText(p: ts.ParameterDeclaration, checker: ts.TypeChecker): string {
  const optional = p.questionToken || p.initializer ? '?' : '';
  const type = p.type ? stripComments(p.type.getText()) : typeString(checker, checker.getTypeAtLocation(p), p);
  return normalize(`${p.dotDotDotToken ? '...' : ''}${p.name.getText()}${optional}: ${type}`);
}

const TYPE_FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

/**
 * The declared type as written; else, for an `as const` value, the value itself (its type is that literal);
 * else the inferred type.
 */
function typeTextOf(decl: ts.PropertyDeclaration | ts.PropertySignature | ts.GetAccessorDeclaration | ts.VariableDeclaration | ts.TypeElement, checker: ts.TypeChecker): string {
  const declared = (decl as { type?: ts.TypeNode }).type;
  if (declared) return normalize(stripComments(declared.getText()));
  const initializer = (decl as { initializer?: ts.Expression }).initializer;
  if (initializer && ts.isAsExpression(initializer) && initializer.type.getText() === 'const') {
    const value = normalize(stripComments(initializer.expression.getText()));
    if (value.length <= 400) return value;
  }
  return typeString(checker, checker.getTypeAtLocation(decl), decl);
}

/** A type as TypeScript prints it, without `import("/abs/path")` qualifiers; cut short (by TypeScript) when long. */
function typeString(checker: ts.TypeChecker, type: ts.Type, where: ts.Node): string {
  const clean = (text: string) => text.replace(/import\("[^"]*"\)\./g, '');
  const full = clean(checker.typeToString(type, where, TYPE_FORMAT));
  if (full.length <= 240) return full;
  const cut = full.slice(0, 200);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(';'), cut.lastIndexOf(',')) + 1)} …`;
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function defaultOf(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === 'default' || t.name === 'defaultValue');
  return tag ? ts.displayPartsToString(tag.text).trim() : undefined;
}

function isInternal(symbol: ts.Symbol): boolean {
  return symbol.declarations?.some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal')) ?? false;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function extendsConstruct(type: ts.InterfaceType, checker: ts.TypeChecker): boolean {
  for (const base of checker.getBaseTypes(type)) {
    const decl = base.symbol?.declarations?.[0];
    if (base.symbol?.name === 'Construct' && decl && /[\\/]node_modules[\\/]constructs[\\/]/.test(decl.getSourceFile().fileName)) return true;
    if (extendsConstruct(base as ts.InterfaceType, checker)) return true;
  }
  return false;
}

/** Records every named type the node's type annotations mention. */
function collectTypeReferences(node: ts.Node, checker: ts.TypeChecker, out: Array<{ symbol: ts.Symbol; usedAt: string }>, where: (node: ts.Node) => string): void {
  const visit = (n: ts.Node) => {
    if (ts.isBlock(n)) return; // bodies are not part of the signature
    if ((ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isTypeQueryNode(n))) {
      const target = ts.isTypeReferenceNode(n) ? n.typeName : ts.isTypeQueryNode(n) ? n.exprName : n.expression;
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (symbol) out.push({ symbol, usedAt: where(n) });
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/,\s*([}\]>)])/g, ' $1').trim();
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// Markdown

const HEADINGS: Readonly<Record<ApiItem['kind'], string>> = {
  construct: 'Constructs',
  interface: 'Props and other interfaces',
  class: 'Classes',
  type: 'Types',
  function: 'Functions',
  const: 'Constants',
};

/** docs/api.md. */
export function renderApiDocs(model: ApiModel): string {
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Generated from the TSDoc in lib/ by `npm run docs:api` (scripts/api-docs.ts); do not edit by hand. -->',
    '',
    `The package has ${model.entryPoints.length} entry points:`,
    '',
  ];
  for (const entry of model.entryPoints) {
    out.push(`- [\`${entry.specifier}\`](#${anchor(entry.specifier)}) (\`${entry.file}\`): ${entrySummary(entry)}`);
  }
  out.push('');
  out.push(
    'cdk8s and constructs are peer dependencies (cdk8s-plus-28 an optional one, which only `todo-chatbot-k8s/plus`',
    'loads): install them next to the package, so that the constructs join your own construct tree. Fields marked',
    '*required* must be given; every other field shows its default. `k8s.*` types are the Kubernetes 1.28 objects',
    'that `cdk8s import k8s@1.28.0` generates (`imports/k8s.ts`, compiled into the package).',
  );

  const known = new Set(model.entryPoints.flatMap((e) => e.items.map((i) => i.name)));
  for (const entry of model.entryPoints) {
    out.push('', `## ${entry.specifier}`, '', '```ts', `import { ${entry.items.slice(0, 3).map((i) => i.name).join(', ')}, ... } from '${entry.specifier}';`, '```');
    for (const kind of KIND_ORDER) {
      const items = entry.items.filter((i) => i.kind === kind);
      if (items.length === 0) continue;
      out.push('', `### ${HEADINGS[kind]}`);
      for (const item of items) out.push('', ...renderItem(item, known));
    }
  }
  return `${out.join('\n')}\n`;
}

function entrySummary(entry: ApiEntryPoint): string {
  const constructs = entry.items.filter((i) => i.kind === 'construct').map((i) => `\`${i.name}\``);
  const rest = entry.items.length - constructs.length;
  return `${constructs.length ? `${constructs.join(', ')} and ` : ''}${rest} further exports.`;
}

function renderItem(item: ApiItem, known: ReadonlySet<string>): string[] {
  const out = [`#### ${item.name}`, ''];
  if (item.description) out.push(item.description, '');
  if (item.signature) out.push('```ts', item.signature, '```', '');
  const propsType = item.kind === 'construct' ? /props\??: (\w+)/.exec(item.signature ?? '')?.[1] : undefined;
  if (propsType && known.has(propsType)) out.push(`Props: [\`${propsType}\`](#${anchor(propsType)}).`, '');
  if (item.extends.length) {
    out.push(`Extends ${item.extends.map((e) => linkType(e, known)).join(', ')}${item.kind === 'interface' ? ': its fields apply too.' : '.'}`, '');
  }
  if (item.kind === 'interface') {
    const fields = item.members.filter((m) => m.kind === 'property');
    if (fields.length) {
      out.push('| Field | Type | Default | Description |', '| --- | --- | --- | --- |');
      for (const f of fields) {
        const dflt = !f.optional ? '*required*' : f.default === undefined ? '' : renderDefault(f.default);
        out.push(`| \`${f.name}\` | ${code(f.type)} | ${cell(dflt)} | ${cell(f.description)} |`);
      }
      out.push('');
    }
    const methods = item.members.filter((m) => m.kind === 'method');
    if (methods.length) out.push(...memberTable('Method', methods), '');
  } else if (item.kind === 'construct' || item.kind === 'class') {
    const statics = item.members.filter((m) => m.isStatic);
    const instance = item.members.filter((m) => !m.isStatic);
    const staticProps = statics.filter((m) => m.kind === 'property');
    const staticMethods = statics.filter((m) => m.kind === 'method');
    const props = instance.filter((m) => m.kind === 'property');
    const methods = instance.filter((m) => m.kind === 'method');
    if (staticMethods.length) out.push(...memberTable('Static method', staticMethods), '');
    if (staticProps.length) out.push(...memberTable('Static property', staticProps), '');
    if (props.length) out.push(...memberTable('Property', props), '');
    if (methods.length) out.push(...memberTable('Method', methods), '');
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function memberTable(title: string, members: readonly ApiMember[]): string[] {
  const isMethod = members[0].kind === 'method';
  const rows = members.map((m) => (isMethod
    ? `| ${code(m.type)} | ${cell(m.description)} |`
    : `| \`${m.name}${m.optional ? '?' : ''}\` | ${code(m.type)} | ${cell(m.description)} |`));
  return isMethod
    ? [`| ${title} | Description |`, '| --- | --- |', ...rows]
    : [`| ${title} | Type | Description |`, '| --- | --- | --- |', ...rows];
}

/** `@default - words` is prose; anything else is a value, shown as code. */
function renderDefault(text: string): string {
  if (text.startsWith('- ')) return text.slice(2);
  return code(text);
}

function linkType(text: string, known: ReadonlySet<string>): string {
  const name = /^[A-Za-z_$][\w$]*/.exec(text)?.[0];
  return name && known.has(name) ? `[\`${text}\`](#${anchor(name)})` : `\`${text}\``;
}

/** GitHub's heading anchor. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

/** Text as a code span that survives a table cell. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replace(/\|/g, '\\|')}${fence}`;
}

/** Prose for a table cell: one line, pipes escaped, `<` outside code spans escaped. */
function cell(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;'))).join('').replace(/\|/g, '\\|');
}

// ---------------------------------------------------------------------------------------------------------
// Checks

/**
 * Each public interface field without a description, each optional one without `@default`, and each
 * type a public signature mentions that no entry point exports.
 */
export function apiDocProblems(model: ApiModel): string[] {
  const problems: string[] = [];
  for (const entry of model.entryPoints) {
    for (const item of entry.items) {
      if (!item.description) problems.push(`${item.location}: ${item.name} has no TSDoc description`);
      for (const m of item.members) {
        if (!m.description) problems.push(`${m.location}: ${item.name}.${m.name} has no TSDoc description`);
        if (item.kind === 'interface' && m.kind === 'property' && m.optional && m.default === undefined) {
          problems.push(`${m.location}: ${item.name}.${m.name} is optional but has no @default tag`);
        }
        if (item.kind === 'interface' && m.default === '') problems.push(`${m.location}: ${item.name}.${m.name} has an empty @default tag`);
      }
    }
  }
  for (const t of model.referencedTypes) {
    if (!t.exported && !ACCEPTED_UNEXPORTED.includes(t.name)) problems.push(`${t.usedAt}: the public API mentions ${t.name}, which no entry point exports`);
  }
  return problems;
}

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

/** Generates docs/api.md; with `check`, only compares. Returns the process exit code. */
export function main(argv: readonly string[]): number {
  const model = readApiModel();
  const problems = apiDocProblems(model);
  const text = renderApiDocs(model);
  if (argv.includes('--check')) {
    const current = fs.existsSync(API_DOCS_FILE) ? fs.readFileSync(API_DOCS_FILE, 'utf-8') : '';
    if (current !== text) {
      process.stderr.write(`${path.relative(process.cwd(), API_DOCS_FILE)} is out of date: run npm run docs:api\n`);
      return 1;
    }
  } else {
    fs.mkdirSync(path.dirname(API_DOCS_FILE), { recursive: true });
    fs.writeFileSync(API_DOCS_FILE, text);
    process.stderr.write(`wrote ${path.relative(process.cwd(), API_DOCS_FILE)}\n`);
  }
  for (const p of problems) process.stderr.write(`TSDoc: ${p}\n`);
  return problems.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------------------
// README

/** The example that test/package-consumer.test.ts compiles and synthesizes in a fresh project. */
export const CONSUMER_EXAMPLE_FILE = path.join(ROOT, 'examples', 'consumer', 'main.ts');

/**
 * The body of README.md's "Use the constructs in your project" section (between `<!-- consumer:start -->`
 * and `<!-- consumer:end -->`): install, peer dependencies, examples/consumer/main.ts verbatim, and a link
 * to the API reference. Versions and names come from package.json, so the section cannot drift from it.
 */
export function consumerReadmeSection(root = ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')) as {
    name: string; version: string; peerDependencies: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>; dependencies?: Record<string, string>;
  };
  const example = fs.readFileSync(path.join(root, 'examples', 'consumer', 'main.ts'), 'utf-8');
  const peers = Object.entries(pkg.peerDependencies);
  const required = peers.filter(([name]) => !pkg.peerDependenciesMeta?.[name]?.optional);
  const optional = peers.filter(([name]) => pkg.peerDependenciesMeta?.[name]?.optional);
  const list = (entries: Array<[string, string]>) => entries.map(([name, range]) => `${name} (\`${range}\`)`).join(' and ');
  const tarball = `${pkg.name}-${pkg.version}.tgz`;
  return [
    `\`WebApp\`, \`ApiService\`, \`HealthProbes\` and \`AppSecrets\` are an npm package, \`${pkg.name}\`, compiled from`,
    '`lib/` with type declarations (`npm run build`; `npm pack` builds it first). It is not published to a',
    'registry (`"private": true` keeps it from being published by accident): pack it here and install the',
    'tarball in your cdk8s project.',
    '',
    '```bash',
    `npm ci && npm pack                  # in this repository: writes ${tarball}`,
    `npm install /path/to/${tarball} ${peers.map(([name]) => name).join(' ')}   # in your project`,
    '```',
    '',
    `${list(required)} are peer dependencies: the constructs join your app's construct tree instead of`,
    `bringing a copy of their own.${optional.length ? ` ${list(optional)} is an optional peer dependency: only \`${pkg.name}/plus\` loads it,` : ''}`,
    ...(optional.length ? [
      'which makes the constructs fit cdk8s-plus: `WorkloadPods.of(workload)` is a pod selector and a network-policy',
      'peer, `envValuesOf(secrets)` gives `EnvValue`s, `probesOf(probes)` gives `Probe`s (the example below uses all three).',
    ] : []),
    `The package brings ${Object.keys(pkg.dependencies ?? {}).map((d) => `\`${d}\``).join(' and ')} and the Kubernetes 1.28 API objects it is built on.`,
    '',
    'This is [examples/consumer/main.ts](examples/consumer/main.ts). A test packs the project, installs the',
    'tarball into a fresh project outside the repository with only cdk8s, cdk8s-plus-28, constructs and',
    'TypeScript, compiles this file with that project\'s `tsc` under `strict`, synthesizes it and checks the',
    'manifests:',
    '',
    '```ts',
    example.trimEnd(),
    '```',
    '',
    'Bad props fail synthesis with the same messages as in this project, naming the construct, the field and',
    'the value, e.g. `WebApp \'my-chart/web\': nodePort must be an integer from 30000 to 32767, got 80`; so do',
    'conflicts, naming both sides: two objects of one kind and name in a chart, a label that would change a',
    'selector label, a variable set by two props, an image tagged `latest` or not at all',
    '([examples/consumer/invalid-props.ts](examples/consumer/invalid-props.ts)). The whole todo-chatbot app',
    `is exported too, for your own values: \`import { TodoChatbotChart, withValues } from '${pkg.name}/todo-chatbot'\``,
    '([examples/consumer/todo-chatbot-app.ts](examples/consumer/todo-chatbot-app.ts)).',
    '',
    'Every construct, its props with each field\'s type and default, and the helper types:',
    '[API reference](docs/api.md) (generated from the TSDoc by `npm run docs:api`). Changes to the API, breaking',
    'ones with the version bump they need: [CHANGELOG.md](CHANGELOG.md) (in the package too).',
    '',
  ].join('\n');
}
