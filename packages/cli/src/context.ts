/** What the commands of one `arachne` run share. */
import { UserModules } from './userModule.js';

export interface CliContext {
  /** The user's modules (spider files, the project config, components given by path), each loaded once. */
  readonly modules: UserModules;
}

export function createContext(): CliContext {
  return { modules: new UserModules() };
}
