import { describe, expect, it } from 'vitest';
import { HtmlResponse } from '../http/response.js';
import { Selector, SelectorList } from '../selector/index.js';
import { ItemLoader } from './itemLoader.js';
import { Compose, Identity, Join, MapCompose, TakeFirst, type LoaderContext } from './processors.js';

// Expected values are itemloaders 1.0.6's outputs for the same calls.

const PAGE = `<html><body>
<div class="product"><h1> Color TV </h1><span class="price"> $1,200 </span>
<ul class="tags"><li>tv</li><li></li><li>sale</li></ul>
<div class="details"><p class="brand">Acme</p><p class="size">42 in</p></div></div></body></html>`;

interface Product {
  name: string;
  price: number;
  tags: string[];
  brand: string;
  size: string;
  paras: string;
  missing: string;
}

class ProductLoader extends ItemLoader<Product> {
  override defaultOutputProcessor = new TakeFirst();
  override fieldProcessors = {
    name: { input: new MapCompose((s: string) => s.trim()) },
    price: { input: new MapCompose((s: string) => s.trim(), (s: string) => s.replace(/[$,]/g, ''), Number.parseFloat) },
    tags: { output: new Identity() },
  };
}

const response = new HtmlResponse({ url: 'http://example.com/tv', body: PAGE });

