/** The files `arachne startproject` writes: a config, an empty spiders directory and example components. */
import { pascalCase } from './spiderTemplate.js';

export interface ProjectTemplateOptions {
  /** The project name, already checked: letters, digits, `_` and `-`, starting with a letter. */
  name: string;
  /** How package.json asks for `@arachne/core` and `@arachne/cli`: version ranges or tarballs. */
  dependencies: Record<string, string>;
  /** A comment for package.json (its `//` field) on where those dependencies come from. */
  dependenciesNote?: string;
}

/** File contents by path relative to the project directory. */
export function projectTemplate({ name, dependencies, dependenciesNote }: ProjectTemplateOptions): Record<string, string> {
  // `my-shop` → `MyShop`, the prefix of the example classes.
  const prefix = pascalCase(name);
  return {
    'arachne.config.ts': configFile(name, prefix),
    'spiders/README.md': SPIDERS_README,
    'items.ts': itemsFile(name, prefix),
    'pipelines.ts': pipelinesFile(name, prefix),
    'middlewares.ts': middlewaresFile(name, prefix),
    'package.json': packageJson(name, dependencies, dependenciesNote),
    'tsconfig.json': TSCONFIG,
    '.gitignore': GITIGNORE,
    'pnpm-workspace.yaml': PNPM_SETTINGS,
  };
}

function configFile(name: string, prefix: string): string {
  return `/** Settings of the ${name} project: \`arachne settings\` prints them all, with their defaults. */
import { defineConfig } from '@arachne/core';

export default defineConfig({
  BOT_NAME: '${name}',
  // Where the spiders are; \`arachne genspider\` writes new ones into the first entry.
  SPIDER_MODULES: ['spiders'],

  // Crawl responsibly: identify yourself (and your website) in the user agent.
  // USER_AGENT: '${name} (+https://www.example.com)',

  // Obey robots.txt rules.
  ROBOTSTXT_OBEY: true,

  // How many requests may run at once against one site, and the seconds to wait between them.
  // CONCURRENT_REQUESTS_PER_DOMAIN: 4,
  // DOWNLOAD_DELAY: 1,

  // Adapt the delay to each site's response times (starting at AUTOTHROTTLE_START_DELAY seconds).
  // AUTOTHROTTLE_ENABLED: true,
  // AUTOTHROTTLE_TARGET_CONCURRENCY: 1,

  // Keep responses on disk (under .arachne/httpcache) and replay them: handy while writing a spider.
  // HTTPCACHE_ENABLED: true,

  // Turn on the project's own components; the numbers order them among the built-in ones.
  // DOWNLOADER_MIDDLEWARES: { './middlewares.ts:${prefix}DownloaderMiddleware': 543 },
  // SPIDER_MIDDLEWARES: { './middlewares.ts:${prefix}SpiderMiddleware': 543 },
  // ITEM_PIPELINES: { './pipelines.ts:${prefix}Pipeline': 300 },
});
`;
}

const SPIDERS_README = `# Spiders

Every \`.ts\` file here (and in subdirectories) is searched for exported classes
that extend \`Spider\`. \`arachne genspider NAME DOMAIN\` writes a new one,
\`arachne list\` lists them and \`arachne crawl NAME\` runs one.
`;

function itemsFile(name: string, prefix: string): string {
  return `/**
 * The items the ${name} spiders yield. Give the type to a spider
 * (\`class ExampleSpider extends Spider<${prefix}Item>\`) and the compiler checks
 * what its callbacks yield; pipelines can take it too.
 */
export interface ${prefix}Item {
  url: string;
  title?: string;
}
`;
}

function pipelinesFile(name: string, prefix: string): string {
  return `/**
 * Item pipelines of the ${name} project: every scraped item goes through the
 * pipelines listed in ITEM_PIPELINES (arachne.config.ts), in order.
 */
import type { ItemPipeline, Spider } from '@arachne/core';
import type { ${prefix}Item } from './items.js';

export class ${prefix}Pipeline implements ItemPipeline<${prefix}Item> {
  /**
   * Return the item, changed or not, to pass it on, or throw \`DropItem\` to
   * discard it. May be async (to store the item in a database, say); the
   * optional \`openSpider(spider)\` and \`closeSpider(spider)\` hooks can open and
   * close such resources.
   */
  processItem(item: ${prefix}Item, _spider: Spider): ${prefix}Item {
    return item;
  }
}
`;
}

