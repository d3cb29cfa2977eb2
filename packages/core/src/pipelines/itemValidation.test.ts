/** ItemValidationPipeline and the feeds' schema column order, in crawls of the test site. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PRODUCT_COUNT, startTestSite, type TestSite } from '@arachne/testsite';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { crawl } from '../../test/support/testServer.js';
import { Crawler } from '../engine/crawler.js';
import type { TextResponse } from '../http/response.js';
import { schemaFields } from '../items/itemSchema.js';
import { Spider } from '../spiders/spider.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(() => site.close());

const Book = z.object({
  title: z.string().min(1),
  price: z.number().positive(),
  url: z.url(),
  tags: z.array(z.string()).optional(),
});
type Book = z.infer<typeof Book>;

/** Products of the first catalogue page; every third one has its price left as text, as a scraping slip would. */
class BookSpider extends Spider<Book> {
  name = 'books';
  override itemSchema = Book;
  override startUrls = [`${site.url}/catalogue/page/1`];

  override *parse(response: TextResponse) {
    yield* response.followAll(response.css('article.product h3 a'), { callback: this.parseBook });
  }

  *parseBook(response: TextResponse) {
    const price = response.css('.price::text').get('').replace(/[^\d.]/g, '');
    const id = Number(/(\d+)$/.exec(new URL(response.url).pathname)?.[1]);
    yield { title: response.css('h1::text').get(''), price: (id % 3 === 0 ? price : Number(price)) as number, url: response.url };
  }
}

describe('ItemValidationPipeline', () => {
  it('drops the items that fail the spider\'s schema at WARNING, counts them, and sums them up at close', async () => {
    const { items, log, stat } = await crawl(BookSpider);
    const dropped = stat('item_dropped_count')!;
    expect(dropped).toBeGreaterThan(0);
    expect(items.length + dropped).toBe(stat('response_received_count')! - 1);
    expect(items.every((item) => typeof item.price === 'number')).toBe(true);
    expect(stat('item_dropped_reasons_count/validation')).toBe(dropped);
    expect(stat('item_validation/issues/price')).toBe(dropped);
    const warnings = log.split('\n').filter((line) => line.includes('WARNING:'));
    expect(warnings.filter((line) => line.includes('Dropped: Item failed validation: price: Invalid input: expected number, received string'))).toHaveLength(dropped);
    expect(log).toMatch(new RegExp(`WARNING: ${dropped} items failed validation and were dropped; most common: price: Invalid input: expected number, received string \\(${dropped}\\)`));
    expect(log).toContain('Enabled item pipelines: ItemValidationPipeline');
  });

  it('passes on what the schema outputs (defaults, coercions), and takes any Standard Schema validator, async ones too', async () => {
    // A validator written against the Standard Schema interface alone, answering asynchronously.
    const asyncSchema: StandardSchemaV1<unknown, { sku: string; stock: number }> = {
      '~standard': {
        version: 1,
        vendor: 'handmade',
        validate: async (value) => {
          await new Promise(setImmediate);
          const { sku, stock } = value as { sku?: unknown; stock?: unknown };
          if (typeof sku !== 'string') return { issues: [{ message: 'sku is required', path: ['sku'] }] };
          return { value: { sku: sku.toUpperCase(), stock: Number(stock ?? 0) } };
        },
      },
    };
    class Stock extends Spider<{ sku: string; stock: number }> {
      name = 'stock';
      override itemSchema = asyncSchema;
      override async *start() {
        yield { sku: 'b-1', stock: 3 };
        yield { stock: 1 } as never;
        yield { sku: 'b-2' } as never;
      }
    }
    const { items, stat, log } = await crawl(Stock);
    expect(items).toEqual([{ sku: 'B-1', stock: 3 }, { sku: 'B-2', stock: 0 }]);
    expect(stat('item_dropped_reasons_count/validation')).toBe(1);
    expect(log).toContain('WARNING: Dropped: Item failed validation: sku: sku is required');
    expect(log).toContain('WARNING: 1 item failed validation and was dropped; most common: sku: sku is required (1)');
  });

  it('is inactive for a spider without a schema, and rejects a schema that is not a validator', async () => {
    class Plain extends Spider {
      name = 'plain';
      override async *start() {
        yield { anything: true };
      }
    }
    const plain = await crawl(Plain);
    expect(plain.items).toEqual([{ anything: true }]);
    expect(plain.log).toContain('Enabled item pipelines: none');
    class Wrong extends Spider {
      name = 'wrong';
      override itemSchema = { title: 'string' } as never;
    }
    await expect(new Crawler(Wrong, { LOG_ENABLED: false }).crawl()).rejects.toThrow(/wrong: itemSchema must be a Standard Schema validator \(a zod, valibot or ArkType schema, say\), got a Object without a "~standard" property/);
  });

  it('names the element of a list that fails, and counts list elements under one key', async () => {
    class Tagged extends Spider<Book> {
      name = 'tagged';
      override itemSchema = Book;
      override async *start() {
        yield { title: 'Dune', price: 9.99, url: 'https://example.com/dune', tags: ['sf', 7 as never, 8 as never] };
      }
    }
    const { log, stat } = await crawl(Tagged);
    expect(log).toContain('Dropped: Item failed validation: tags[1]: Invalid input: expected string, received number; tags[2]: Invalid input: expected string, received number');
    expect(stat('item_validation/issues/tags[]')).toBe(1);
  });
});

