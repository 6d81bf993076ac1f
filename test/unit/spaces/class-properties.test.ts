/**
 * One function, one verdict, over whole classes: members of the PANGAEA and Swish (one core unit)
 * spaces that share a fingerprint agree on the probe points, and wherever their values agree —
 * probe points and large magnitudes (|x| up to 10⁴), float32 and float64 — their derivatives are
 * both finite or both not. A derivative that turns NaN where the function is finite is the trap of
 * a selection written as a product (0·∞); see docs/one-verdict.md.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  derivative,
  evaluateArray,
  paramsOf,
  print,
  probePoints,
  Rng,
  simplestText,
  type Expr,
  type Precision,
} from '@actsearch/expr';
import { evaluateCandidate } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';
import { classes, decode, enumerate } from '@actsearch/spaces';
import { loadRepoSpace } from './repo-spaces.ts';

// Off the integers, where x^g of a negative x is a real number for some members and NaN for others.
const LARGE = [10000.5, -10000.5, 1000.25, -1000.25, 100.5, -100.5, 89.5, -89.5, 50.5, -50.5, 20.5, -20.5, 10.5, -10.5];
const PROBES = probePoints();
const XS = Float64Array.from([...PROBES, ...LARGE]);

/**
 * Members that the fingerprint (values on |x| ≤ 5) joins but that differ beyond: sin, sinc and cos
 * cross past π, 0^g is 1 once g underflows to 0, x^g and elu(x)^g part for large negative x.
 */
const DIFFER_BEYOND_PROBES = new Set([
  '-0 ~ 0^exp(x)',
  '-0 ~ 0^erfc(x)',
  '-0 ~ 0^sigmoid(x)',
  '-0 ~ 0^softplus(x)',
  'x^sinh(x) ~ elu(x)^sinh(x)',
  'x^tanh(x) ~ elu(x)^tanh(x)',
  'x^expm1(x) ~ elu(x)^expm1(x)',
  'min(x, 0) ~ min(min(x, sin(x)), 0)',
  'min(x, 0) ~ min(min(x, sinc(x)), 0)',
  'sin(x) ~ max(sin(x), min(x, 0))',
  'cos(x) ~ min(cos(x), sinc(x))',
  'sinc(x) ~ max(cos(x), sinc(x))',
  'sinc(x) ~ max(sinc(x), min(x, 0))',
]);

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b)) + 1e-30;
const same = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) ? close(a, b) : Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

interface Member {
  readonly text: string;
  readonly expr: Expr;
}

/** Every class with two or more members, each as its members with the representative (simplest) first. */
function multiMemberClasses(spaceId: string): Member[][] {
  const space = loadRepoSpace(spaceId);
  return classes(space, enumerate(space))
    .filter((c) => c.members.length > 1)
    .map((c) => {
      const members = c.members.map((g) => canonicalize(decode(space, g))).map((expr) => ({ text: print(expr), expr }));
      const rep = simplestText(members.map((m) => m.text));
      return [...members.filter((m) => m.text === rep).slice(0, 1), ...members.filter((m) => m.text !== rep)];
    });
}

describe.each(['pangaea', 'swish-core1'])('fingerprint classes of %s', (spaceId) => {
  const found = multiMemberClasses(spaceId);

  it('agree in value on the probe points, and in derivative finiteness wherever their values agree, in float32 and float64', () => {
    const probeDisagreements: string[] = [];
    const derivativeDisagreements: string[] = [];
    const beyond = new Set<string>();
    for (const members of found) {
      for (const precision of ['f64', 'f32'] as Precision[]) {
        const values = members.map((m) => evaluateArray(m.expr, XS, { precision }));
        const slopes = members.map((m) => evaluateArray(derivative(m.expr), XS, { precision }));
        for (let k = 1; k < members.length; k++) {
          const pair = `${members[0]?.text} ~ ${members[k]?.text}`;
          for (let i = 0; i < XS.length; i++) {
            const [fa, fb] = [values[0]?.[i] as number, values[k]?.[i] as number];
            if (!same(fa, fb)) {
              if (i < PROBES.length) probeDisagreements.push(`${pair} at ${XS[i]} (${precision}): ${fa} vs ${fb}`);
              else if (Number.isFinite(fa) && Number.isFinite(fb)) beyond.add(pair);
              continue;
            }
            if (!Number.isFinite(fa)) continue;
            const [da, db] = [slopes[0]?.[i] as number, slopes[k]?.[i] as number];
            if (Number.isFinite(da) !== Number.isFinite(db))
              derivativeDisagreements.push(`${pair} at ${XS[i]} (${precision}): slopes ${da} vs ${db}`);
          }
        }
      }
    }
    expect(found.length).toBeGreaterThan(1000);
    expect(probeDisagreements.slice(0, 10)).toEqual([]);
    expect(derivativeDisagreements.slice(0, 10)).toEqual([]);
    expect([...beyond].filter((pair) => !DIFFER_BEYOND_PROBES.has(pair))).toEqual([]);
  }, 600_000);

  it('gives a sample of multi-member classes one training verdict on one task at screen', async () => {
    // A trainable β makes a member one function only at its initial value: compare members without.
    const fixed = found.map((members) => members.filter((m) => paramsOf(m.expr).length === 0)).filter((members) => members.length > 1);
    const rng = new Rng(15);
    const sample = Array.from({ length: 4 }, () => fixed[rng.int(fixed.length)] as Member[]);
    for (const members of sample) {
      const [rep, other] = [members[0] as Member, members[members.length - 1] as Member];
      const [a, b] = await Promise.all(
        [rep, other].map((m) => evaluateCandidate({ expr: m.expr, task: getBuiltinTask('spirals-mlp'), fidelity: 'screen', seed: 0 })),
      );
      const verdict = (r: typeof a) => `${r?.status} ${r?.rejection?.test ?? ''} ${r?.rejection?.check ?? ''}`;
      expect(verdict(b), `${rep.text} vs ${other.text}`).toBe(verdict(a));
      if (a?.validationMetric != null)
        expect(Math.abs((b?.validationMetric ?? NaN) - a.validationMetric), `${rep.text} vs ${other.text}`).toBeLessThanOrEqual(0.02);
    }
  }, 600_000);
});
