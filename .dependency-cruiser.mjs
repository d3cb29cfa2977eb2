/**
 * Import rules `pnpm lint` checks (dependency-cruiser): no import cycle
 * between folders — type-only imports included, since a type cycle ties the
 * layers together as much as a value one (within a folder, Request and
 * Response may name each other) — and components never reach up into the engine.
 */
export default {
  forbidden: [
    {
      name: 'no-cycles-across-folders',
      severity: 'error',
      comment: 'Imports run one way: utils, http, settings → components → engine. Move the shared type down (see component/context.ts).',
      from: { path: '^packages/([^/]+/src/[^/]+)/' },
      to: { circular: true, viaSomeNot: '^packages/$1/' },
    },
    {
      name: 'components-do-not-import-the-engine',
      severity: 'error',
      comment: 'Components see the crawl through CrawlerContext (component/context.ts), not the Crawler or the engine.',
      from: { path: '^packages/core/src/(?!engine/|index\\.ts|internals\\.ts)', pathNot: '(\\.test\\.ts$|/fixtures/)' },
      to: { path: '^packages/core/src/engine/(crawler|crawlerProcess|engine|scraper|componentPlan)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|\\.cache|/dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['@arachne/source', 'import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
