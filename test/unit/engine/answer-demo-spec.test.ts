/** The demonstration's campaign file (docs/answer-demo/campaign.yaml) stays a campaign the daemon takes. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { finaleSeeds, parseCampaignSpec } from '@actsearch/engine';
import { createStrategy } from '@actsearch/search';
import { SpaceCatalog } from '@actsearch/spaces';
import { listTasks } from '@actsearch/tasks';

describe('the answer demonstration spec', () => {
  it('parses, names a known space, tasks and strategy config, and asks for what issue 14 asks', () => {
    const spec = parseCampaignSpec(parse(readFileSync(new URL('../../../docs/answer-demo/campaign.yaml', import.meta.url), 'utf8')));
    const dir = new URL('../../../search-spaces/', import.meta.url);
    const catalog = SpaceCatalog.fromSources(
      readdirSync(dir)
        .filter((n) => n.endsWith('.yaml'))
        .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') })),
    );
    const space = catalog.get(spec.space);
    expect(space.shapes.map((s) => s.label)).toEqual(['binary(unary(x),unary(x))']);
    expect(() => createStrategy(spec.strategy.name, space, spec.strategy.config, spec.seed)).not.toThrow();
    const known = listTasks().map((t) => t.id);
    for (const task of [...spec.tasks, ...spec.finale.transferTasks]) expect(known).toContain(task);
    expect(spec).toMatchObject({
      tasks: ['mnist-mlp'],
      fidelity: 'standard',
      budget: { candidates: 300 },
      reference: { activations: ['relu'], search: true },
    });
    expect(spec.finale).toMatchObject({ enabled: true, topK: 8, fidelity: 'full', transferTasks: ['fashion-resmlp', 'mnist-cnn'] });
    expect(finaleSeeds(spec.seeds, spec.finale.seeds)).toEqual([0, 1, 2, 3, 4]);
  });
});
