/**
 * Checks a setting's value against its declaration, converting the strings
 * `-s KEY=VALUE` gives (numbers, booleans, lists, JSON objects).
 */
import { SettingsError } from '../errors.js';
import { typeOf, type SettingDeclaration } from './declaration.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function coerceSetting(key: string, declaration: SettingDeclaration, value: unknown): unknown {
  const wrongType = (expected: string) => new SettingsError(`setting ${key} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
  if (value === null && (declaration.nullable || declaration.default === null)) return null;
  switch (typeOf(key, declaration)) {
    case 'number':
    case 'integer': {
      const integer = typeOf(key, declaration) === 'integer';
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) throw wrongType(integer ? 'a whole number' : 'a number');
      if (integer && !Number.isInteger(number)) throw wrongType('a whole number');
      const { min, max } = declaration;
      if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
        throw wrongType(max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : `from ${min} to ${max}`);
      }
      return number;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (word !== undefined && TRUE_WORDS.has(word)) return true;
      if (word !== undefined && FALSE_WORDS.has(word)) return false;
      throw wrongType('true or false');
    }
    case 'string': {
      if (typeof value !== 'string') throw wrongType('a string');
      if (!declaration.choices) return value;
      const choice = declaration.choices.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
      if (choice === undefined) throw wrongType(`one of ${declaration.choices.join(', ')}`);
      return choice;
    }
    case 'list':
    case 'number-list': {
      const numbers = typeOf(key, declaration) === 'number-list';
      let items: unknown = value;
      if (typeof value === 'string') {
        const text = value.trim();
        items = text.startsWith('[') ? parseJson(key, text) : text.split(',').map((part) => part.trim()).filter(Boolean);
        if (numbers && Array.isArray(items)) items = items.map((item) => (typeof item === 'string' && item.trim() !== '' ? Number(item) : item));
      }
      if (!Array.isArray(items)) throw wrongType(numbers ? 'a list of numbers' : 'a list');
      if (numbers && items.some((item) => typeof item !== 'number' || Number.isNaN(item))) throw wrongType('a list of numbers');
      return items;
    }
    case 'object': {
      const object = typeof value === 'string' ? parseJson(key, value) : value;
      if (typeof object === 'object' && object !== null && !Array.isArray(object)) return object;
      throw wrongType('an object');
    }
    case 'component-map': {
      const map = typeof value === 'string' ? parseJson(key, value) : value;
      if (typeof map === 'object' && map !== null) return map;
      throw wrongType('an object of {component: order}');
    }
    case 'component':
      if (typeof value === 'string' || typeof value === 'function') return value;
      throw wrongType('a component name, "./module.ts:ExportName" or a class');
  }
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SettingsError(`setting ${key} must be JSON here, got ${text}`);
  }
}
