/** Types of compiler.js (plain JavaScript: bin/arachne.js runs it before anything can compile TypeScript). */
export function compiledCli(): Promise<string>;
export function compileUserModule(file: string, coreUrl: string): Promise<string>;
export function describeBuildFailure(error: unknown): string | undefined;
