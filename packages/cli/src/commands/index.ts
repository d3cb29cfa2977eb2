/**
 * Every `arachne` command, in the order `--help` lists them. A command is one
 * module in this directory exporting a function that builds its commander
 * `Command` from the run's context; add it here to make it available.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { crawlCommand } from './crawl.js';
import { runSpiderCommand } from './runspider.js';
import { listCommand } from './list.js';
import { startProjectCommand } from './startproject.js';
import { genSpiderCommand } from './genspider.js';
import { fetchCommand } from './fetch.js';
import { parseCommand } from './parse.js';
import { settingsCommand } from './settings.js';
import { versionCommand } from './version.js';

export const COMMANDS: ReadonlyArray<(context: CliContext) => Command> = [
  crawlCommand,
  runSpiderCommand,
  listCommand,
  startProjectCommand,
  genSpiderCommand,
  fetchCommand,
  parseCommand,
  settingsCommand,
  versionCommand,
];
