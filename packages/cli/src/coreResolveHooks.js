/**
 * Module resolution hooks, registered by bin/arachne.js with `module.register`
 * (plain JavaScript: they run on the loader thread, before TypeScript support).
 *
 * - `@arachne/*` imports from any file (a lone spider in /tmp, a project with no
 *   node_modules) resolve from the CLI package first, so user code shares the
 *   CLI's copy of @arachne/core: one `Spider` class, one component registry.
 * - A user file outside any `"type": "module"` package that is written with
 *   `import`/`export` loads as ESM; otherwise it would be compiled to CommonJS,
 *   whose `require` bypasses these hooks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ESM_SYNTAX = /^\s*(?:import\s*[\w*{'"]|export\s)/m;
let cliUrl;

export function initialize(data) {
  cliUrl = data.cliUrl;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('@arachne/')) {
    try {
      return await nextResolve(specifier, { ...context, parentURL: cliUrl });
    } catch {
      // not a dependency of the CLI: resolve from the importing file as usual
    }
  }
  const resolved = await nextResolve(specifier, context);
  if (resolved.format === 'commonjs' && isUserSource(resolved.url) && ESM_SYNTAX.test(readFileSync(fileURLToPath(resolved.url), 'utf8'))) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}

function isUserSource(url) {
  return url.startsWith('file:') && !url.includes('/node_modules/') && /\.[jt]sx?$/.test(url);
}
