import { describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { evaluationKey, parseEvaluationKey } from '@actsearch/core';

describe('evaluation keys', () => {
  const identity = { fingerprint: '47755f12ba699264', task: 'mnist-mlp', taskVersion: 3, fidelity: 'standard', seed: 7 };

  it('names the task version, so two versions of a task are two pieces of work', () => {
    expect(evaluationKey(identity)).toBe('47755f12ba699264|mnist-mlp|v3|standard|7');
    expect(evaluationKey({ ...identity, taskVersion: 2 })).not.toBe(evaluationKey(identity));
  });

  it("keeps the first release's four-part key for version 0, so a database from before versions keeps working", () => {
    expect(evaluationKey({ ...identity, taskVersion: 0 })).toBe('47755f12ba699264|mnist-mlp|standard|7');
    expect(parseEvaluationKey('47755f12ba699264|mnist-mlp|standard|7')).toEqual({ ...identity, taskVersion: 0 });
  });

  it('parses back to the identity it was made from, negative seeds included', () => {
    expect(parseEvaluationKey(evaluationKey(identity))).toEqual(identity);
    expect(parseEvaluationKey(evaluationKey({ ...identity, seed: -5, taskVersion: 0 }))).toEqual({ ...identity, seed: -5, taskVersion: 0 });
  });

  it('parses nothing from strings no evaluationKey call returns', () => {
    for (const key of [
      'a|b|3|standard|7',
      'a|b|v0|standard|7',
      'a|b|v3|standard|x',
      'a|b|v3|standard|7|extra',
      'a|b|standard',
      '|b|v3|standard|7',
      'a|b|v99999999999|standard|1',
    ]) {
      expect(parseEvaluationKey(key), key).toBeNull();
    }
  });

  it('refuses a negative or fractional task version with the field named', () => {
    for (const taskVersion of [-1, 1.5]) {
      expect(() => evaluationKey({ ...identity, taskVersion })).toThrow(ValidationError);
      try {
        evaluationKey({ ...identity, taskVersion });
      } catch (error) {
        expect((error as ValidationError).fields.map((f) => f.path)).toEqual(['taskVersion']);
      }
    }
  });
});
