/**
 * Feed URIs: the `-o`/`-O FILE[:FORMAT]` command-line form, and the
 * `%(name)s` placeholders a URI may hold (as Scrapy: `%(time)s` and any spider
 * attribute, e.g. `%(name)s` or a spider argument).
 */
import { SettingsError } from '../errors.js';
import type { FeedOptions } from './feedOptions.js';
import { FEED_FORMATS, formatFromExtension, isFeedFormat } from './formats.js';

function formatHelp(uri: string): string {
  return `Supported formats: ${FEED_FORMATS.join(', ')}; give one as the file extension or after a colon, e.g. -o ${uri}:jsonl (-o -:jsonl writes to stdout)`;
}

/**
 * A `FEEDS` entry from a `-o` (append) or `-O` (overwrite) argument:
 * `out.json`, `out.txt:jsonl`, `-:csv` (stdout), `file:///tmp/out.xml`.
 */
export function parseFeedArgument(arg: string, overwrite: boolean): [string, Partial<FeedOptions>] {
  const colon = arg.lastIndexOf(':');
  const suffix = arg.slice(colon + 1);
  // A suffix is a format only if it is a bare word: "file:///x.json" ends in a path, not a format.
  const explicit = colon > 0 && /^[A-Za-z]\w*$/.test(suffix);
  const uri = explicit ? arg.slice(0, colon) : arg;
  const format = explicit ? suffix : formatFromExtension(uri);
  if (format === undefined) throw new SettingsError(`Cannot tell the output format of "${arg}". ${formatHelp(uri)}`);
  if (!isFeedFormat(format)) throw new SettingsError(`Unrecognized output format "${format}" in "${arg}". ${formatHelp(uri)}`);
  return [uri === '-' ? 'stdout:' : uri, { format, overwrite }];
}

const PLACEHOLDER = /%\((\w+)\)[sd]/g;

/**
 * Fill a URI's `%(key)s` placeholders: `time` is the UTC time as
 * `2024-05-01T12-30-00`; any other key is a spider attribute.
 */
export function renderFeedUri(uri: string, spider: object, now: Date = new Date()): string {
  return uri.replace(PLACEHOLDER, (_match, key: string) => {
    if (key === 'time') return now.toISOString().slice(0, 19).replaceAll(':', '-');
    const value = (spider as Record<string, unknown>)[key];
    if (['string', 'number', 'boolean', 'bigint'].includes(typeof value)) return String(value);
    throw new SettingsError(`feed URI "${uri}": the placeholder %(${key})s names no spider attribute (use %(time)s, %(name)s or a spider argument)`);
  });
}
