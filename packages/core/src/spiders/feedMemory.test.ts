/**
 * The feed spiders' parsing memory on a 100 MB feed. The body is in memory,
 * as every response body is (a Buffer, outside V8's heap); the parsing must
 * not hold the document's tree or a decoded copy of it. Each feed is parsed
 * in a child process whose heap is limited to 48 MB, where a whole-document
 * parser runs out (shown with the DOM-based 'xml' iterator on a 20 MB feed).
 * Run serially (vitest.config.ts): they are long and take a core each.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('fixtures/feeds/parseBigFeed.ts', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function parseInSmallHeap(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--max-old-space-size=48', '--import', 'tsx', SCRIPT, ...args], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('feed spiders on a 100 MB feed, in a 48 MB heap', () => {
  it.each(['xml', 'csv'])('%s: every node or row is parsed', async (format) => {
    const outcome = await parseInSmallHeap(format, '100');
    expect(outcome.stderr).not.toMatch(/heap out of memory/);
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout) as { bytes: number; rows: number; parsed: number };
    expect(result.bytes).toBeGreaterThan(100 << 20);
    expect(result.parsed).toBe(result.rows);
  });

  it('where a whole-document parser runs out on a fifth of it', async () => {
    const outcome = await parseInSmallHeap('xml', '20', 'xml');
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/heap out of memory/);
  });
});
