/**
 * How the browser is launched: Debian's Chromium (browser builds cannot be
 * downloaded here), headless, without the background connections Chromium
 * makes on its own (on a closed network they are refused many at a time).
 */
import { accessSync, constants } from 'node:fs';
import { SettingsError, type Settings } from '@arachne/core';
import type { LaunchOptions } from 'playwright-core';

/** Added to every launch; Playwright itself adds `--no-sandbox` (needed as root) unless `chromiumSandbox` is set. */
export const QUIET_CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** The options for chromium.launch(), checked: the executable must exist, and the launch options must be an object without a path of their own. */
export function launchOptions(settings: Settings): LaunchOptions {
  const executablePath = settings.get('PLAYWRIGHT_EXECUTABLE_PATH');
  const extra = settings.get('PLAYWRIGHT_LAUNCH_OPTIONS') as LaunchOptions;
  if ('executablePath' in extra) throw new SettingsError('PLAYWRIGHT_LAUNCH_OPTIONS: give the browser with PLAYWRIGHT_EXECUTABLE_PATH, not executablePath');
  if (extra.args !== undefined && !(Array.isArray(extra.args) && extra.args.every((arg) => typeof arg === 'string'))) {
    throw new SettingsError(`PLAYWRIGHT_LAUNCH_OPTIONS.args must be a list of strings, got ${JSON.stringify(extra.args)}`);
  }
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new SettingsError(
      `PLAYWRIGHT_EXECUTABLE_PATH: no browser at ${executablePath}. Install Debian's Chromium with "apt-get install -y chromium" `
      + '(it goes to /usr/bin/chromium), or set PLAYWRIGHT_EXECUTABLE_PATH to a Chromium executable.',
    );
  }
  return { headless: true, ...extra, executablePath, args: [...QUIET_CHROMIUM_ARGS, ...(extra.args ?? [])] };
}
