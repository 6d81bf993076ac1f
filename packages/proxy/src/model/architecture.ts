/**
 * The three proxy architectures. Every hidden layer uses the candidate activation with its own
 * trainable parameters.
 */
import type { Rng } from '@actsearch/expr';
import type { ActivationFn } from '../activation/activation.ts';
import { isCompiledLayer, type CompiledLayer } from '../layer/compile-layer.ts';
import { ActivationLayer, type ParamMode } from './activation-layer.ts';
import { NormActLayer } from './norm-act-layer.ts';
import { AvgPool2 } from './avg-pool.ts';
import { Flatten, ToRows } from './reshape.ts';
import { Conv2d } from './conv2d.ts';
import { Dense } from './dense.ts';
import type { Layer } from './layer.ts';
import { Network } from './network.ts';
import { ResidualBlock } from './residual-block.ts';

export type ArchitectureSpec =
  /** Fully connected: input → hidden[0] → … → output. */
  | { readonly kind: 'mlp'; readonly hidden: readonly number[] }
  /** input → width (activation), then `depth` residual blocks x + f(xW+b)/√depth, then output. */
  | { readonly kind: 'residual-mlp'; readonly width: number; readonly depth: number }
  /** conv3×3(c0) → f → avgpool2 → conv3×3(c1) → f → avgpool2 → dense → output (h, w divisible by 4). */
  | { readonly kind: 'cnn'; readonly channels: readonly [number, number] };

export interface BuildOptions {
  readonly inputShape: readonly number[];
  readonly outputs: number;
  /**
   * The candidate: an activation (its parameters scalar or per channel, by `paramMode`), or a
   * normalization-activation layer (always per-channel parameters, running statistics as state) that
   * takes the activation's place after every hidden dense or convolution layer.
   */
  readonly activation: ActivationFn | CompiledLayer;
  readonly paramMode: ParamMode;
  readonly rng: Rng;
}

export function describeArchitecture(spec: ArchitectureSpec, inputShape: readonly number[], outputs: number): string {
  const d = inputShape.reduce((a, b) => a * b, 1);
  switch (spec.kind) {
    case 'mlp':
      return `MLP ${[d, ...spec.hidden, outputs].join('-')}`;
    case 'residual-mlp':
      return `residual MLP ${d}-${spec.width}×(1+${spec.depth} blocks)-${outputs}`;
    case 'cnn':
      return `CNN ${inputShape.join('×')} conv3×3(${spec.channels[0]})-pool-conv3×3(${spec.channels[1]})-pool-${outputs}`;
  }
}

export function buildNetwork(spec: ArchitectureSpec, o: BuildOptions): Network {
  const d = o.inputShape.reduce((a, b) => a * b, 1);
  const layers: Layer[] = [];
  const owned: { dispose(): void }[] = [];
  const candidate = o.activation;
  /** The candidate after a layer of `channels` outputs with `positions` rows per sample. */
  const act = (channels: number, positions: number): ActivationLayer | NormActLayer => {
    if (!isCompiledLayer(candidate)) return new ActivationLayer(candidate, channels, o.paramMode);
    const l = new NormActLayer(candidate, channels, { positions });
    owned.push(l);
    return l;
  };
  switch (spec.kind) {
    case 'mlp': {
      let prev = d;
      for (const width of spec.hidden) {
        layers.push(new Dense(o.rng, prev, width), act(width, 1));
        prev = width;
      }
      layers.push(new Dense(o.rng, prev, o.outputs));
      break;
    }
    case 'residual-mlp': {
      layers.push(new Dense(o.rng, d, spec.width), act(spec.width, 1));
      for (let i = 0; i < spec.depth; i++) {
        const block = new ResidualBlock(o.rng, spec.width, (width) => act(width, 1), spec.depth);
        layers.push(block);
        owned.push(block);
      }
      layers.push(new Dense(o.rng, spec.width, o.outputs));
      break;
    }
    case 'cnn': {
      const [h, w, c] = o.inputShape as [number, number, number];
      if (o.inputShape.length !== 3 || h % 4 !== 0 || w % 4 !== 0)
        throw new Error(`CNN needs an [h, w, c] input with h, w divisible by 4, got [${o.inputShape.join(', ')}]`);
      const [c0, c1] = spec.channels;
      layers.push(
        new ToRows(h * w),
        new Conv2d(o.rng, h, w, c, c0),
        act(c0, h * w),
        new AvgPool2(h, w, c0),
        new Conv2d(o.rng, h / 2, w / 2, c0, c1),
        act(c1, (h / 2) * (w / 2)),
        new AvgPool2(h / 2, w / 2, c1),
        new Flatten((h / 4) * (w / 4)),
        new Dense(o.rng, (h / 4) * (w / 4) * c1, o.outputs),
      );
      break;
    }
  }
  const acts = layers.flatMap((l) =>
    l instanceof ActivationLayer || l instanceof NormActLayer ? [l] : l instanceof ResidualBlock ? [l.act] : [],
  );
  return new Network(layers, describeArchitecture(spec, o.inputShape, o.outputs), acts, owned);
}
