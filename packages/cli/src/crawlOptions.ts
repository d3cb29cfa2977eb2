/**
 * The options `crawl`, `runspider` and `fetch` share: spider arguments, settings,
 * feeds and logging. Parsed here without loading @arachne/core.
 */
import type { Command } from 'commander';
import { UsageError } from './errors.js';

export interface SettingsOptions {
  set: string[];
}

export interface LogOptions {
  loglevel?: string;
  nolog?: boolean;
  logfile?: string;
}

export interface CrawlOptions extends SettingsOptions, LogOptions {
  arg: string[];
  output: string[];
  overwriteOutput: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addSettingsOptions(command: Command): Command {
  return command.option('-s, --set <KEY=VALUE>', 'set a setting at command-line priority (repeatable)', collect, []);
}

export function addLogOptions(command: Command): Command {
  return command
    .option('-L, --loglevel <LEVEL>', 'log level: DEBUG, INFO, WARNING, ERROR or CRITICAL (DEBUG also prints stack traces)')
    .option('--nolog', 'disable logging')
    .option('--logfile <FILE>', 'write the log to FILE instead of stderr');
}

/** `-a NAME=VALUE`, repeatable: spider arguments. */
export function addSpiderArgumentOption(command: Command): Command {
  return command.option('-a, --arg <NAME=VALUE>', 'set a spider argument (repeatable)', collect, []);
}

export function addCrawlOptions(command: Command): Command {
  addSpiderArgumentOption(command);
  addSettingsOptions(command);
  command
    .option('-o, --output <FILE[:FORMAT]>', 'append scraped items to FILE ("-" for stdout; repeatable)', collect, [])
    .option('-O, --overwrite-output <FILE[:FORMAT]>', 'write scraped items to FILE, replacing it (repeatable)', collect, []);
  return addLogOptions(command);
}

/** Split `NAME=VALUE` at the first `=`; `usage` (`-s KEY=VALUE`) goes in the error. */
export function parseAssignment(text: string, usage: string): [string, string] {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq).trim() : '';
  if (!name) throw new UsageError(`invalid value "${text}": use ${usage}`);
  return [name, text.slice(eq + 1)];
}

/** `-a` values as the spider arguments record. */
export function spiderArguments(options: Pick<CrawlOptions, 'arg'>): Record<string, string> {
  return Object.fromEntries(options.arg.map((text) => parseAssignment(text, '-a NAME=VALUE')));
}

/** Whether errors should carry stack traces (`-L DEBUG`). */
export function wantsStackTraces(options: LogOptions): boolean {
  return options.loglevel?.toUpperCase() === 'DEBUG';
}
