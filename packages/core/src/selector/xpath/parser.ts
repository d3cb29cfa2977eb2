/**
 * XPath 1.0 expressions (W3C XPath 1.0, §2–3) parsed into a small tree, by
 * recursive descent over the spec's grammar. Number literals also take an
 * exponent (`1e-7`), as libxml2 does.
 */

export type Axis =
  | 'ancestor'
  | 'ancestor-or-self'
  | 'attribute'
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'following'
  | 'following-sibling'
  | 'namespace'
  | 'parent'
  | 'preceding'
  | 'preceding-sibling'
  | 'self';

const AXES = new Set<string>([
  'ancestor', 'ancestor-or-self', 'attribute', 'child', 'descendant', 'descendant-or-self', 'following',
  'following-sibling', 'namespace', 'parent', 'preceding', 'preceding-sibling', 'self',
]);

export type NodeTest =
  | { kind: 'name'; prefix: string | null; local: string }
  /** `*` or `prefix:*`. */
  | { kind: 'any'; prefix: string | null }
  | { kind: 'node' }
  | { kind: 'text' }
  | { kind: 'comment' }
  | { kind: 'pi'; target: string | null };

export interface Step {
  axis: Axis;
  test: NodeTest;
  predicates: Expr[];
}

export type Expr =
  | { type: 'or' | 'and'; left: Expr; right: Expr }
  | { type: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { type: 'arithmetic'; op: '+' | '-' | '*' | 'div' | 'mod'; left: Expr; right: Expr }
  | { type: 'negate'; operand: Expr }
  | { type: 'union'; left: Expr; right: Expr }
  /** A location path (`filter` null) or a filter expression followed by steps. */
  | { type: 'path'; filter: Expr | null; absolute: boolean; steps: Step[] }
  | { type: 'filter'; primary: Expr; predicates: Expr[] }
  | { type: 'literal'; value: string }
  | { type: 'number'; value: number }
  | { type: 'variable'; prefix: string | null; name: string }
  | { type: 'call'; prefix: string | null; name: string; args: Expr[] };

export class XPathSyntaxError extends Error {}

type Token =
  | { type: 'op'; value: string }
  | { type: 'name'; value: string }
  | { type: 'literal'; value: string }
  | { type: 'number'; value: number }
  | { type: 'variable'; value: string }
  | { type: 'end'; value: '' };

const NODE_TYPES = new Set(['comment', 'text', 'processing-instruction', 'node']);
const OPERATOR_NAMES = new Set(['and', 'or', 'mod', 'div']);
// Tokens after which an operand comes, so `*` and `and`/`or`/`mod`/`div` there are names (XPath 1.0 §3.7).
const OPERAND_EXPECTED_AFTER = new Set(['@', '::', '(', '[', ',', 'and', 'or', 'mod', 'div', '*', '/', '//', '|', '+', '-', '=', '!=', '<', '<=', '>', '>=']);

const NAME_START = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
// A QName, or `prefix:*`.
// eslint-disable-next-line no-misleading-character-class -- combining marks (U+0300-036F) are XML name characters, as a range
const NAME = new RegExp(`${NCNAME}(?::(?:${NCNAME}|\\*))?`, 'y');
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = ['//', '::', '..', '!=', '<=', '>=', '(', ')', '[', ']', '.', '@', ',', '/', '|', '+', '-', '=', '<', '>', '*'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // XPath 1.0 §3.7: after an operand, `*` multiplies and `and`/`or`/`mod`/`div` are operators.
  const operatorExpected = (): boolean => {
    const previous = tokens[tokens.length - 1];
    return previous !== undefined && !(previous.type === 'op' && OPERAND_EXPECTED_AFTER.has(previous.value));
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end === -1) throw new XPathSyntaxError('Unfinished literal');
      tokens.push({ type: 'literal', value: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    if (ch === '$') {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(text);
      if (!name || name[0].endsWith('*')) throw new XPathSyntaxError('Invalid variable name');
      tokens.push({ type: 'variable', value: name[0] });
      i += 1 + name[0].length;
      continue;
    }
    if (ch === '*') {
      tokens.push(operatorExpected() ? { type: 'op', value: '*' } : { type: 'name', value: '*' });
      i++;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      const value = name[0];
      tokens.push(operatorExpected() && OPERATOR_NAMES.has(value) ? { type: 'op', value } : { type: 'name', value });
      i += value.length;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (!operator) throw new XPathSyntaxError(`Unexpected character ${JSON.stringify(ch)}`);
    tokens.push({ type: 'op', value: operator });
    i += operator.length;
  }
  tokens.push({ type: 'end', value: '' });
  return tokens;
}

export function parseXPath(text: string): Expr {
  return new Parser(tokenize(text)).parse();
}

class Parser {
  #position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.#or();
    if (this.#peek().type !== 'end') throw new XPathSyntaxError(`Unexpected ${describe(this.#peek())}`);
    return expr;
  }

  #peek(offset = 0): Token {
    return this.tokens[Math.min(this.#position + offset, this.tokens.length - 1)]!;
  }

  #next(): Token {
    const token = this.#peek();
    this.#position++;
    return token;
  }

  #isOp(value: string, offset = 0): boolean {
    const token = this.#peek(offset);
    return token.type === 'op' && token.value === value;
  }

  #expectOp(value: string): void {
    if (!this.#isOp(value)) throw new XPathSyntaxError(`Expected ${JSON.stringify(value)}, found ${describe(this.#peek())}`);
    this.#position++;
  }

  #binary<T extends string>(operand: () => Expr, operators: readonly T[], make: (op: T, left: Expr, right: Expr) => Expr): Expr {
    let left = operand();
    for (;;) {
      const token = this.#peek();
      if (token.type !== 'op' || !operators.includes(token.value as T)) return left;
      this.#position++;
      left = make(token.value as T, left, operand());
    }
  }

  #or = (): Expr => this.#binary(this.#and, ['or'], (_, left, right) => ({ type: 'or', left, right }));
  #and = (): Expr => this.#binary(this.#equality, ['and'], (_, left, right) => ({ type: 'and', left, right }));
  #equality = (): Expr => this.#binary(this.#relational, ['=', '!='] as const, (op, left, right) => ({ type: 'compare', op, left, right }));
  #relational = (): Expr => this.#binary(this.#additive, ['<', '<=', '>', '>='] as const, (op, left, right) => ({ type: 'compare', op, left, right }));
  #additive = (): Expr => this.#binary(this.#multiplicative, ['+', '-'] as const, (op, left, right) => ({ type: 'arithmetic', op, left, right }));
  #multiplicative = (): Expr => this.#binary(this.#unary, ['*', 'div', 'mod'] as const, (op, left, right) => ({ type: 'arithmetic', op, left, right }));

  #unary = (): Expr => {
    if (this.#isOp('-')) {
      this.#position++;
      return { type: 'negate', operand: this.#unary() };
    }
    return this.#union();
  };

  #union = (): Expr => this.#binary(this.#pathExpr, ['|'], (_, left, right) => ({ type: 'union', left, right }));

  #pathExpr = (): Expr => {
    const token = this.#peek();
    const startsFilter =
      token.type === 'variable' ||
      token.type === 'literal' ||
      token.type === 'number' ||
      this.#isOp('(') ||
      (token.type === 'name' && this.#isOp('(', 1) && !NODE_TYPES.has(token.value));
    if (!startsFilter) return this.#locationPath();
    let filter = this.#primary();
    const predicates = this.#predicates();
    if (predicates.length > 0) filter = { type: 'filter', primary: filter, predicates };
    if (this.#isOp('/') || this.#isOp('//')) {
      const steps: Step[] = [];
      this.#continuePath(steps);
      return { type: 'path', filter, absolute: false, steps };
    }
    return filter;
  };

  #primary(): Expr {
    const token = this.#next();
    switch (token.type) {
      case 'variable': {
        const [prefix, name] = splitQName(token.value);
        return { type: 'variable', prefix, name };
      }
      case 'literal':
        return { type: 'literal', value: token.value };
      case 'number':
        return { type: 'number', value: token.value };
      case 'op': {
        if (token.value !== '(') break;
        const expr = this.#or();
        this.#expectOp(')');
        return expr;
      }
      case 'name': {
        const [prefix, name] = splitQName(token.value);
        this.#expectOp('(');
        const args: Expr[] = [];
        if (!this.#isOp(')')) {
          args.push(this.#or());
          while (this.#isOp(',')) {
            this.#position++;
            args.push(this.#or());
          }
        }
        this.#expectOp(')');
        return { type: 'call', prefix, name, args };
      }
    }
    throw new XPathSyntaxError(`Unexpected ${describe(token)}`);
  }

  #predicates(): Expr[] {
    const predicates: Expr[] = [];
    while (this.#isOp('[')) {
      this.#position++;
      predicates.push(this.#or());
      this.#expectOp(']');
    }
    return predicates;
  }

  #locationPath(): Expr {
    const steps: Step[] = [];
    if (this.#isOp('/')) {
      this.#position++;
      if (this.#startsStep()) this.#relativePath(steps);
      return { type: 'path', filter: null, absolute: true, steps };
    }
    if (this.#isOp('//')) {
      this.#continuePath(steps);
      return { type: 'path', filter: null, absolute: true, steps };
    }
    this.#relativePath(steps);
    return { type: 'path', filter: null, absolute: false, steps };
  }

  /** Steps after a leading `/` or `//` (consumed here). */
  #continuePath(steps: Step[]): void {
    while (this.#isOp('/') || this.#isOp('//')) {
      if (this.#next().value === '//') steps.push(DESCENDANT_OR_SELF);
      steps.push(this.#step());
    }
  }

  #relativePath(steps: Step[]): void {
    steps.push(this.#step());
    this.#continuePath(steps);
  }

  #startsStep(): boolean {
    const token = this.#peek();
    return token.type === 'name' || this.#isOp('.') || this.#isOp('..') || this.#isOp('@');
  }

  #step(): Step {
    if (this.#isOp('.')) {
      this.#position++;
      return { axis: 'self', test: { kind: 'node' }, predicates: [] };
    }
    if (this.#isOp('..')) {
      this.#position++;
      return { axis: 'parent', test: { kind: 'node' }, predicates: [] };
    }
    let axis: Axis = 'child';
    if (this.#isOp('@')) {
      this.#position++;
      axis = 'attribute';
    } else {
      const token = this.#peek();
      if (token.type === 'name' && this.#isOp('::', 1)) {
        if (!AXES.has(token.value)) throw new XPathSyntaxError(`Unknown axis ${token.value}`);
        axis = token.value as Axis;
        this.#position += 2;
      }
    }
    return { axis, test: this.#nodeTest(), predicates: this.#predicates() };
  }

  #nodeTest(): NodeTest {
    const token = this.#next();
    if (token.type !== 'name') throw new XPathSyntaxError(`Expected a node test, found ${describe(token)}`);
    if (NODE_TYPES.has(token.value) && this.#isOp('(')) {
      this.#position++;
      let target: string | null = null;
      if (token.value === 'processing-instruction' && this.#peek().type === 'literal') target = this.#next().value as string;
      this.#expectOp(')');
      if (token.value === 'processing-instruction') return { kind: 'pi', target };
      return { kind: token.value as 'node' | 'text' | 'comment' };
    }
    if (token.value === '*') return { kind: 'any', prefix: null };
    const [prefix, local] = splitQName(token.value);
    if (local === '*') return { kind: 'any', prefix };
    return { kind: 'name', prefix, local };
  }
}

const DESCENDANT_OR_SELF: Step = { axis: 'descendant-or-self', test: { kind: 'node' }, predicates: [] };

function splitQName(qname: string): [string | null, string] {
  const colon = qname.indexOf(':');
  return colon === -1 ? [null, qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the expression';
  if (token.type === 'literal') return `literal ${JSON.stringify(token.value)}`;
  return JSON.stringify(String(token.value));
}
