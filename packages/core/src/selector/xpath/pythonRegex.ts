/**
 * Python `re` syntax, which lxml's EXSLT regular-expression functions take,
 * turned into JavaScript's: named groups `(?P<name>...)` and back-references
 * `(?P=name)`, `\A` and `\Z`, and a leading inline `(?i)`; replacement
 * templates with `\1`, `\g<1>` and `\g<name>`.
 */

export function pythonRegExp(pattern: string, ignoreCase: boolean, global: boolean): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]!.includes('i')) ignoreCase = true;
    if (inline[1]!.includes('m')) flags += 'm';
    if (inline[1]!.includes('s')) flags += 's';
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  return new RegExp(source, ignoreCase ? `${flags}i` : flags);
}

const TEMPLATE = /\\(?:g<(\w+)>|(\d{1,2})|(.))/gs;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/** A replacer for `String.replace` that expands a Python `re.sub` template. */
export function pythonReplacement(template: string): (match: string, ...rest: unknown[]) => string {
  return (match: string, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
    const groups = rest.slice(0, named ? -3 : -2) as (string | undefined)[];
    return template.replace(TEMPLATE, (whole, reference?: string, digits?: string, escaped?: string) => {
      const ref = reference ?? digits;
      if (ref !== undefined) {
        if (/^\d+$/.test(ref)) return ref === '0' ? match : (groups[Number(ref) - 1] ?? '');
        return named?.[ref] ?? '';
      }
      return ESCAPES[escaped!] ?? whole;
    });
  };
}
