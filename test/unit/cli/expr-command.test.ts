import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, evaluateArray, fingerprint, layerFingerprint, parse, resolveLayer } from '@actsearch/expr';
import { runCli } from '@actsearch/cli';

const dir = mkdtempSync(join(tmpdir(), 'actsearch-cli-expr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, cwd: dir, env: {} });
  return { code, out, err };
}

/** Bad input: exit code 2, nothing on stdout, exactly one line on stderr. */
async function expectUsageError(argv: string[], pattern: RegExp): Promise<void> {
  const { code, out, err } = await cli(...argv);
  expect(code, argv.join(' ')).toBe(2);
  expect(out).toBe('');
  expect(err.endsWith('\n')).toBe(true);
  expect(err.trimEnd().split('\n'), err).toHaveLength(1);
  expect(err).toMatch(pattern);
}

const SWISH = 'x * sigmoid(beta * x); beta = 1.5';

describe('actsearch expr parse', () => {
  it('prints the expression, canonical form, fingerprint, parameters and size', async () => {
    const { code, out, err } = await cli('expr', 'parse', SWISH);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^expression {3}x \* sigmoid\(beta \* x\); beta = 1\.5$/m);
    expect(out).toMatch(/^canonical {4}\S/m);
    expect(out).toContain(`fingerprint  ${fingerprint(parse(SWISH))}`);
    expect(out).toMatch(/^parameters {3}beta = 1\.5$/m);
    expect(out).toMatch(/^size {9}\d+ nodes, depth \d+$/m);
  });

  it('gives machines JSON with the AST', async () => {
    const { code, out } = await cli('expr', 'parse', '--json', 'min(square(x),selu(x))');
    expect(code).toBe(0);
    const j = JSON.parse(out) as { text: string; fingerprint: string; params: unknown[]; ast: { kind: string; op: string } };
    expect(j.text).toBe('min(square(x), selu(x))');
    expect(j.fingerprint).toBe(fingerprint(parse('min(square(x),selu(x))')));
    expect(j.params).toEqual([]);
    expect(j.ast).toMatchObject({ kind: 'call', op: 'min' });
  });

  it('turns a misspelt function into one line with the column and a suggestion, exit code 2', async () => {
    await expectUsageError(
      ['expr', 'parse', 'x * sigmod(x)'],
      /^error: parse_error: .*sigmod.*sigmoid.*column 5|^error: parse_error: .*column 5.*sigmoid/,
    );
  });

  it('accepts an expression that starts with a minus sign', async () => {
    const { code, out } = await cli('expr', 'parse', '-x * sigmoid(x)', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as { ast: { op: string } }).ast.op).toMatch(/neg|mul/);
  });
});

describe('actsearch expr eval', () => {
  it('prints the values at the points given with --at, negative ones included', async () => {
    const { code, out } = await cli('expr', 'eval', SWISH, '--at', '-1,0,0.5');
    expect(code).toBe(0);
    const e = parse(SWISH);
    expect(out).toContain('with beta = 1.5');
    for (const x of [-1, 0, 0.5])
      expect(out).toMatch(new RegExp(`^${String(x).replace('.', '\\.')}\\s+${String(evaluate(e, x)).replace(/[.+-]/g, '\\$&')}$`, 'm'));
  });

  it('writes JSON with non-finite values as strings', async () => {
    const { code, out } = await cli('expr', 'eval', 'log(x)', '--at=-1,0,1', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ points: [-1, 0, 1], values: ['NaN', '-Infinity', 0] });
  });

  it('evaluates with other parameter values and in float32 when asked', async () => {
    const withParam = JSON.parse((await cli('expr', 'eval', SWISH, '--at', '2', '--param', 'beta=3', '--json')).out) as {
      values: number[];
    };
    expect(withParam.values[0]).toBe(evaluate(parse(SWISH), 2, { beta: 3 }));
    const f32 = JSON.parse((await cli('expr', 'eval', 'gelu(x)', '--at', '0.3', '--precision', 'f32', '--json')).out) as {
      values: number[];
    };
    expect(f32.values[0]).toBe(evaluateArray(parse('gelu(x)'), Float64Array.from([0.3]), { precision: 'f32' })[0]);
  });

  it('refuses missing or malformed points and unknown parameters with exit code 2', async () => {
    await expectUsageError(['expr', 'eval', 'x'], /--at/);
    await expectUsageError(['expr', 'eval', 'x', '--at', '1,two'], /'two' is not a number/);
    await expectUsageError(['expr', 'eval', SWISH, '--at', '1', '--param', 'gamma=2'], /no parameter 'gamma'.*beta/);
    await expectUsageError(['expr', 'eval', 'x', '--at', '1', '--precision', 'f16'], /f64 or f32/);
    await expectUsageError(['expr', 'eval', '--at', '1'], /needs an expression/);
  });
});

