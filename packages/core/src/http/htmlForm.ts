/**
 * Reading an HTML form as Scrapy's `FormRequest.from_response` reads it (on
 * lxml): which form, which fields with which values, which button is clicked.
 * Where Scrapy and browsers differ, the comments say which one is followed.
 */
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { findAll } from '../selector/domAdapter.js';
import { htmlAttributeValue } from '../selector/xpath/index.js';
import type { Selector } from '../selector/index.js';
import type { TextResponse } from './response.js';
import { FormError } from '../errors.js';
import type { FormField } from './formEncoding.js';

/** How to pick the form: the first given of these wins, in this order. */
export interface FormLocator {
  /** The form whose `name` attribute is this. */
  formName?: string;
  /** The form whose `id` attribute is this. */
  formId?: string;
  /** The form an XPath selects, or the form around the first node it selects. */
  formXpath?: string;
  /** The form a CSS selector selects, or the form around the first element it selects. */
  formCss?: string;
  /** The n-th form of the page, from 0 (the default). */
  formNumber?: number;
}

/** The form `locator` names on the page; a FormError names what was looked for and what the page has. */
export function findForm(response: TextResponse, locator: FormLocator): Element {
  const document = response.selector;
  const forms = elementsOf(document, 'form');
  if (forms.length === 0) throw new FormError(`No <form> element found in ${response}`);
  const { formName, formId, formXpath, formCss, formNumber } = locator;
  if (formName !== undefined) return byAttribute(forms, 'name', formName, response);
  if (formId !== undefined) return byAttribute(forms, 'id', formId, response);
  if (formXpath !== undefined || formCss !== undefined) {
    if (formXpath !== undefined && formCss !== undefined) throw new TypeError('FormRequest.fromResponse: give formXpath or formCss, not both');
    const query = formXpath ?? formCss!;
    const hits = formXpath !== undefined ? document.xpath(formXpath) : document.css(formCss!);
    const form = hits.length > 0 ? enclosingForm(hits[0]!) : null;
    if (!form) throw new FormError(`No <form> element found with ${formXpath !== undefined ? 'XPath' : 'CSS'} ${JSON.stringify(query)} in ${response}${hits.length > 0 ? ' (it selects something outside any form)' : ''}`);
    return form;
  }
  const number = formNumber ?? 0;
  if (!Number.isInteger(number) || number < 0) throw new TypeError(`FormRequest.fromResponse: formNumber must be a whole number from 0, got ${JSON.stringify(formNumber)}`);
  const form = forms[number];
  if (!form) throw new FormError(`Form number ${number} not found in ${response}: it has ${forms.length} form${forms.length === 1 ? '' : 's'} (formNumber counts from 0)`);
  return form;
}

function byAttribute(forms: Element[], attribute: 'name' | 'id', value: string, response: TextResponse): Element {
  const form = forms.find((candidate) => candidate.attribs[attribute] === value);
  if (form) return form;
  // Scrapy falls back to the first form here; a wrong name or id is a mistake worth saying.
  throw new FormError(`No <form ${attribute}="${value}"> in ${response}; its forms: ${forms.slice(0, 10).map(describeForm).join(', ')}${forms.length > 10 ? ', …' : ''}`);
}

function enclosingForm(hit: Selector): Element | null {
  const root = hit.root;
  if (typeof root === 'string') return null; // an attribute or string value: nothing to climb from
  for (let node: AnyNode | null = root; node; node = node.parent) {
    if (isTag(node) && node.name === 'form') return node;
  }
  return null;
}

/** `<form id="login" name="login" action="/session">`: what tells a form apart, for error messages. */
export function describeForm(form: Element): string {
  const attributes = ['id', 'name', 'class', 'action'].filter((name) => form.attribs[name] !== undefined).map((name) => `${name}="${form.attribs[name]}"`);
  return `<form${attributes.map((attribute) => ` ${attribute}`).join('')}>`;
}

function elementsOf(selector: Selector, name: string): Element[] {
  const root = selector.root;
  return typeof root === 'string' ? [] : findAll((element) => element.name === name, [root]);
}

function descendants(form: Element, test: (element: Element) => boolean): Element[] {
  return findAll(test, form.children);
}

const NOT_SENT = /^(?:submit|image|reset)$/i;
const CHECKABLE = /^(?:checkbox|radio)$/i;

/**
 * The fields the form sends, in document order, leaving out those whose names
 * are in `skip`: text-like inputs and hidden fields, checked boxes and radios,
 * selects, textareas. Buttons are not fields (see `clickedButton`). As Scrapy,
 * disabled fields are sent (browsers leave them out).
 */
