/**
 * Item schemas: any validator that implements Standard Schema
 * (https://standardschema.dev: zod, valibot, ArkType, Effect Schema...) can
 * check items at run time. What is read of one: `~standard.validate`, and,
 * for the order of a feed's columns, the schema's JSON Schema (Standard JSON
 * Schema) or its object shape.
 */
import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';

export type { StandardSchemaV1 } from '@standard-schema/spec';

/** A validator whose output is an `Item`: what `Spider<Item>.itemSchema` takes. */
export type ItemSchema<Item = unknown> = StandardSchemaV1<unknown, Item>;

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { validate?: unknown; version?: unknown } } | null | undefined)?.['~standard'];
  return typeof props === 'object' && props !== null && typeof props.validate === 'function' && props.version === 1;
}

/** `price: expected a number; tags[2]: too long`: each issue with its path. */
export function describeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  return issues.map((issue) => `${issuePath(issue)}: ${issue.message}`).join('; ');
}

/**
 * Where an issue is: `price`, `author.name`, `tags[2]`, or `(item)` for the
 * item itself. With `collapseIndexes`, `tags[]`, so issues of a list's
 * elements count as one.
 */
export function issuePath(issue: StandardSchemaV1.Issue, collapseIndexes = false): string {
  let path = '';
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') path += collapseIndexes ? '[]' : `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path === '' ? '(item)' : path;
}

/**
 * The top-level field names of an object schema, in the order it declares
 * them, or null when the schema does not tell: from its JSON Schema
 * (`~standard.jsonSchema`, as zod 4 and ArkType give it), else from its
 * object shape (zod's `shape`, valibot's `entries`).
 */
export function schemaFields(schema: StandardSchemaV1): string[] | null {
  const converter = (schema['~standard'] as Partial<StandardJSONSchemaV1.Props>).jsonSchema;
  if (converter && typeof converter.output === 'function') {
    try {
      const properties = converter.output({ target: 'draft-2020-12' }).properties;
      if (isPlainObject(properties)) return Object.keys(properties);
    } catch {
      // A schema JSON Schema cannot express (a transform, say): fall back to its shape.
    }
  }
  const { shape, entries } = schema as { shape?: unknown; entries?: unknown };
  if (isPlainObject(shape)) return Object.keys(shape);
  if (isPlainObject(entries)) return Object.keys(entries);
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