function middlewaresFile(name: string, prefix: string): string {
  return `/**
 * Middlewares of the ${name} project, off until listed in DOWNLOADER_MIDDLEWARES
 * or SPIDER_MIDDLEWARES (arachne.config.ts). Every hook is optional (delete the
 * ones you do not need) and may be async. A middleware is built as
 * \`new Class(crawler)\`: take the \`Crawler\` in a constructor to read settings or
 * stats, and throw \`NotConfigured\` there to leave the middleware out of a crawl.
 */
import type { DownloaderMiddleware, Request, Response, Spider, SpiderMiddleware } from '@arachne/core';

/** Sits between the engine and the downloader: sees every request and response. */
export class ${prefix}DownloaderMiddleware implements DownloaderMiddleware {
  /**
   * Called for each request on its way to the downloader. Return null to pass
   * it on, a Response to skip the download, a Request to send instead, or throw
   * \`IgnoreRequest\` to drop it.
   */
  processRequest(_request: Request, _spider: Spider): Response | Request | null {
    return null;
  }

  /**
   * Called with each downloaded response. Return it (or another Response), a
   * Request to schedule instead, or throw \`IgnoreRequest\`.
   */
  processResponse(_request: Request, response: Response, _spider: Spider): Response | Request {
    return response;
  }

  /**
   * Called when a download or a processRequest hook fails. Return null to let
   * the next middleware (and then the request's errback) handle the error, or
   * a Response or Request to recover.
   */
  processException(_request: Request, _error: Error, _spider: Spider): Response | Request | null {
    return null;
  }

  openSpider(spider: Spider): void {
    spider.logger.info(\`Spider opened: \${spider.name}\`);
  }
}

/** Sits between the engine and the spider: sees responses before callbacks, and what callbacks yield. */
export class ${prefix}SpiderMiddleware implements SpiderMiddleware {
  /** Called with each response before its callback. Return to pass it on; throw to send it to the errback. */
  processSpiderInput(_response: Response, _spider: Spider): void {
    // nothing to check
  }

  /**
   * Called with what a callback yields (items and requests): yield what should
   * go on, as it is, changed, or not at all.
   */
  async *processSpiderOutput(_response: Response, result: AsyncIterable<unknown> | Iterable<unknown>, _spider: Spider) {
    for await (const value of result) yield value;
  }

  /**
   * Called when a callback or a processSpiderInput hook throws. Return null to
   * pass the error on, or items and requests to yield instead.
   */
  processSpiderException(_response: Response, _error: Error, _spider: Spider): null {
    return null;
  }

  /** Called with the spider's start requests (and items): as processSpiderOutput, without a response. */
  async *processStart(start: AsyncIterable<unknown> | Iterable<unknown>, _spider: Spider) {
    for await (const value of start) yield value;
  }
}
`;
}

function packageJson(name: string, dependencies: Record<string, string>, note: string | undefined): string {
  const manifest = {
    // npm package names are lowercase.
    name: name.toLowerCase(),
    private: true,
    type: 'module',
    ...(note ? { '//': note } : {}),
    scripts: { crawl: 'arachne crawl', list: 'arachne list', typecheck: 'tsc' },
    dependencies,
    // tsc, with the types of the Node.js major version that created the project.
    devDependencies: { '@types/node': `^${process.versions.node.split('.')[0]}`, typescript: '~5.9.3' },
    // npm 11: the dependencies whose install scripts may run (esbuild's checks its binary).
    allowScripts: { esbuild: true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** pnpm reads its settings from this file, in a lone project too; it refuses to install without them. */
const PNPM_SETTINGS = `# pnpm: the dependencies whose install scripts may run (esbuild's checks its binary).
allowBuilds:
  esbuild: true
`;

const GITIGNORE = `node_modules/
# the HTTP cache and other crawl state
.arachne/
`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    },
  },
  null,
  2,
)}\n`;