describe('actsearch expr diff', () => {
  it('prints a derivative that matches central differences', async () => {
    const { code, out } = await cli('expr', 'diff', 'x * sigmoid(x)', '--json');
    expect(code).toBe(0);
    const d = parse((JSON.parse(out) as { derivative: string }).derivative);
    const f = parse('x * sigmoid(x)');
    for (const x of [-2, -0.5, 0.3, 1.7]) {
      const h = 1e-6;
      expect(evaluate(d, x)).toBeCloseTo((evaluate(f, x + h) - evaluate(f, x - h)) / (2 * h), 6);
    }
    const readable = await cli('expr', 'diff', 'x * sigmoid(x)');
    expect(readable.out).toMatch(/^d\/dx x \* sigmoid\(x\)\n {2}= \S/);
  });

  it('differentiates with respect to a parameter, and refuses a name the expression lacks', async () => {
    const { code, out } = await cli('expr', 'diff', SWISH, '--wrt', 'beta', '--json');
    expect(code).toBe(0);
    const d = parse((JSON.parse(out) as { derivative: string }).derivative);
    // ∂/∂β x·σ(βx) = x²·σ(βx)·σ(−βx)
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    expect(evaluate(d, 0.8)).toBeCloseTo(0.64 * s(1.2) * s(-1.2), 12);
    await expectUsageError(['expr', 'diff', SWISH, '--wrt', 'gamma'], /neither x nor a parameter/);
  });
});

describe('actsearch expr features', () => {
  it('prints the features readable and as JSON', async () => {
    const readable = await cli('expr', 'features', 'relu(x)');
    expect(readable.code).toBe(0);
    expect(readable.out).toMatch(/^features of relu\(x\) on the probe points\n/);
    expect(readable.out.trimEnd().split('\n').length).toBeGreaterThan(5);
    const { out } = await cli('expr', 'features', 'relu(x)', '--json');
    const j = JSON.parse(out) as { expression: string; features: Record<string, unknown> };
    expect(j.expression).toBe('relu(x)');
    expect(Object.keys(j.features).length).toBeGreaterThan(5);
  });
});

