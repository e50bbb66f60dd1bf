// Size limits of the code (README, Contributing): no file of src/ or extensions/ over 600 lines, no
// function (declaration, expression, arrow, method, accessor, constructor) over 150 lines. Every
// .ts/.tsx file is parsed with the TypeScript compiler API, so a function is measured from its
// first to its last line, wherever it is nested.
//
// PENDING lists what is over a limit today while other branches bring it under. An entry may not
// grow; a new file or function over a limit fails; an entry that is back under its limit (or gone)
// fails too, asking for its removal, so the list only ever shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 150;
const ROOTS = ['src', 'extensions'];
const root = path.resolve(__dirname, '..');

/** `file` → lines, or `file#function` → lines, as measured when the entry was added. */
const PENDING: Record<string, number> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name.startsWith('.')
        ? []
        : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The name a function is known by: its own, or the variable, property or class member it is. */
function functionName(node: ts.FunctionLikeDeclaration, sourceFile: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return ts.isIdentifier(node.name) ? node.name.text : node.name.getText(sourceFile);
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  return `(anonymous, line ${line})`;
}

/** The functions of a file longer than the limit, with their lengths in lines. */
function longFunctions(sourceFile: ts.SourceFile): [string, number][] {
  const found: [string, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const last = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = last - first + 1;
      if (length > MAX_FUNCTION_LINES)
        found.push([functionName(node as ts.FunctionLikeDeclaration, sourceFile), length]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Every file and function over its limit: key → lines. */
function measure(): Map<string, number> {
  const over = new Map<string, number>();
  for (const file of ROOTS.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const lines = lineCount(text);
    if (lines > MAX_FILE_LINES) over.set(file, lines);
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const [name, length] of longFunctions(sourceFile)) over.set(`${file}#${name}`, length);
  }
  return over;
}

describe('code size limits', () => {
  const over = measure();

  it(`keeps every file under ${MAX_FILE_LINES} and every function under ${MAX_FUNCTION_LINES} lines`, () => {
    const failures = [...over]
      .filter(([key, lines]) => PENDING[key] === undefined || lines > PENDING[key])
      .map(([key, lines]) =>
        PENDING[key] === undefined
          ? `${key}: ${lines} lines, over the limit (split it)`
          : `${key}: grew from ${PENDING[key]} to ${lines} lines (pending entries may only shrink)`,
      );
    expect(failures).toEqual([]);
  });

  it('lists as pending only what is still over a limit', () => {
    const removable = Object.keys(PENDING)
      .filter((key) => !over.has(key))
      .map((key) => `${key}: now within the limit, remove it from PENDING`);
    expect(removable).toEqual([]);
  });

  it('measures functions of every kind, nested ones included', () => {
    const body = Array.from(
      { length: MAX_FUNCTION_LINES },
      (_, index) => `  const v${index} = ${index};`,
    );
    const text = [
      'export function outer() {',
      '  const inner = () => {',
      ...body,
      '  };',
      '  return inner;',
      '}',
      'class K {',
      '  method() {',
      ...body,
      '  }',
      '}',
    ].join('\n');
    const sourceFile = ts.createSourceFile('probe.ts', text, ts.ScriptTarget.Latest, true);
    const found = longFunctions(sourceFile).map(([name]) => name);
    expect(found.sort()).toEqual(['inner', 'method', 'outer']);
  });
});
