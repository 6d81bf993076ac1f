/**
 * The genome as a sequence of categorical decisions: the shape first, then one value per slot.
 * `decisionsAt` is the token grammar an autoregressive controller follows; `checkGenome` is the one
 * place that says whether an array is a member.
 */
import { ValidationError } from '@actsearch/core';
import type { Genome, SearchSpace, Shape, Slot, SlotKind } from './space.ts';

export type DecisionKind = 'shape' | SlotKind;

export interface Decision {
  /** Position of this decision in the genome. */
  readonly position: number;
  readonly kind: DecisionKind;
  /** `shape`, or the slot's path such as `root.1` or `unit2.input1`. */
  readonly path: string;
  /** Number of choices; the next genome value is an integer in [0, size). */
  readonly size: number;
  /** One label per choice: shape labels, operator names, or `x` / `unit1` / … for inputs. */
  readonly labels: readonly string[];
}

const inputLabelCache: string[][] = [];
function inputLabels(size: number): readonly string[] {
  let labels = inputLabelCache[size];
  if (!labels) {
    labels = ['x', ...Array.from({ length: size - 1 }, (_, i) => `unit${i + 1}`)];
    inputLabelCache[size] = labels;
  }
  return labels;
}

function slotLabels(space: SearchSpace, slot: Slot): readonly string[] {
  if (slot.kind === 'unary') return space.unary.map((o) => o.name);
  if (slot.kind === 'binary') return space.binary.map((o) => o.name);
  return inputLabels(slot.size);
}

function invalid(message: string, path: string): ValidationError {
  return new ValidationError(message, [{ path, message }]);
}

function checkValue(value: unknown, size: number, position: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= size) {
    throw invalid(`genome[${position}] (${what}) must be an integer in [0, ${size}), got ${JSON.stringify(value)}`, `genome[${position}]`);
  }
}

/** The shape a genome (or a non-empty prefix) belongs to. */
export function shapeOf(space: SearchSpace, genome: Genome): Shape {
  const first = genome[0];
  checkValue(first, space.shapes.length, 0, 'shape');
  return space.shapes[first as number] as Shape;
}

/**
 * The next decision after `prefix`, or `null` when the prefix is already a complete member.
 * Throws a ValidationError when the prefix itself is not a valid start of a member.
 */
export function decisionsAt(space: SearchSpace, prefix: Genome): Decision | null {
  if (prefix.length === 0) {
    return { position: 0, kind: 'shape', path: 'shape', size: space.shapes.length, labels: space.shapes.map((s) => s.label) };
  }
  const shape = shapeOf(space, prefix);
  if (prefix.length > shape.slots.length + 1) {
    throw invalid(`a genome of shape '${shape.label}' has ${shape.slots.length + 1} values, got ${prefix.length}`, 'genome');
  }
  for (let p = 1; p < prefix.length; p++) {
    const slot = shape.slots[p - 1] as Slot;
    checkValue(prefix[p], slot.size, p, slot.path);
  }
  const slot = shape.slots[prefix.length - 1];
  if (!slot) return null;
  return { position: prefix.length, kind: slot.kind, path: slot.path, size: slot.size, labels: slotLabels(space, slot) };
}

/** Throws a ValidationError naming the offending position unless `genome` is a complete member. */
export function checkGenome(space: SearchSpace, genome: unknown): asserts genome is Genome {
  if (!Array.isArray(genome) || genome.length === 0) {
    throw invalid(`a genome is a non-empty array of integers, got ${JSON.stringify(genome)}`, 'genome');
  }
  const shape = shapeOf(space, genome);
  if (genome.length !== shape.slots.length + 1) {
    throw invalid(`a genome of shape '${shape.label}' has ${shape.slots.length + 1} values, got ${genome.length}`, 'genome');
  }
  shape.slots.forEach((slot, i) => checkValue(genome[i + 1], slot.size, i + 1, slot.path));
}

export function isGenome(space: SearchSpace, genome: unknown): genome is Genome {
  try {
    checkGenome(space, genome);
    return true;
  } catch (err) {
    if (err instanceof ValidationError) return false;
    throw err;
  }
}