describe('actsearch expr export', () => {
  it('prints the file for the chosen language', async () => {
    const { code, out } = await cli('expr', 'export', '--lang', 'numpy', SWISH);
    expect(code).toBe(0);
    expect(out).toMatch(/^# NumPy activation function/);
    expect(out).toContain('def activation(x, beta=1.5):');
  });

  it('writes the file into a directory given with --out, under the export’s own name', async () => {
    const { code, out } = await cli('expr', 'export', SWISH, '--lang', 'torch', '--out', `${dir}/`, '--per-channel', '64:1');
    expect(code).toBe(0);
    const path = /^wrote (\S+) \(pytorch, \d+ bytes\)$/m.exec(out)?.[1] ?? '';
    expect(path).toMatch(/_torch\.py$/);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('channels: Optional[int] = 64, dim: int = 1');
  });

  it('writes to a relative file name and reports it as JSON', async () => {
    const { code, out } = await cli('expr', 'export', 'relu(x)', '--lang', 'latex', '--out', 'relu.tex', '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out) as { lang: string; filename: string; path: string; code: string };
    expect(j.lang).toBe('latex');
    expect(j.path).toBe(join(dir, 'relu.tex'));
    expect(readFileSync(j.path, 'utf8')).toBe(j.code);
  });

  it('refuses a missing or unknown language and a malformed --per-channel with exit code 2', async () => {
    await expectUsageError(['expr', 'export', 'relu(x)'], /needs --lang/);
    await expectUsageError(['expr', 'export', 'relu(x)', '--lang', 'cobol'], /unknown language 'cobol'.*pytorch/);
    await expectUsageError(['expr', 'export', 'relu(x)', '--lang', 'pytorch', '--per-channel', 'many'], /--per-channel/);
    await expectUsageError(['expr', 'export', 'relu(x)', '--lang', 'pytorch', '--name', 'bad name'], /validation_failed.*identifier/);
  });
});

describe('actsearch expr with a layer', () => {
  it('parse shows a known layer by name: its kind, layer fingerprint, per-channel parameters and statistics', async () => {
    const { code, out, err } = await cli('expr', 'parse', 'evonorm_b0');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^kind {9}layer \(normalization-activation\)$/m);
    expect(out).toContain(`fingerprint  ${layerFingerprint(resolveLayer('evonorm_b0'))} (layer fingerprint)`);
    expect(out).toMatch(/^parameters {3}v = 1, gamma = 1, beta = 0 \(per channel\)$/m);
    expect(out).toMatch(/^statistics {3}batch_var\(x\), instance_var\(x\)$/m);
    expect(out).toMatch(/^known layer {2}evonorm_b0$/m);
    const json = JSON.parse((await cli('expr', 'parse', '--json', 'x / sqrt(group_var(x, 4) + eps)')).out) as Record<string, unknown>;
    expect(json).toMatchObject({ kind: 'layer', aggregates: ['group_var(x, 4)'], knownLayer: null });
  });

  it('parse says an activation is one', async () => {
    expect((await cli('expr', 'parse', 'relu(x)')).out).toMatch(/^kind {9}activation \(element-wise\)$/m);
  });

  it('export writes a layer as a PyTorch module or a NumPy class', async () => {
    const torch = await cli('expr', 'export', 'evonorm_s0', '--lang', 'torch', '--name', 'evo_s0');
    expect(torch.code).toBe(0);
    expect(torch.out).toMatch(/^class EvoS0\(nn\.Module\):$/m);
    const numpy = await cli('expr', 'export', 'x / sqrt(layer_var(x) + eps) * gamma + beta', '--lang', 'numpy');
    expect(numpy.code).toBe(0);
    expect(numpy.out).toMatch(/^class ActsearchLayer:$/m);
  });

  it('refuses a language a layer has no export for, --per-channel, and eval, diff and features: one line, exit 2', async () => {
    await expectUsageError(
      ['expr', 'export', 'evonorm_s0', '--lang', 'keras'],
      /^error: validation_failed: layers export to pytorch and numpy, not 'keras'\n$/,
    );
    await expectUsageError(['expr', 'export', 'evonorm_s0', '--lang', 'numpy', '--per-channel', '16'], /always per channel/);
    for (const sub of ['eval', 'diff', 'features'])
      await expectUsageError(
        ['expr', sub, 'bn_relu', '--at', '1'].slice(0, sub === 'eval' ? 5 : 3),
        new RegExp(`expr ${sub} works on element-wise activations, and this is a layer`),
      );
  });
});

describe('actsearch expr', () => {
  it('refuses an unknown subcommand or option with one line and exit code 2', async () => {
    await expectUsageError(['expr'], /needs a subcommand/);
    await expectUsageError(['expr', 'simplify', 'x'], /unknown expr subcommand 'simplify'/);
    await expectUsageError(['expr', 'parse', 'x', '--frobnicate'], /--frobnicate/);
    await expectUsageError(['expr', 'eval', 'x', '--at'], /--at needs a value/);
  });

  it('prints its usage for --help', async () => {
    const { code, out } = await cli('expr', '--help');
    expect(code).toBe(0);
    expect(out).toContain('usage: actsearch expr <subcommand>');
    expect(out).toContain('export languages: pytorch, keras, jax, tfjs, numpy, latex, typescript');
  });
});
