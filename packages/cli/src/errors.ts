/**
 * How the CLI fails: one line on stderr (`arachne: error: ...`) and an exit
 * code — 2 when the command line itself is wrong (as commander's own errors),
 * 1 for everything else. Stack traces only at `-L DEBUG`.
 */

/** The command line is wrong (malformed option, missing project, no spider in a file): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the CLI explains itself (unknown spider, a module that fails to load): exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export function exitCodeFor(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}

/** The message of an error and its causes on one line; with `stack`, the full traces. */
export function formatError(error: unknown, stack = false): string {
  if (!(error instanceof Error)) return String(error);
  if (stack && error.stack) return error.stack + (error.cause ? `\nCaused by: ${formatError(error.cause, true)}` : '');
  // Ours already say what their cause was; the cause is kept for the stack trace.
  if (error instanceof UsageError || error instanceof CliError) return error.message;
  let text = nameAddsNothing(error) ? error.message : `${error.name}: ${error.message}`;
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    if (!text.includes(cause.message)) text += ` (caused by ${cause.name}: ${cause.message})`;
  }
  return text;
}

/** Errors whose name adds nothing: core's (`SettingsError`, ...) and plain `Error`s. */
function nameAddsNothing(error: Error): boolean {
  if (error.name === 'Error') return true;
  // Structural check: this module stays free of @arachne/core so `arachne version` starts fast.
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'ArachneError') return true;
  }
  return false;
}

export function printError(error: unknown, stack = false): void {
  process.stderr.write(`arachne: error: ${formatError(error, stack)}\n`);
}

export function printWarning(message: string): void {
  process.stderr.write(`arachne: warning: ${message}\n`);
}
