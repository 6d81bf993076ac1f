import { describe, expect, it } from 'vitest';
import { parse } from '@actsearch/expr';
import { evaluateCandidate, prescreen, prescreenExpr, type PrescreenFeatures } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';

const good: PrescreenFeatures = { fractionNonFinite: 0, isConstant: false, isLinear: false, maxAbs: 5, fractionZeroGradient: 0.5 };

describe('pre-screen', () => {
  it('rejects each kind of broken function for its own reason', () => {
    expect(prescreenExpr(parse('log(x)'))?.check).toBe('non_finite');
    expect(prescreenExpr(parse('sin(x)^2 + cos(x)^2'))?.check).toBe('constant');
    expect(prescreenExpr(parse('3 * x - 1'))?.check).toBe('linear');
    expect(prescreenExpr(parse('exp(x^2)'))?.check).toBe('exploding');
    expect(prescreenExpr(parse('step(x) + sign(x)'))?.check).toBe('vanishing_gradient');
  });

  it('passes ReLU and Swish', () => {
    expect(prescreenExpr(parse('relu(x)'))).toBeNull();
    expect(prescreenExpr(parse('x * sigmoid(beta * x)'))).toBeNull();
  });

  it('lets each check be switched off and the explosion threshold be tuned', () => {
    expect(prescreen({ ...good, isLinear: true }, { linear: false })).toBeNull();
    expect(prescreen({ ...good, maxAbs: 2e6 })?.check).toBe('exploding');
    expect(prescreen({ ...good, maxAbs: 2e6 }, { explodingThreshold: 1e7 })).toBeNull();
    expect(prescreen({ ...good, maxAbs: Infinity })?.value).toBeNull();
    expect(prescreen({ ...good, fractionZeroGradient: 0.9 }, { vanishingFraction: 0.8 })?.check).toBe('vanishing_gradient');
  });
});

const mnistScreen = { task: getBuiltinTask('mnist-mlp'), fidelity: 'screen', seed: 0 } as const;

describe('rejection during evaluation', () => {
  it('ReLU passes every test on the default task', async () => {
    const r = await evaluateCandidate({ ...mnistScreen, expr: 'relu(x)' });
    expect(r.status).toBe('ok');
    expect(r.rejection).toBeNull();
    expect(r.qualityMetric!).toBeGreaterThan(0.5);
    expect(r.maxGradNorm!).toBeLessThan(1e8);
  });

  it('pre-screen rejects before any training and records the check', async () => {
    const r = await evaluateCandidate({ ...mnistScreen, expr: 'exp(exp(x))' });
    expect(r.status).toBe('rejected');
    expect(r.rejection).toMatchObject({ test: 'prescreen', check: 'exploding', step: null });
    expect(r.stepsDone).toBe(0);
  });

  it('stability test rejects a function whose gradients can be driven past 1e8', async () => {
    const r = await evaluateCandidate({ ...mnistScreen, expr: 'x^3' });
    expect(r.rejection).toMatchObject({ test: 'stability', step: 0 });
    expect(r.maxGradNorm === null || r.maxGradNorm > 1e8).toBe(true);
    expect(r.stepsDone).toBe(0);
  });

  it('quality test rejects a function that does not learn within the first steps', async () => {
    // Nearly zero everywhere the pre-activations live: the network stays at chance level.
    const r = await evaluateCandidate({ ...mnistScreen, expr: 'gaussian(30 * x - 60)' });
    expect(r.rejection).toMatchObject({ test: 'quality', step: 100, threshold: 0.2 });
    expect(r.qualityMetric!).toBeLessThan(0.2);
  });

  it('divergence stops training at the first non-finite loss and is recorded, not thrown', async () => {
    const r = await evaluateCandidate({ ...mnistScreen, expr: 'exp(exp(x))', rejection: { prescreen: false, stability: false } });
    expect(r.rejection?.test).toBe('divergence');
    expect(r.rejection!.step).toBe(r.stepsDone);
    expect(r.stepsDone).toBeLessThan(100);
    expect(r.curve.at(-1)!.loss).toBeNull();
  });

  it('runs no test that is switched off', async () => {
    const r = await evaluateCandidate({
      ...mnistScreen,
      steps: 5,
      expr: 'x^3',
      rejection: { prescreen: false, quality: false, stability: false, divergence: false },
    });
    expect(r.rejection).toBeNull();
    expect(r.maxGradNorm).toBeNull();
    expect(r.stepsDone).toBe(5);
  });
});
