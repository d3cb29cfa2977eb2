/** The catalogue's deterministic data: product N is "Title N" at £N.99. */

export const PRODUCT_COUNT = 50;
export const PAGE_SIZE = 10;
export const PAGE_COUNT = PRODUCT_COUNT / PAGE_SIZE;

export interface Product {
  id: number;
  title: string;
  /** As displayed, e.g. `£3.99`. */
  price: string;
  path: string;
  /** The catalogue page listing it. */
  page: number;
  description: string;
  stock: number;
  rating: 'One' | 'Two' | 'Three' | 'Four' | 'Five';
  upc: string;
}

const SENTENCES = [
  'A slow-burning story about a lighthouse keeper who collects other people\'s letters.',
  'Part field guide, part memoir, it maps the hidden rivers beneath an old city.',
  'Three generations of a family of clockmakers argue over a single unfinished watch.',
  'An illustrated history of paper, from mulberry bark to the modern mill.',
  'A detective who cannot read maps solves a murder in a town with no street names.',
  'Recipes and recollections from a kitchen that fed a travelling circus for forty years.',
  'A patient, practical introduction to building small wooden boats by hand.',
];

const RATINGS = ['One', 'Two', 'Three', 'Four', 'Five'] as const;

/** Product `id` (1..PRODUCT_COUNT); throws outside that range. */
export function product(id: number): Product {
  if (!Number.isInteger(id) || id < 1 || id > PRODUCT_COUNT) throw new RangeError(`No product ${id}`);
  return {
    id,
    title: `Title ${id}`,
    price: `£${id}.99`,
    path: `/product/${id}`,
    page: Math.ceil(id / PAGE_SIZE),
    description: `${SENTENCES[id % SENTENCES.length]} ${SENTENCES[(id + 3) % SENTENCES.length]}`,
    stock: (id * 7) % 20 + 1,
    rating: RATINGS[id % RATINGS.length]!,
    upc: (Math.imul(id, 2654435761) >>> 0).toString(16).padStart(8, '0'),
  };
}

/** The products listed on catalogue page `page` (1..PAGE_COUNT). */
export function productsOnPage(page: number): Product[] {
  return Array.from({ length: PAGE_SIZE }, (_, i) => product((page - 1) * PAGE_SIZE + i + 1));
}
