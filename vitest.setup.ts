/**
 * Before the tests: `pnpm build` (incremental: about a second when nothing
 * changed), so that the `arachne` binary the end-to-end tests run is the
 * JavaScript of the sources under test.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync('pnpm', ['--silent', 'build'], { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: 'inherit' });
}
