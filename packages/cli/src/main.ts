/** The `arachne` command line; bin/arachne.js runs this. */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { createContext } from './context.js';
import { wantsStackTraces } from './crawlOptions.js';
import { exitCodeFor, printError } from './errors.js';

let stackTraces = false;

// A closed pipe (`arachne list | head -1`) is not an error: what is left to print is dropped
// (and a running crawl stops, see runCrawl).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
process.on('uncaughtException', (error) => {
  printError(error, stackTraces);
  process.exit(1);
});

const program = new Command('arachne')
  .description('Arachne: a Scrapy-class web crawling framework for TypeScript')
  .usage('<command> [options]')
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (text, write) => write(`arachne: ${text}`) })
  .exitOverride()
  .hook('preAction', (_program, action) => {
    stackTraces = wantsStackTraces(action.opts());
  });
const context = createContext();
for (const command of COMMANDS) program.addCommand(command(context).copyInheritedSettings(program));

try {
  await program.parseAsync(process.argv);
  exitWhenFlushed(0);
} catch (error) {
  // Commander has already printed its own errors (and help, which exits 0).
  if (error instanceof CommanderError) {
    exitWhenFlushed(error.exitCode === 0 ? 0 : 2);
  } else {
    printError(error, stackTraces);
    exitWhenFlushed(exitCodeFor(error));
  }
}

/** Exit once stdout and stderr have taken everything written (a crawl may leave timers and sockets behind). */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
