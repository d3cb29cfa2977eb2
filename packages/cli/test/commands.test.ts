import fs from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { removeTempDirs, runArachne, tempDir } from './helpers.js';

const cwd = tempDir({});
const coreVersion = (JSON.parse(fs.readFileSync(new URL('../../core/package.json', import.meta.url), 'utf8')) as { version: string }).version;

afterAll(removeTempDirs);

describe.concurrent('arachne', () => {
  test('version prints the Arachne version; -v adds the runtime and dependencies', async () => {
    const [short, verbose] = await Promise.all([runArachne(['version'], cwd), runArachne(['version', '-v'], cwd)]);
    expect(short).toEqual({ code: 0, stdout: `Arachne ${coreVersion}\n`, stderr: '' });
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(new RegExp(`^Arachne +: ${coreVersion}\n`));
    expect(verbose.stdout).toContain(`Node.js      : ${process.versions.node}\n`);
    expect(verbose.stdout).toMatch(/^got +: \d+\.\d+\.\d+$/m);
  });

  test('--help lists the commands', async () => {
    const result = await runArachne(['--help'], cwd);
    expect(result.code).toBe(0);
    for (const command of ['crawl', 'runspider', 'list', 'settings', 'version']) expect(result.stdout).toContain(`  ${command} `);
  });

  test('command-line mistakes exit with code 2 and commander\'s message', async () => {
    const results = await Promise.all([
      runArachne(['crawl', 'x', '--bogus'], cwd),
      runArachne(['frobnicate'], cwd),
      runArachne(['settings', '-s', 'LOG_LEVEL'], cwd),
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2]);
    expect(results[0]!.stderr).toBe("arachne: error: unknown option '--bogus'\n(add --help for usage)\n");
    expect(results[1]!.stderr).toMatch(/^arachne: error: unknown command 'frobnicate'\n/);
    expect(results[2]!.stderr).toBe('arachne: error: invalid value "LOG_LEVEL": use -s KEY=VALUE\n');
  });

  test('settings without --get prints every setting as JSON', async () => {
    const result = await runArachne(['settings', '-s', 'DOWNLOAD_DELAY=0.5'], cwd);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ BOT_NAME: 'arachnebot', DOWNLOAD_DELAY: 0.5 });
  });
});