export function formFieldsOf(form: Element, skip: ReadonlySet<string>): FormField[] {
  const fields: FormField[] = [];
  const controls = descendants(form, (element) => element.name === 'input' || element.name === 'select' || element.name === 'textarea');
  for (const control of controls) {
    const name = control.attribs.name;
    if (!name || skip.has(name)) continue;
    if (control.name === 'textarea') fields.push({ name, value: textOf(control) });
    else if (control.name === 'select') fields.push(...selectFields(control, name));
    else {
      const type = control.attribs.type;
      if (type !== undefined && NOT_SENT.test(type)) continue;
      const checkable = type !== undefined && CHECKABLE.test(type);
      if (checkable && control.attribs.checked === undefined) continue;
      // lxml's value: a checked box without a value (or with an empty one) sends "on".
      const value = checkable ? control.attribs.value || 'on' : (control.attribs.value ?? '');
      fields.push({ name, value, file: type?.toLowerCase() === 'file' });
    }
  }
  return fields;
}

/**
 * A select's value: the last selected option (else the first enabled one,
 * else the first one) of a single select, as browsers and lxml choose it;
 * every selected option of a multiple select (their values trimmed, as
 * Scrapy does); nothing for a select without options.
 */
function selectFields(select: Element, name: string): FormField[] {
  const options = findAll((element) => element.name === 'option', select.children);
  if (select.attribs.multiple !== undefined) {
    return options
      .filter((option) => option.attribs.selected !== undefined)
      .map((option) => ({ name, value: (option.attribs.value || leadingText(option)).trim() }));
  }
  const chosen = options.findLast((option) => option.attribs.selected !== undefined) ?? options.find((option) => option.attribs.disabled === undefined) ?? options[0];
  return chosen ? [{ name, value: optionValue(chosen) }] : [];
}

function optionValue(option: Element): string {
  return option.attribs.value ?? leadingText(option).trim();
}

/** lxml's `.text`: the text before the element's first child element. */
function leadingText(element: Element): string {
  let text = '';
  for (const child of element.children) {
    if (isTag(child)) break;
    if (isText(child)) text += child.data;
  }
  return text;
}

function textOf(element: Element): string {
  return element.children.map((child) => (isText(child) ? child.data : '')).join('');
}

/** Which button to click: attributes it must have (`{ name: 'op', value: 'delete' }`), or `nr`, its index among the form's inputs. */
export type ClickData = Readonly<Record<string, string | number>>;

const CLICKABLE_INPUT = /^(?:submit|image)$/i;
const SUBMIT = /^submit$/i;

/**
 * The `[name, value]` the clicked button adds, or null when it has no name or
 * the form no button. Without `clickData`, the first submit button (an
 * `<input type=submit|image>` or a `<button>` that submits), as a browser
 * pressing Enter.
 */
export function clickedButton(form: Element, clickData: ClickData | undefined, response: TextResponse): FormField | null {
  if (clickData === undefined) {
    const first = descendants(form, (element) =>
      element.name === 'input' ? CLICKABLE_INPUT.test(element.attribs.type ?? '') : element.name === 'button' && (element.attribs.type === undefined || SUBMIT.test(element.attribs.type)),
    )[0];
    return first ? buttonField(first) : null;
  }
  if (typeof clickData !== 'object' || clickData === null || Array.isArray(clickData)) {
    throw new TypeError(`FormRequest.fromResponse: clickData must be an object of attributes such as { name: 'op', value: 'delete' } or { nr: 1 }, got ${JSON.stringify(clickData)}`);
  }
  const nr = clickData.nr;
  if (typeof nr === 'number') {
    // As Scrapy (lxml's `form.inputs`): the index counts every input, select and textarea.
    const control = descendants(form, (element) => element.name === 'input' || element.name === 'select' || element.name === 'textarea')[nr];
    if (control) return buttonField(control);
  }
  const wanted = Object.entries(clickData).map(([name, value]) => [name, String(value)] as const);
  const matches = descendants(form, (element) => wanted.every(([name, value]) => element.attribs[name] !== undefined && htmlAttributeValue(name, element.attribs[name]) === value));
  if (matches.length === 1) return buttonField(matches[0]!);
  const criteria = JSON.stringify(clickData);
  if (matches.length > 1) {
    throw new FormError(`Several elements match clickData ${criteria} in ${describeForm(form)} of ${response}: ${matches.map(describeElement).join(', ')}; add attributes to pick one`);
  }
  const buttons = descendants(form, (element) => element.name === 'button' || (element.name === 'input' && CLICKABLE_INPUT.test(element.attribs.type ?? '')));
  throw new FormError(`No clickable element matching clickData ${criteria} in ${describeForm(form)} of ${response}; its buttons: ${buttons.map(describeElement).join(', ') || 'none'}`);
}

function buttonField(element: Element): FormField | null {
  const name = element.attribs.name;
  return name === undefined ? null : { name, value: element.attribs.value || '' };
}

function describeElement(element: Element): string {
  const attributes = Object.entries(element.attribs).map(([name, value]) => ` ${name}="${value}"`);
  return `<${element.name}${attributes.join('')}>`;
}
