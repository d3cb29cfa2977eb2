/** A settings reference made from the declarations: one Markdown table row per setting, for docs and `arachne settings --docs`. */
import type { Settings } from './settings.js';
import { typeOf } from './declaration.js';

/** The declared settings of `settings` (those of one declarer, if `source` is given) as a Markdown table. */
export function settingsReference(settings: Settings, source?: string): string {
  const rows = settings.declaredKeys().flatMap((key) => {
    const declared = settings.declarationOf(key)!;
    if (source !== undefined && declared.source !== source) return [];
    const { declaration } = declared;
    const type = declaration.choices ? declaration.choices.map((choice) => `'${choice}'`).join(' \\| ') : typeOf(key, declaration);
    return [`| \`${key}\` | ${type} | \`${JSON.stringify(declaration.default)}\` | ${declaration.doc.replaceAll('|', '\\|')} | ${declared.source} |`];
  });
  return ['| setting | type | default | meaning | declared by |', '|---|---|---|---|---|', ...rows].join('\n');
}
