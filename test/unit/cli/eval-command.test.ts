import { describe, expect, it } from 'vitest';
import { runCli } from '../../../apps/cli/src/run-cli.ts';
import type { CliIo } from '../../../apps/cli/src/command.ts';

function io(isTty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), isTty, cwd: process.cwd(), env: {} };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

describe('actsearch eval', () => {
  it('trains once and prints the result as JSON', async () => {
    const s = io();
    const code = await runCli(
      ['eval', 'x * sigmoid(beta * x)', '--task', 'spirals-mlp', '--fidelity', 'screen', '--steps', '40', '--seed', '2', '--json'],
      s.sink,
    );
    expect(code).toBe(0);
    const r = JSON.parse(s.out());
    expect(r).toMatchObject({ status: 'ok', taskId: 'spirals-mlp', fidelity: 'screen', seed: 2, stepsDone: 40 });
    expect(r.validationMetric).toBeGreaterThan(0.4);
  });

  it('prints a readable summary, with a progress bar only on a terminal', async () => {
    const plain = io(false);
    await runCli(['eval', 'tanh(x)', '--task', 'checkerboard-mlp', '--fidelity', 'screen', '--steps', '40'], plain.sink);
    expect(plain.out()).toMatch(/validation\s+accuracy 0\.\d{4}/);
    expect(plain.err()).toBe('');
    const tty = io(true);
    await runCli(['eval', 'tanh(x)', '--task', 'checkerboard-mlp', '--fidelity', 'screen', '--steps', '40'], tty.sink);
    expect(tty.err()).toContain('40/40');
  });

  it('reports a rejection as a result, and bad input with exit code 2', async () => {
    const s = io();
    expect(await runCli(['eval', 'log(x)', '--task', 'spirals-mlp'], s.sink)).toBe(0);
    expect(s.out()).toMatch(/rejected by prescreen \(non_finite\)/);
    const bad = io();
    expect(await runCli(['eval', 'x +* 1'], bad.sink)).toBe(2);
    expect(bad.err()).toMatch(/^error: parse_error/);
    expect(await runCli(['eval', 'x', '--fidelity', 'huge'], io().sink)).toBe(2);
    expect(await runCli(['eval', 'x', '--task', 'nope'], io().sink)).toBe(2);
    for (const layer of ['bn_relu', 'x / sqrt(batch_var(x) + eps) * gamma + beta']) {
      const refused = io();
      expect(await runCli(['eval', layer, '--task', 'spirals-mlp'], refused.sink)).toBe(2);
      expect(refused.err()).toMatch(/is a normalization-activation layer: layers train in a campaign over a layer space/);
      expect(refused.err().trim().split('\n')).toHaveLength(1);
    }
    const list = io();
    await runCli(['eval', '--task', 'list'], list.sink);
    expect(list.out()).toContain('mnist-mlp');
  });
});
