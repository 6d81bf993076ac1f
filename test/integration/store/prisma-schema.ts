import { readFileSync } from 'node:fs';

/**
 * A reader for the subset of Prisma's schema language that prisma/schema.prisma uses, written
 * independently of the migrations, so the agreement test compares two separate readings of intent:
 * what the schema declares and what the SQL created. It also spells Prisma's naming conventions
 * (`Model_pkey`, `Model_a_b_key`, `Model_a_b_idx`, `Model_a_fkey`).
 */

export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly list: boolean;
  readonly attributes: string;
}

export interface SchemaModel {
  readonly name: string;
  readonly fields: SchemaField[];
  readonly blockAttributes: string[];
}

export interface ParsedSchema {
  readonly models: SchemaModel[];
  readonly enums: Map<string, string[]>;
}

export interface ExpectedColumn {
  readonly table: string;
  readonly column: string;
  /** information_schema's data_type, or the enum / array element name for USER-DEFINED / ARRAY. */
  readonly type: string;
  readonly nullable: boolean;
}

export interface ExpectedIndex {
  readonly table: string;
  readonly name: string;
  readonly columns: string[];
  readonly unique: boolean;
  readonly method: 'btree' | 'gin';
}

export interface ExpectedForeignKey {
  readonly table: string;
  readonly name: string;
  readonly onDelete: string;
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  Float: 'double precision',
  Json: 'jsonb',
  DateTime: 'timestamp without time zone',
  Boolean: 'boolean',
};

export function parsePrismaSchema(path: string): ParsedSchema {
  const text = readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '');
  const models: SchemaModel[] = [];
  const enums = new Map<string, string[]>();
  for (const block of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const [, kind, name = '', body = ''] = block;
    const lines = body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (kind === 'enum') {
      enums.set(name, lines);
      continue;
    }
    const fields: SchemaField[] = [];
    const blockAttributes: string[] = [];
    for (const line of lines) {
      if (line.startsWith('@@')) {
        blockAttributes.push(line);
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (match === null) throw new Error(`cannot read schema line: ${line}`);
      const [, fieldName = '', type = '', list, optional, attributes = ''] = match;
      fields.push({ name: fieldName, type, list: list !== undefined, optional: optional !== undefined, attributes });
    }
    models.push({ name, fields, blockAttributes });
  }
  return { models, enums };
}

function isScalar(schema: ParsedSchema, field: SchemaField): boolean {
  return field.type in SCALARS || schema.enums.has(field.type);
}

export function scalarFields(schema: ParsedSchema, model: SchemaModel): SchemaField[] {
  return model.fields.filter((field) => isScalar(schema, field));
}

export function expectedColumns(schema: ParsedSchema): ExpectedColumn[] {
  return schema.models.flatMap((model) =>
    scalarFields(schema, model).map((field) => ({
      table: model.name,
      column: field.name,
      type: field.list ? `${SCALARS[field.type] ?? field.type}[]` : (SCALARS[field.type] ?? field.type),
      // Prisma leaves list columns nullable (an empty list is `{}` by default).
      nullable: field.optional || field.list,
    })),
  );
}

/** `[a, b(sort: Desc)]` → `['a', 'b DESC']`, as pg_indexes spells the columns (unquoted). */
function fieldList(attribute: string): string[] {
  const inner = /\[((?:[^\]()]|\([^)]*\))*)\]/.exec(attribute)?.[1] ?? '';
  return inner
    .split(/,(?![^(]*\))/)
    .map((name) => name.trim().replace(/^(\w+)\(sort:\s*Desc\)$/, '$1 DESC'))
    .filter((name) => name.length > 0);
}

export function expectedIndexes(schema: ParsedSchema): ExpectedIndex[] {
  const indexes: ExpectedIndex[] = [];
  for (const model of schema.models) {
    for (const field of model.fields) {
      if (/@id\b/.test(field.attributes))
        indexes.push({ table: model.name, name: `${model.name}_pkey`, columns: [field.name], unique: true, method: 'btree' });
      if (/@unique\b/.test(field.attributes)) {
        indexes.push({ table: model.name, name: `${model.name}_${field.name}_key`, columns: [field.name], unique: true, method: 'btree' });
      }
    }
    for (const attribute of model.blockAttributes) {
      const columns = fieldList(attribute);
      const kind = attribute.startsWith('@@unique')
        ? 'key'
        : attribute.startsWith('@@index')
          ? 'idx'
          : attribute.startsWith('@@id')
            ? 'pkey'
            : undefined;
      if (kind === undefined) continue;
      indexes.push({
        table: model.name,
        name: kind === 'pkey' ? `${model.name}_pkey` : `${model.name}_${columns.map((c) => c.replace(/ DESC$/, '')).join('_')}_${kind}`,
        columns,
        unique: kind !== 'idx',
        method: /type:\s*Gin/.test(attribute) ? 'gin' : 'btree',
      });
    }
  }
  return indexes;
}

export function expectedForeignKeys(schema: ParsedSchema): ExpectedForeignKey[] {
  return schema.models.flatMap((model) =>
    model.fields
      .filter((field) => field.attributes.includes('@relation(') && field.attributes.includes('fields:'))
      .map((field) => {
        const columns = fieldList(/fields:\s*\[[^\]]*\]/.exec(field.attributes)?.[0] ?? '');
        const onDelete = /onDelete:\s*(\w+)/.exec(field.attributes)?.[1];
        return {
          table: model.name,
          name: `${model.name}_${columns.join('_')}_fkey`,
          // Prisma's default for a required relation is Restrict, for an optional one SetNull.
          onDelete: (onDelete ?? (field.optional ? 'SetNull' : 'Restrict')).replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(),
        };
      }),
  );
}
