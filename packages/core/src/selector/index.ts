export { Selector, type SelectorOptions, type SelectorType } from './selector.js';
export { SelectorList } from './selectorList.js';
