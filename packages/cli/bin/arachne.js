#!/usr/bin/env node
// Runs the TypeScript sources without a build step: tsx compiles .ts on import,
// and the resolve hook makes `@arachne/core` in user files mean the CLI's copy.
import { register } from 'node:module';
import { register as registerTypeScript } from 'tsx/esm/api';

registerTypeScript();
register('../src/coreResolveHooks.js', import.meta.url, {
  data: { cliUrl: new URL('../src/main.ts', import.meta.url).href },
});
await import('../src/main.ts');
