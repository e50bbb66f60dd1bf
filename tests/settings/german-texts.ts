// Collects every German text a user can read outside the three UI catalogues: each `de:` of a
// `{ en, de }` message in the backend's sources (src/domain, src/server, src/jobs, src/private,
// the preview host, the settings page's and cards' libraries), the German strings a source
// builds positionally (`p(…, 'Lead score', 'Lead-Score')`, `l('…', '…')`), the settings page's
// German field messages, and the German labels of the workflow actions. Template literals keep
// their fixed parts, with "…" where a value is filled in, so a term the glossary forbids is found
// wherever it is written.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');

/** One German text and where it is written. */
export interface GermanText {
  text: string;
  where: string;
}

/** The files of a folder, recursively, that end in one of `extensions`. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'node_modules' ? [] : filesUnder(path, extensions);
    return extensions.some((extension) => name.endsWith(extension)) ? [path] : [];
  });
}

/** The fixed text of a string-valued expression; "…" stands for what is filled in. */
function textsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node))
    return [node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join('')];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node))
    return textsOf(node.expression);
  if (ts.isConditionalExpression(node))
    return [...textsOf(node.whenTrue), ...textsOf(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textsOf(node.left);
    const right = textsOf(node.right);
    return [`${left.join(' ') || '…'}${right.join(' ') || '…'}`];
  }
  if (ts.isBinaryExpression(node)) return [...textsOf(node.left), ...textsOf(node.right)];
  if (ts.isCallExpression(node)) return node.arguments.flatMap((argument) => textsOf(argument));
  if (ts.isArrayLiteralExpression(node))
    return node.elements.flatMap((element) => textsOf(element));
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) return textsOf(node.body);
  return [];
}

const isNamed = (name: ts.PropertyName, wanted: string) =>
  (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === wanted;

/** Functions whose last string argument is German: `(en, de)` helpers and property specs. */
const POSITIONAL: Record<string, (args: readonly ts.Expression[]) => ts.Expression | undefined> = {
  // const l = (en, de) => ({ en, de })
  l: (args) => (args.length === 2 ? args[1] : undefined),
  // p(object, name, kind, labelEn, labelDe, …)
  p: (args) => args[4],
};

/** The German texts of one TypeScript source. */
function germanInSource(path: string): GermanText[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: GermanText[] = [];
  const add = (node: ts.Node, texts: string[]) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    for (const text of texts) found.push({ text, where: `${relative(ROOT, path)}:${line}` });
  };
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && isNamed(node.name, 'de'))
      add(node, textsOf(node.initializer));
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const pick = POSITIONAL[node.expression.text]?.(node.arguments);
      if (pick !== undefined) add(node, textsOf(pick));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The German field messages of the settings page (lib/field-messages.ts): the text each of its
 * rules answers with (the right-hand side of every `[pattern, (m) => '…']`).
 */
function fieldMessages(): GermanText[] {
  const path = join(ROOT, 'extensions/app/settings/lib/field-messages.ts');
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: GermanText[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node) && node.elements.length === 2) {
      const [pattern, answer] = node.elements;
      if (pattern && answer && ts.isRegularExpressionLiteral(pattern)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        for (const text of textsOf(answer))
          found.push({ text, where: `${relative(ROOT, path)}:${line}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every string below a `de` key (or a German label map) of a JSON value. */
function germanInJson(value: unknown, where: string, german = false): GermanText[] {
  if (typeof value === 'string') return german ? [{ text: value, where }] : [];
  if (Array.isArray(value)) return value.flatMap((item) => germanInJson(item, where, german));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      germanInJson(item, where, german || key === 'de'),
    );
  return [];
}

/** The workflow actions' German labels (`labels.de` of every *-hsmeta.json). */
function workflowActions(): GermanText[] {
  const dir = join(ROOT, 'extensions/app/workflow-actions');
  return filesUnder(dir, ['-hsmeta.json']).flatMap((path) =>
    germanInJson(JSON.parse(readFileSync(path, 'utf8')), relative(ROOT, path)),
  );
}

/** The sources whose `de:` texts reach a user (the UI catalogues are checked on their own). */
const SOURCE_DIRS = [
  'src/contract',
  'src/domain',
  'src/runtime',
  'src/store',
  'src/server',
  'src/jobs',
  'src/private',
  'src/hubspot',
  'src/local-portal/preview',
  'extensions/app/settings/lib',
  'extensions/app/cards/lib',
  'extensions/app/pages/lib',
];

/** Every German text outside the UI catalogues, grouped by where it comes from. */
export function backendGermanTexts(): Record<string, GermanText[]> {
  const sources = SOURCE_DIRS.flatMap((dir) =>
    filesUnder(join(ROOT, dir), ['.ts', '.tsx'])
      .filter((path) => !path.includes('/messages/'))
      .flatMap(germanInSource),
  );
  return {
    'backend and library sources': sources,
    'settings field messages': fieldMessages(),
    'workflow actions': workflowActions(),
  };
}
