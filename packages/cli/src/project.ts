/**
 * A project is a directory with an `arachne.config.ts` (or `.js`/`.mjs`), found
 * by walking up from the working directory; the file default-exports the
 * project's settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SettingsInput } from '@arachne/core';
import { CliError } from './errors.js';
import { displayPath, type UserModules } from './userModule.js';

export const CONFIG_FILES = ['arachne.config.ts', 'arachne.config.mts', 'arachne.config.js', 'arachne.config.mjs'];

export interface Project {
  dir: string;
  configFile: string;
  settings: SettingsInput;
}

/** The config file of the project containing `from`, if any. */
export function findProjectConfig(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function loadProject(modules: UserModules, from = process.cwd()): Promise<Project | undefined> {
  const configFile = findProjectConfig(from);
  if (!configFile) return undefined;
  const settings = (await modules.import(configFile)).default;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new CliError(`${displayPath(configFile)} must default-export the project settings: export default defineConfig({ ... })`);
  }
  return { dir: path.dirname(configFile), configFile, settings: settings as SettingsInput };
}
