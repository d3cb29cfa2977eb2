/**
 * The settings a command runs with: defaults < the project's `arachne.config.ts`
 * (priority 'project') < the command line (`-s`, `-o`/`-O`, `-L`, `--nolog`,
 * `--logfile`; priority 'cmdline'). A spider's `customSettings` go in between
 * when its crawl starts.
 */
import path from 'node:path';
import { Settings, SettingsError, SETTINGS_PRIORITIES, parseFeedArgument, type SettingsInput } from '@arachne/core';
import { parseAssignment, type CrawlOptions } from './crawlOptions.js';
import type { Project } from './project.js';
import { displayPath } from './userModule.js';

/** Outside a project, relative component paths resolve from `baseDir`. */
export function buildSettings(project: Project | undefined, baseDir: string, options: Partial<CrawlOptions> = {}): Settings {
  const settings = new Settings();
  settings.baseDir = project?.dir ?? baseDir;
  // The command owns its process, so it may tune V8 for a long crawl (docs/settings.md); a library crawl leaves Node alone.
  settings.set('HEAP_GROWTH_PERCENT', 30, 'command');
  if (project) {
    const source = displayPath(project.configFile);
    try {
      settings.update(project.settings, 'project', source);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      throw new SettingsError(`${source}: ${error.message}`);
    }
  }
  for (const text of options.set ?? []) {
    const [key, value] = parseAssignment(text, '-s KEY=VALUE');
    settings.setRaw(key, value, 'cmdline');
  }
  settings.update(logSettings(options), 'cmdline');
  const feeds = cmdlineFeeds(options);
  if (feeds) {
    // Command-line feeds replace the project's FEEDS (as Scrapy's -o) but join any `-s FEEDS=...`.
    const fromSet = settings.getPriority('FEEDS') === SETTINGS_PRIORITIES.cmdline ? settings.get('FEEDS') : {};
    settings.set('FEEDS', { ...fromSet, ...feeds }, 'cmdline');
  }
  return settings;
}

function logSettings(options: Partial<CrawlOptions>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (options.loglevel !== undefined) values.LOG_LEVEL = options.loglevel;
  if (options.nolog) values.LOG_ENABLED = false;
  if (options.logfile !== undefined) values.LOG_FILE = path.resolve(options.logfile);
  return values;
}

function cmdlineFeeds(options: Partial<CrawlOptions>): SettingsInput['FEEDS'] | undefined {
  const args = [...(options.output ?? []).map((arg) => [arg, false] as const), ...(options.overwriteOutput ?? []).map((arg) => [arg, true] as const)];
  if (args.length === 0) return undefined;
  return Object.fromEntries(args.map(([arg, overwrite]) => parseFeedArgument(arg, overwrite)));
}
