/**
 * Builds the benchmark crawl as it would run in production: `crawl.ts` and
 * @arachne/core compiled to one ES module by esbuild, so the measured process
 * runs plain JavaScript without the tsx loader (which costs about 40 MB of RSS
 * and a loader thread). Third-party packages stay separate imports, resolved
 * from @arachne/core's own node_modules: the output is written under it
 * (those only another of our packages depends on, by absolute path).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const coreDir = path.join(here, '..', 'packages', 'core');

/** Dependencies of our other packages, not of @arachne/core: imported by absolute path, since the output sits under core. */
const OUTSIDE_CORE = new Set(['playwright-core']);

/** Bare imports (got, cheerio, ...) stay imports; only our own packages are compiled in. */
const dependenciesExternal: Plugin = {
  name: 'dependencies-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@arachne/') || args.pluginData === OUTSIDE_CORE) return undefined;
      if (!OUTSIDE_CORE.has(args.path)) return { path: args.path, external: true };
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: OUTSIDE_CORE });
      return { path: resolved.path, external: true };
    });
  },
};

/** Compile `bench/<entry>.ts`; returns the path of the JavaScript module. */
export async function buildBenchScript(entry: string): Promise<string> {
  const outfile = path.join(coreDir, '.bench-build', `${entry}.mjs`);
  await build({
    entryPoints: [path.join(here, `${entry}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // @arachne/core from its TypeScript sources, so the benchmark measures the code as it is now, built or not.
    conditions: ['@arachne/source'],
    plugins: [dependenciesExternal],
    logLevel: 'warning',
  });
  return outfile;
}
