/** The source `arachne genspider` writes: a minimal spider for one domain. */

export interface SpiderTemplateOptions {
  name: string;
  /** The host the spider may crawl. */
  domain: string;
  startUrl: string;
}

export function spiderTemplate({ name, domain, startUrl }: SpiderTemplateOptions): string {
  return `import { Spider, type TextResponse } from '@arachne/core';

export class ${className(name)} extends Spider {
  name = ${quote(name)};
  override allowedDomains = [${quote(domain)}];
  override startUrls = [${quote(startUrl)}];

  override async *parse(response: TextResponse) {
    yield { url: response.url, title: response.css('title::text').get() };
  }
}
`;
}

/** `my-shop_2` becomes `MyShop2Spider`. */
export function className(name: string): string {
  return `${pascalCase(name)}Spider`;
}

/** `my-shop_2` becomes `MyShop2` (with a leading `_` if it would start with a digit). */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return `${/^\d/.test(pascal) ? '_' : ''}${pascal}`;
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
