/**
 * Before the tests: build the packages (`pnpm build`, incremental: about a
 * second when nothing changed), so that the `arachne` binary the end-to-end
 * tests run is the JavaScript of the sources under test.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = fileURLToPath(new URL('.', import.meta.url));
  execFileSync(process.execPath, [tsc, '-b', 'packages/core/tsconfig.build.json', 'packages/cli/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
