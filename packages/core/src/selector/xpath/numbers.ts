/**
 * Number conversions as lxml gives them: XPath's own (libxml2's formatting
 * for `string()`, its reading of strings, which takes an exponent), and
 * Python's `str(float)`, which parsel shows for a query that returns a number.
 */

const XPATH_NUMBER = /^[ \t\r\n]*(-?)(\d*)(?:(\.)(\d*))?(?:[eE]([+-]?\d*))?[ \t\r\n]*$/;

/**
 * XPath's `number()` of a string, as libxml2 reads it: an exponent is
 * accepted (`1e3`, even `1e`), a lone `-` is -0; `+`, hex, inner spaces and a
 * lone `.` are NaN.
 */
export function stringToNumber(text: string): number {
  const match = XPATH_NUMBER.exec(text);
  if (match === null) return NaN;
  const [, sign, integer = '', dot, fraction = '', exponent = ''] = match;
  if (integer === '' && fraction === '') return dot || !sign ? NaN : -0;
  const value = Number(`${integer || '0'}.${fraction || '0'}e${/\d/.test(exponent) ? exponent : '0'}`);
  return sign ? -value : value;
}

const INT_MAX = 2147483647;

/**
 * XPath's `string()` of a number as libxml2 writes it (`xmlXPathFormatNumber`):
 * integers that fit an `int` as they are; otherwise 15 significant digits,
 * trailing zeros dropped, in scientific notation outside [1e-5, 1e9].
 */
export function numberToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return '0';
  if (Number.isInteger(value) && value > -INT_MAX - 1 && value < INT_MAX) return String(value);
  const absolute = Math.abs(value);
  if (absolute > 1e9 || absolute < 1e-5) {
    const [mantissa = '', exponent = ''] = value.toExponential(14).split('e');
    return `${trimFraction(mantissa)}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
  }
  const integerPlace = Math.trunc(Math.log10(absolute));
  const fractionPlace = integerPlace > 0 ? 15 - integerPlace - 1 : 15 - integerPlace;
  return trimFraction(value.toFixed(fractionPlace));
}

function trimFraction(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** Python's `str(float)` (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function pythonFloatString(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = ''] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${integer}.${fraction || '0'}`;
}
