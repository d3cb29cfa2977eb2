/**
 * Typed project settings for `arachne.config.ts`:
 * `export default defineConfig({ BOT_NAME: 'quotes', SPIDER_MODULES: ['spiders'] })`.
 * An identity function: it lets the compiler reject unknown keys and wrong value types.
 */
import type { SettingsInput } from './settings.js';

export function defineConfig(settings: SettingsInput): SettingsInput {
  return settings;
}
