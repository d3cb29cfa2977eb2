/**
 * A small leveled logger in Scrapy's format
 * (`2026-01-01 12:00:00 [arachne.engine] INFO: message`), to stderr or a file.
 * Stack traces are printed only at DEBUG; otherwise an error is its message and cause.
 */
import fs from 'node:fs';
import type { LogLevel } from '../settings/defaults.js';

const LEVELS: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

export interface LogSink {
  write(line: string): void;
}

export class Logger {
  constructor(
    readonly name: string,
    private readonly config: { level: number; sink: LogSink | null },
  ) {}

  static create(options: { level?: LogLevel; enabled?: boolean; file?: string | null } = {}): Logger {
    const sink: LogSink | null = options.enabled === false
      ? null
      : options.file
        ? fileSink(options.file)
        : { write: (line) => process.stderr.write(line) };
    return new Logger('arachne', { level: LEVELS[options.level ?? 'INFO'], sink });
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

  log(level: LogLevel, message: string, error?: unknown): void {
    if (!this.isEnabledFor(level)) return;
    let line = `${timestamp()} [${this.name}] ${level}: ${message}`;
    if (error !== undefined) line += `: ${describeError(error, this.config.level <= LEVELS.DEBUG)}`;
    this.config.sink!.write(line + '\n');
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

/** One sink per log file for the whole process: crawlers (and a crawler's successive loggers) share it. */
const fileSinks = new Map<string, LogSink>();

function fileSink(file: string): LogSink {
  let sink = fileSinks.get(file);
  if (!sink) {
    const fd = fs.openSync(file, 'a');
    sink = { write: (line) => fs.writeSync(fd, line) };
    fileSinks.set(file, sink);
  }
  return sink;
}
