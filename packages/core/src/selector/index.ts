export { Selector, regexExtract, type SelectorOptions, type SelectorType } from './selector.js';
export { SelectorList } from './selectorList.js';
export { XPathError, type XPathVariables } from './xpath/index.js';
