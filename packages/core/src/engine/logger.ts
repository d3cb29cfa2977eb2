/**
 * A small leveled logger in Scrapy's format
 * (`2026-01-01 12:00:00 [arachne.engine] INFO: message`), to stderr or a file.
 * Stack traces are printed only at DEBUG; otherwise an error is its message and cause.
 */
import fs from 'node:fs';
import type { LogLevel } from '../settings/defaults.js';
import type { LogEntry } from './logFormatter.js';
import { userFrames } from '../utils/stack.js';

const LEVELS: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

export interface LogSink {
  write(line: string): void;
  close?(): void;
}

export interface LoggerConfig {
  level: number;
  sink: LogSink | null;
  /** Called for every record at or above the level, logged or not (`log_count/<LEVEL>` stats, as Scrapy keeps). */
  count?: (level: LogLevel) => void;
}

export class Logger {
  constructor(
    readonly name: string,
    private readonly config: LoggerConfig,
  ) {}

  static create(options: { level?: LogLevel; enabled?: boolean; file?: string | null; count?: (level: LogLevel) => void } = {}): Logger {
    const sink: LogSink | null = options.enabled === false
      ? null
      : options.file
        ? fileSink(options.file)
        : { write: (line) => process.stderr.write(line) };
    return new Logger('arachne', { level: LEVELS[options.level ?? 'INFO'], sink, count: options.count });
  }

  /** Release the log file, if any (children share it: close the root logger once, when the crawl ends). */
  close(): void {
    this.config.sink?.close?.();
  }

  /** A logger for a component, sharing this one's level and output. */
  child(name: string): Logger {
    return new Logger(name.startsWith('arachne') ? name : `arachne.${name}`, this.config);
  }

  isEnabledFor(level: LogLevel): boolean {
    return this.config.sink !== null && LEVELS[level] >= this.config.level;
  }

  debug(message: string, error?: unknown): void {
    this.log('DEBUG', message, error);
  }
  info(message: string, error?: unknown): void {
    this.log('INFO', message, error);
  }
  warning(message: string, error?: unknown): void {
    this.log('WARNING', message, error);
  }
  error(message: string, error?: unknown): void {
    this.log('ERROR', message, error);
  }
  critical(message: string, error?: unknown): void {
    this.log('CRITICAL', message, error);
  }

  log(level: LogLevel, message: string, error?: unknown, withUserFrames = false): void {
    if (LEVELS[level] < this.config.level) return;
    this.config.count?.(level);
    if (this.config.sink === null) return;
    let line = `${timestamp()} [${this.name}] ${level}: ${message}`;
    if (error !== undefined) {
      const stack = this.config.level <= LEVELS.DEBUG;
      line += `: ${describeError(error, stack)}`;
      if (withUserFrames && !stack) for (const frame of userFrames(error)) line += `\n    ${frame}`;
    }
    this.config.sink.write(line + '\n');
  }

  /** Log what a LogFormatter made of an event (nothing for `null`). */
  logEntry(entry: LogEntry | null): void {
    if (entry) this.log(entry.level, entry.message, entry.error, entry.userFrames);
  }
}

/** One line naming an error and its causes; with `stack`, the full trace. */
export function describeError(error: unknown, stack = false): string {
  if (!(error instanceof Error)) return String(error);
  if (stack && error.stack) return error.stack + (error.cause ? `\nCaused by: ${describeError(error.cause, true)}` : '');
  let text = `${error.name}: ${error.message}`;
  let cause = error.cause;
  while (cause instanceof Error) {
    if (!text.includes(cause.message)) text += ` (caused by ${cause.name}: ${cause.message})`;
    cause = cause.cause;
  }
  return text;
}

function timestamp(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** Appends to `file` (two crawls logging to one file each append whole lines). */
function fileSink(file: string): LogSink {
  let fd: number | null = fs.openSync(file, 'a');
  return {
    write: (line) => {
      if (fd !== null) fs.writeSync(fd, line);
    },
    close: () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