describe('feeds and the item schema', () => {
  it('order CSV columns and XML elements by the schema when FEED_EXPORT_FIELDS is not set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arachne-schema-feeds-'));
    class Ordered extends Spider<Book & { shop?: string }> {
      name = 'ordered';
      override itemSchema = Book.extend({ shop: z.string().optional() });
      override async *start() {
        // Keys in another order than the schema's, and one the schema does not name.
        yield { url: 'https://example.com/dune', price: 9.99, title: 'Dune', isbn: '9780441013593' } as Book;
        yield { tags: ['classic'], title: 'Emma', url: 'https://example.com/emma', price: 5.49 };
      }
    }
    const csv = path.join(dir, 'books.csv');
    const xml = path.join(dir, 'books.xml');
    const json = path.join(dir, 'books.jsonl');
    await crawl(Ordered, { FEEDS: { [csv]: { format: 'csv' }, [xml]: { format: 'xml' }, [json]: { format: 'jsonlines' } } });
    // isbn is not in the schema: zod's default object drops unknown keys from its output.
    expect(fs.readFileSync(csv, 'utf8')).toBe('title,price,url,tags,shop\r\nDune,9.99,https://example.com/dune,,\r\nEmma,5.49,https://example.com/emma,classic,\r\n');
    expect(fs.readFileSync(xml, 'utf8')).toContain('<item><title>Dune</title><price>9.99</price><url>https://example.com/dune</url></item>');
    expect(fs.readFileSync(xml, 'utf8')).toContain('<item><title>Emma</title><price>5.49</price><url>https://example.com/emma</url><tags><value>classic</value></tags></item>');
    // JSON has each item as the validator outputs it (zod builds it in the schema's order).
    expect(fs.readFileSync(json, 'utf8').split('\n')[1]).toBe('{"title":"Emma","price":5.49,"url":"https://example.com/emma","tags":["classic"]}');
    const fixed = path.join(dir, 'fixed.csv');
    await crawl(Ordered, { FEEDS: { [fixed]: { format: 'csv' } }, FEED_EXPORT_FIELDS: ['price', 'title'] });
    expect(fs.readFileSync(fixed, 'utf8')).toBe('price,title\r\n9.99,Dune\r\n5.49,Emma\r\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('read the field order from the JSON Schema or the object shape', () => {
    expect(schemaFields(Book)).toEqual(['title', 'price', 'url', 'tags']);
    const valibotLike = { '~standard': { version: 1, vendor: 'valibot', validate: () => ({ value: {} }) }, type: 'object', entries: { b: {}, a: {} } } as StandardSchemaV1;
    expect(schemaFields(valibotLike)).toEqual(['b', 'a']);
    expect(schemaFields(z.string())).toBeNull();
  });
});

it('the catalogue has the products the first test relies on', () => {
  expect(PRODUCT_COUNT).toBeGreaterThan(10);
});
