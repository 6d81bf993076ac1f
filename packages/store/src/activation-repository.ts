import { compareSimplicity } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import type { Activation, PrismaClient } from './client.ts';
import type { JsonValue } from './json.ts';

export interface ActivationInput {
  readonly fingerprint: string;
  /** The canonical text; it becomes the representative when the fingerprint is new or it is simpler. */
  readonly canonical: string;
  /** Other texts seen for the same function. */
  readonly aliases?: readonly string[];
  readonly features?: JsonValue;
}

/** Activations: one row per fingerprint, however many texts reach it. */
export class ActivationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Inserts the activation, or merges into the stored one: every text not yet known (the incoming
   * canonical and aliases) is appended to `aliases` in order; features are kept if stored, else set.
   * One statement, so concurrent upserts of the same fingerprint lose no alias. (Raw SQL: Prisma
   * cannot express an array union on conflict.) Then the simplest canonical text becomes the
   * representative (`compareSimplicity`), by compare-and-set, so concurrent upserts agree on it.
   */
  async upsert(input: ActivationInput): Promise<Activation> {
    if (input.fingerprint.length === 0)
      throw new ValidationError('invalid activation', [{ path: 'fingerprint', message: 'must not be empty' }]);
    if (input.canonical.length === 0)
      throw new ValidationError('invalid activation', [{ path: 'canonical', message: 'must not be empty' }]);
    const aliases = [...new Set(input.aliases ?? [])].filter((alias) => alias !== input.canonical);
    const features = input.features === undefined || input.features === null ? null : JSON.stringify(input.features);
    await this.prisma.$executeRaw`
      INSERT INTO "Activation" ("fingerprint", "canonical", "aliases", "features")
      VALUES (${input.fingerprint}, ${input.canonical}, ${aliases}::text[], ${features}::jsonb)
      ON CONFLICT ("fingerprint") DO UPDATE SET
        "aliases" = "Activation"."aliases" || ARRAY(
          SELECT text FROM unnest(ARRAY[EXCLUDED."canonical"] || EXCLUDED."aliases") WITH ORDINALITY AS incoming(text, position)
          WHERE text <> "Activation"."canonical" AND NOT (text = ANY("Activation"."aliases"))
          ORDER BY position
        ),
        "features" = COALESCE("Activation"."features", EXCLUDED."features")`;
    for (;;) {
      const stored = await this.get(input.fingerprint);
      if (stored === null) throw new Error(`activation ${input.fingerprint} vanished right after its upsert`);
      if (compareSimplicity(input.canonical, stored.canonical) >= 0) return stored;
      // The stored representative becomes the first alias; the simpler text leaves the aliases.
      const swapped = await this.prisma.$executeRaw`
        UPDATE "Activation" SET "canonical" = ${input.canonical},
          "aliases" = ARRAY[${stored.canonical}]::text[] || array_remove("aliases", ${input.canonical})
        WHERE "fingerprint" = ${input.fingerprint} AND "canonical" = ${stored.canonical}`;
      if (swapped === 1) continue; // read back: another upsert may have swapped in a simpler one since
    }
  }

  get(fingerprint: string): Promise<Activation | null> {
    return this.prisma.activation.findUnique({ where: { fingerprint } });
  }

  getMany(fingerprints: readonly string[]): Promise<Activation[]> {
    return this.prisma.activation.findMany({ where: { fingerprint: { in: [...fingerprints] } }, orderBy: { fingerprint: 'asc' } });
  }
}
