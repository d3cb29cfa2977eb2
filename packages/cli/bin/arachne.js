#!/usr/bin/env node
// Compiles the CLI and @arachne/core with esbuild in this thread (see src/compiler.js), then runs the CLI.
import { compiledCli } from '../src/compiler.js';

process.setSourceMapsEnabled(true);
await import(await compiledCli());
