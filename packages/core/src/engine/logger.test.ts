import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Logger, describeError } from './logger.js';
import { DownloadError } from '../errors.js';

function memoryLogger(level: number) {
  const lines: string[] = [];
  const logger = new Logger('arachne', { level, sink: { write: (line) => lines.push(line) } });
  return { logger, lines };
}
const DEBUG = 10;
const INFO = 20;

describe('Logger', () => {
  it("writes Scrapy's format: date, time, [name], level, message", () => {
    const { logger, lines } = memoryLogger(INFO);
    logger.child('engine').info('Spider opened');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \[arachne\.engine\] INFO: Spider opened\n$/);
    const [date, time] = lines[0]!.split(' ');
    expect(Math.abs(new Date(`${date}T${time}`).getTime() - Date.now())).toBeLessThan(5000); // local time
  });

  it('names children under arachne, unless already named so', () => {
    const { logger, lines } = memoryLogger(INFO);
    logger.child('quotes').warning('w');
    logger.child('arachne.scheduler').error('e');
    logger.critical('c');
    expect(lines.map((line) => line.slice(20))).toEqual(['[arachne.quotes] WARNING: w\n', '[arachne.scheduler] ERROR: e\n', '[arachne] CRITICAL: c\n']);
  });

  it('filters by level, children sharing the level', () => {
    const { logger, lines } = memoryLogger(30);
    const child = logger.child('x');
    child.debug('d');
    child.info('i');
    child.warning('w');
    logger.error('e');
    expect(lines.map((line) => line.split(' ')[3])).toEqual(['WARNING:', 'ERROR:']);
    expect(child.isEnabledFor('INFO')).toBe(false);
    expect(child.isEnabledFor('ERROR')).toBe(true);
  });

  it('describes an error with its causes on one line, without a stack, above DEBUG', () => {
    const { logger, lines } = memoryLogger(INFO);
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { name: 'SystemError' });
    logger.error('Error downloading <GET http://127.0.0.1:9/>', new DownloadError('connection refused', 'http://127.0.0.1:9/', { cause: root }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR: Error downloading <GET http:\/\/127\.0\.0\.1:9\/>: DownloadError: connection refused \(caused by SystemError: connect ECONNREFUSED 127\.0\.0\.1:9\)\n$/);
    expect(lines[0]).not.toContain('    at ');
  });

  it('prints the stack and the cause at DEBUG', () => {
    const { logger, lines } = memoryLogger(DEBUG);
    logger.warning('failed', new RangeError('outer', { cause: new Error('inner') }));
    expect(lines[0]).toContain('RangeError: outer\n    at ');
    expect(lines[0]).toContain('Caused by: Error: inner\n    at ');
  });

  it('describes non-errors and skips a cause already in the message', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(new Error('timeout: socket hang up', { cause: new Error('socket hang up') }))).toBe('Error: timeout: socket hang up');
  });

  it('writes nothing when disabled, and appends to LOG_FILE when given', () => {
    expect(Logger.create({ enabled: false }).isEnabledFor('CRITICAL')).toBe(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-log-'));
    const file = path.join(dir, 'crawl.log');
    try {
      fs.writeFileSync(file, 'previous\n');
      const logger = Logger.create({ file, level: 'DEBUG' });
      logger.debug('first');
      logger.child('x').info('second');
      const text = fs.readFileSync(file, 'utf8').split('\n');
      expect(text[0]).toBe('previous');
      expect(text[1]).toMatch(/ \[arachne\] DEBUG: first$/);
      expect(text[2]).toMatch(/ \[arachne\.x\] INFO: second$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
