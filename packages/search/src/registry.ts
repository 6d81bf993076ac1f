import { z } from 'zod';
import { ConflictError, ValidationError } from '@actsearch/core';
import type { BaseState } from './base-strategy.ts';
import { STATE_VERSION } from './base-strategy.ts';
import { ExhaustiveStrategy, exhaustiveConfigSchema } from './strategies/exhaustive.ts';
import { SurrogateStrategy, surrogateConfigSchema } from './strategies/surrogate.ts';
import { RandomStrategy, randomConfigSchema } from './strategies/random.ts';
import { EvolutionStrategy, evolutionConfigSchema } from './strategies/evolution.ts';
import { ControllerStrategy, controllerConfigSchema } from './strategies/controller.ts';
import { GuidedStrategy, guidedConfigSchema } from './strategies/guided.ts';
import type { SearchSpace } from '@actsearch/spaces';
import { SearchDomain } from './search-domain.ts';
import { searchDomain } from './space-view.ts';
import { HalvingStrategy, halvingConfigSchema } from './strategies/halving.ts';
import type { Strategy, StrategyJSON } from './types.ts';

/** Every strategy's config schema; `.describe()` on each field is its documentation. */
export const strategyConfigSchemas = {
  exhaustive: exhaustiveConfigSchema,
  random: randomConfigSchema,
  evolution: evolutionConfigSchema,
  controller: controllerConfigSchema,
  surrogate: surrogateConfigSchema,
  guided: guidedConfigSchema,
  halving: halvingConfigSchema,
} as const;

export type StrategyName = keyof typeof strategyConfigSchemas;
export const STRATEGY_NAMES = Object.keys(strategyConfigSchemas) as StrategyName[];

export type StrategyConfig<N extends StrategyName> = z.input<(typeof strategyConfigSchemas)[N]>;

function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(strategyConfigSchemas, name);
}

function parseConfig<N extends StrategyName>(name: N, config: unknown, path: string): z.output<(typeof strategyConfigSchemas)[N]> {
  const parsed = strategyConfigSchemas[name].safeParse(config ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      `invalid ${name} config`,
      parsed.error.issues.map((i) => ({ path: [path, ...i.path.map(String)].filter((s) => s !== '').join('.'), message: i.message })),
    );
  }
  return parsed.data as z.output<(typeof strategyConfigSchemas)[N]>;
}

/** Check a config without building anything (for the API). Returns it with defaults filled in. */
export function validateStrategyConfig(name: string, config: unknown): unknown {
  if (!isStrategyName(name))
    throw new ValidationError(`unknown strategy ${name}`, [{ path: 'strategy', message: `one of ${STRATEGY_NAMES.join(', ')}` }]);
  const parsed = parseConfig(name, config, 'config');
  if (name === 'halving') {
    const inner = (parsed as z.output<typeof halvingConfigSchema>).inner;
    parseConfig(inner.strategy, inner.config, 'config.inner.config');
  }
  return parsed;
}

type Saved = { base: BaseState; own: never } | undefined;

function build(name: StrategyName, domain: SearchDomain, rawConfig: unknown, seed: number, saved: Saved): Strategy {
  switch (name) {
    case 'exhaustive':
      return new ExhaustiveStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'random':
      return new RandomStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'evolution':
      return new EvolutionStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'controller':
      return new ControllerStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'surrogate':
      return new SurrogateStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'guided':
      return new GuidedStrategy(domain, parseConfig(name, rawConfig, 'config'), seed, saved);
    case 'halving': {
      const config = parseConfig(name, rawConfig, 'config');
      const innerSaved = (saved?.own as { inner?: StrategyJSON } | undefined)?.inner;
      const inner =
        innerSaved === undefined
          ? build(config.inner.strategy, domain, config.inner.config, seed, undefined)
          : restoreStrategy(innerSaved, domain);
      return new HalvingStrategy(domain, config, seed, inner, saved);
    }
  }
}

function toDomain(target: SearchSpace | SearchDomain): SearchDomain {
  return target instanceof SearchDomain ? target : searchDomain(target);
}

/**
 * Build a strategy by name over a loaded space (or a prepared search domain). The config is validated
 * (ValidationError with field paths) and completed with defaults; the same (name, space, config, seed)
 * and the same tells always give the same proposals.
 */
export function createStrategy(name: string, target: SearchSpace | SearchDomain, config: unknown = {}, seed = 0): Strategy {
  const domain = toDomain(target);
  if (!isStrategyName(name))
    throw new ValidationError(`unknown strategy ${name}`, [{ path: 'strategy', message: `one of ${STRATEGY_NAMES.join(', ')}` }]);
  validateStrategyConfig(name, config);
  return build(name, domain, config, seed, undefined);
}

const envelopeSchema = z.object({
  strategy: z.string(),
  version: z.number().int(),
  spaceId: z.string(),
  seed: z.number().int(),
  config: z.unknown(),
  state: z.object({
    base: z.object({
      nextId: z.number().int().min(1),
      rng: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      pending: z.array(z.any()),
      seen: z.array(z.string()),
    }),
    own: z.unknown(),
  }),
});

/** Rebuild a strategy from `toJSON()` output, continuing exactly where it stopped. */
export function restoreStrategy(json: unknown, target: SearchSpace | SearchDomain): Strategy {
  const domain = toDomain(target);
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      'invalid strategy state',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const s = parsed.data;
  if (!isStrategyName(s.strategy)) throw new ValidationError(`unknown strategy ${s.strategy}`, [{ path: 'strategy', message: 'unknown' }]);
  if (s.version !== STATE_VERSION)
    throw new ValidationError(`strategy state version ${s.version} is not ${STATE_VERSION}`, [{ path: 'version', message: 'unsupported' }]);
  if (s.spaceId !== domain.id) throw new ConflictError(`strategy state belongs to space ${s.spaceId}, not ${domain.id}`);
  return build(s.strategy, domain, s.config, s.seed, s.state as unknown as Saved);
}
