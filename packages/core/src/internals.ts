/**
 * Helpers Arachne's own packages share (`@arachne/core/internals`). Not part
 * of the public API: they may change in any release.
 */
export { closestName } from './settings/suggest.js';