describe('ItemLoader', () => {
  it('loads an item from a page with a subclass declaring its processors', () => {
    const loader = new ProductLoader({ response });
    loader.addCss('name', 'h1::text');
    loader.addCss('price', '.price::text');
    loader.addCss('tags', '.tags li::text');
    loader.addCss('missing', '.nope::text');
    expect(loader.getCollectedValues('tags')).toEqual(['tv', 'sale']);
    expect(loader.getCollectedValues('missing')).toEqual([]);
    expect(loader.getOutputValue('missing')).toBeUndefined();
    expect(loader.getCss('.tags li::text', new Join(','))).toBe('tv,sale');
    const item: Product = loader.loadItem();
    expect(item).toEqual({ name: 'Color TV', price: 1200, tags: ['tv', 'sale'] });
  });

  it('nested loaders share the item and values with their parent', () => {
    const loader = new ProductLoader({ response });
    loader.addCss('name', 'h1::text');
    const details = loader.nestedCss('.details');
    expect(details).toBeInstanceOf(ProductLoader);
    details.addCss('brand', '.brand::text');
    details.addCss('size', 'p.size::text');
    details.addValue('name', 'ignored');
    details.nestedCss('p').addCss('paras', '::text');
    expect(loader.getCollectedValues('name')).toEqual(['Color TV', 'ignored']);
    expect(details.item).toBe(loader.item);
    expect(loader.loadItem()).toEqual({ name: 'Color TV', brand: 'Acme', size: '42 in', paras: 'Acme' });
  });

  it('nested loaders keep the processors given as options', () => {
    const loader = new ItemLoader<Product>({ response, defaultOutputProcessor: new Join('|') });
    loader.nestedCss('.details').addCss('paras', 'p::text');
    expect(loader.loadItem()).toEqual({ paras: 'Acme|42 in' });
  });

  it('collects values as lists and drops null and falsy input results', () => {
    const loader = new ItemLoader({ fieldProcessors: { a: { input: new Compose((v: unknown[]) => v[0]) } } });
    loader.addValue('a', [0]);
    loader.addValue('b', '');
    loader.addValue('c', []);
    loader.addValue('d', null);
    loader.addValue('e', [null]);
    loader.addValue('f', 'x');
    loader.addValue('f', ['y', 'z']);
    expect(loader.loadItem()).toEqual({ b: [''], e: [null], f: ['x', 'y', 'z'] });
  });

  it('replaceValue replaces unless the new value is null', () => {
    const loader = new ItemLoader();
    loader.addValue('x', 'a');
    loader.addValue('x', ['b', 'c']);
    loader.replaceValue('y', 'q');
    loader.replaceValue('x', null);
    expect(loader.getCollectedValues('x')).toEqual(['a', 'b', 'c']);
    loader.replaceValue('x', []);
    expect(loader.getCollectedValues('x')).toEqual([]);
    expect(loader.loadItem()).toEqual({ y: ['q'] });
  });

  it('replaceCss replaces collected values with the selected ones', () => {
    const loader = new ItemLoader<Product>({ selector: new Selector({ text: PAGE }) });
    loader.addCss('brand', 'h1::text');
    loader.replaceCss('brand', '.brand::text');
    expect(loader.getCollectedValues('brand')).toEqual(['Acme']);
  });

  it('runs call-site processors before the input processor and stops on null', () => {
    const loader = new ItemLoader({ fieldProcessors: { name: { input: new MapCompose((s: string) => `${s}!`) } } });
    expect(loader.getValue('abc', new TakeFirst())).toBe('a');
    expect(loader.getValue(['a', 'b'], () => null, (s: string) => s.toUpperCase())).toBeNull();
    loader.addValue('name', [' a ', 'b'], new MapCompose((s: string) => s.trim()));
    loader.addValue('name', 'c', () => null);
    expect(loader.getCollectedValues('name')).toEqual(['a!', 'b!']);
  });

  it('seeds values from the initial item and updates that item', () => {
    const initial: Partial<Product> = { name: 'x', brand: undefined };
    const loader = new ItemLoader<Product>({ item: initial });
    loader.addValue('name', 'y');
    const item = loader.loadItem();
    expect(item).toBe(initial);
    expect(item).toEqual({ name: ['x', 'y'], brand: [] });
  });

  it('prefers option processors over class ones, and field processors over defaults', () => {
    const loader = new ProductLoader({ fieldProcessors: { tags: { output: new Join() } }, defaultOutputProcessor: new Identity() });
    loader.addValue('tags', ['a', 'b']);
    loader.addValue('size', ['1', '2']);
    expect(loader.loadItem()).toEqual({ tags: 'a b', size: ['1', '2'] });
  });

  it('wraps processor errors with the field and value', () => {
    const loader = new ItemLoader({ defaultOutputProcessor: new Join() });
    loader.addValue('n', 1);
    expect(() => loader.addValue('n', 'x', (n: number) => n.toFixed())).toThrow(/^Error with processor anonymous function value="x" error='TypeError/);
    const failing = new ItemLoader({ defaultOutputProcessor: () => { throw new RangeError('no'); } });
    failing.addValue('n', 1);
    expect(() => failing.loadItem()).toThrow("Error with output processor: field=n value=[1] error='RangeError: no'");
  });

  it('needs a response or selector for CSS queries', () => {
    expect(() => new ItemLoader().addCss('x', 'p')).toThrow(/must be created with a response or a selector/);
  });

  it('checks field names at compile time', () => {
    const loader = new ProductLoader({ response });
    // @ts-expect-error: not a field of Product
    loader.addValue('nmae', 'x');
    // @ts-expect-error: not a field of Product
    new ItemLoader<Product>({ fieldProcessors: { nmae: { input: new Identity() } } });
    class TypoLoader extends ItemLoader<Product> {
      override fieldProcessors: ItemLoader<Product>['fieldProcessors'] = {
        // @ts-expect-error: not a field of Product
        nmae: { input: new Identity() },
      };
    }
    expect(new TypoLoader().fieldProcessors).toHaveProperty('nmae');
    expect(loader.getCollectedValues('nmae' as keyof Product)).toEqual(['x']);
  });

  it('loads with XPath as with CSS: lists of queries, variables, re and nested XPath loaders (itemloaders 1.0.6 answers)', () => {
    const parseLength = (text: string, loaderContext: LoaderContext): string => `${text.split(' ')[0]}${String(loaderContext.unit ?? 'm')}`;
    class SizeLoader extends ItemLoader<Record<string, unknown>> {
      override defaultOutputProcessor = new TakeFirst();
      override fieldProcessors = { size: { input: new MapCompose(parseLength) } };
    }
    const loader = new SizeLoader({ selector: new Selector({ text: PAGE }), context: { unit: 'cm' } });
    loader.addXpath('name', '//h1/text()', new MapCompose((s: string) => s.trim()));
    loader.addXpath('size', '//p[@class="size"]/text()');
    loader.addXpath('price', '//span[@class="price"]/text()', { re: /\$([\d,]+)/ });
    loader.addXpath('brand', '//p[@class=$c]/text()', { variables: { c: 'brand' } });
    loader.addXpath('tags', ['//li[1]/text()', '//li[3]/text()']);
    expect(loader.loadItem()).toEqual({ name: 'Color TV', size: '42cm', price: '1,200', brand: 'Acme', tags: 'tv' });
    expect(loader.getXpath('//li/text()', new Join('|'))).toBe('tv|sale');
    const nested = loader.nestedXpath('//div[@class="details"]', { unit: 'mm' });
    nested.addXpath('size2', 'p[@class="size"]/text()', new MapCompose(parseLength));
    nested.addValue('size3', '7 ft', new MapCompose(parseLength));
    expect(nested.context.unit).toBe('mm');
    expect(loader.loadItem()).toMatchObject({ size2: '42mm', size3: '7mm' });
    loader.replaceXpath('brand', '//p[@class="size"]/text()');
    expect(loader.getCollectedValues('brand')).toEqual(['42 in']);
  });

  it('hands the context to processors that take it, over the processor defaults', () => {
    const unit = (text: string, loaderContext: LoaderContext): string => `${text}${String(loaderContext.unit)}`;
    expect(new MapCompose({ context: { unit: 'km' } }, unit).process(['1'])).toEqual(['1km']);
    expect(new MapCompose({ context: { unit: 'km' } }, unit).process(['1'], { unit: 'yd' })).toEqual(['1yd']);
    expect(new Compose({ context: { unit: 'km' } }, (v: string[]) => v[0], unit).process(['2'])).toBe('2km');
    const loader = new ItemLoader({ response, context: { unit: 'in' } });
    expect(loader.context).toMatchObject({ unit: 'in', response, selector: response.selector, item: loader.item });
    expect(loader.getValue('3', unit)).toBe('3in');
    expect(loader.getValue(['a1', 'b22'], { re: '\\d+' })).toEqual(['1', '22']);
    expect(loader.getValue('name: foo', new TakeFirst(), (s: string) => s.toUpperCase(), { re: 'name: (.+)' })).toBe('FOO');
    // A nested loader starts from its parent's context (itemloaders starts it empty).
    expect(loader.nestedCss('.details').context).toMatchObject({ unit: 'in' });
    expect(loader.nestedCss('.details', { unit: 'mm' }).context.selector).toBeInstanceOf(SelectorList);
  });

  it('rejects call options and contexts of the wrong shape, naming the accepted form', () => {
    const loader = new ItemLoader({ response });
    expect(() => loader.addXpath('x', '//p', { regex: 'a' } as never)).toThrow(/then optionally \{ re, variables \}/);
    expect(() => new ItemLoader({ context: 'cm' as never })).toThrow(/loader context must be an object/);
    expect(() => new ItemLoader().addXpath('x', '//p')).toThrow(/To use XPath selectors, ItemLoader must be created with a response or a selector/);
  });
});
