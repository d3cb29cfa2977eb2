/** Item pipelines of the books example (enabled in the spider's `customSettings.ITEM_PIPELINES`). */
import { DropItem, type ItemPipeline } from '@arachne/core';
import type { Book } from './spiders/books.js';

export interface PricedBook extends Book {
  /** The price as a number, in the page's currency. */
  priceValue: number;
}

/** Parses "£51.77" into `priceValue`; drops books without a title or a readable price. */
export class PricePipeline implements ItemPipeline<Book> {
  processItem(book: Book): PricedBook {
    if (!book.title) throw new DropItem(`book without a title at ${book.url}`);
    const priceValue = Number(book.price.replace(/[^\d.]/g, ''));
    if (!book.price || Number.isNaN(priceValue)) throw new DropItem(`unreadable price "${book.price}" at ${book.url}`);
    return { ...book, priceValue };
  }
}
