/**
 * Code export: every language yields a complete file with its header; Python files parse and name
 * nothing undefined; the TF.js file (Layer included) is valid JavaScript; the TypeScript file
 * type-checks under strict settings and computes what the engine computes; bad input is refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  constant,
  EXPORT_LANGS,
  evaluateArray,
  exportActivation,
  fingerprint,
  param,
  parse,
  print,
  Rng,
  variable,
  X,
  type ExportLang,
  type Expr,
} from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { runPython, SYNTAX_SCRIPT } from './export-fixtures/python.ts';
import { randomActivation } from './export-fixtures/random-exprs.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const SWISH = parse('x * sigmoid(beta * x); beta = 1.5');
const tmp = mkdtempSync(join(tmpdir(), 'actsearch-export-unit-'));
const inRepo = join(REPO, '.tmp', `export-unit-${process.pid}`);
mkdirSync(inRepo, { recursive: true });

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(inRepo, { recursive: true, force: true });
});

/** Expressions that stress the generators: odd constants, reserved-word parameters, no x at all. */
const AWKWARD: Expr[] = [
  call('add', call('mul', constant(-0), X), call('div', constant(NaN), constant(Infinity))),
  call('mul', param('lambda', 0.25), call('apa', X, param('lambda', 0.25), param('kappa2', 2))),
  call('add', X, call('mul', param('np', 1), param('x_', 2))),
  call('pow', X, constant(-1e-21)),
  call('leaky_relu', X, constant(-5e-324)),
  call('sigmoid', param('beta', 1)),
  call('exp', constant(1)),
];

function sample(n: number, seed: number): Expr[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => randomActivation(rng));
}

describe('exportActivation', () => {
  it('writes a complete file with a header naming the expression, canonical form and fingerprint in every language', () => {
    const fp = fingerprint(SWISH);
    const extensions: Record<ExportLang, RegExp> = {
      pytorch: /_torch\.py$/,
      keras: /_keras\.py$/,
      jax: /_jax\.py$/,
      numpy: /^activation_[0-9a-f]{8}\.py$/,
      tfjs: /\.mjs$/,
      typescript: /\.ts$/,
      latex: /\.tex$/,
    };
    for (const lang of EXPORT_LANGS) {
      const r = exportActivation(SWISH, lang, { source: 'campaign c1, rank 1' });
      expect(r.filename, lang).toMatch(extensions[lang]);
      expect(r.filename).toContain(fp.slice(0, 8));
      expect(r.mimeType).toMatch(/^(text|application)\//);
      const head = r.code.split('\n').slice(0, 7).join('\n');
      expect(head, lang).toContain('expression:  x * sigmoid(beta * x); beta = 1.5');
      expect(head, lang).toContain('canonical:');
      expect(head, lang).toContain(`fingerprint: ${fp}`);
      expect(head, lang).toContain('parameters:  beta = 1.5');
      expect(head, lang).toContain('source:      campaign c1, rank 1');
      expect(r.code.endsWith('\n')).toBe(true);
    }
  });

  it('gives the same file for the same expression and options', () => {
    for (const lang of EXPORT_LANGS) {
      expect(exportActivation(parse('min(square(x), selu(x))'), lang).code).toBe(
        exportActivation(parse('min(square(x), selu(x))'), lang).code,
      );
    }
  });

  it('keeps a source note with line breaks on one comment line, so it cannot escape into code', () => {
    const r = exportActivation(SWISH, 'numpy', { source: 'evil\nimport os; os.system("x")\r\n*/ alert(1)' });
    const lines = r.code.split('\n');
    const at = lines.findIndex((l) => l.includes('source:'));
    expect(lines[at]).toMatch(/^# source: +evil import os; os\.system\("x"\) \*\/ alert\(1\)$/);
    expect(lines.filter((l) => l.includes('os.system'))).toHaveLength(1);
  });

  it('refuses unknown operators, variables other than x, bad parameter names and bad options with a ValidationError', () => {
    const bad: [Expr, object][] = [
      [call('frobnicate', X), {}],
      [call('add', X, variable('x1')), {}],
      [call('add', X, param('a b"; import os', 1)), {}],
      [call('add', X, call('mul', param('beta', 1), param('beta', 2))), {}],
      [SWISH, { name: 'bad name' }],
      [SWISH, { name: '__import__("os")' }],
      [SWISH, { perChannel: { channels: 0, dim: 1 } }],
      [SWISH, { perChannel: { channels: 3.5, dim: 1 } }],
      [SWISH, { tfImport: "x'; alert(1); '" }],
    ];
    for (const [e, options] of bad) {
      expect(() => exportActivation(e, 'pytorch', options), JSON.stringify(options)).toThrow(ValidationError);
    }
    expect(() => exportActivation(SWISH, 'cobol' as ExportLang)).toThrow(/unknown export language 'cobol'/);
  });

  it('names a parameter that a target language reserves differently there (lambda → lambda_ in Python)', () => {
    const e = parse('x * apa(x, lambda, kappa); lambda = 0.5');
    const py = exportActivation(e, 'numpy').code;
    expect(py).toContain('def activation(x, lambda_=0.5, kappa=1.0):');
    expect(exportActivation(e, 'tfjs').code).toContain('lambda: 0.5');
    expect(exportActivation(e, 'latex').code).toContain('$\\lambda$ (initial value $0.5$)');
  });
});

describe('Python exports (PyTorch, Keras, JAX, NumPy)', () => {
  const cases: { lang: ExportLang; expr: Expr; options?: object }[] = [];
  const exprs = [SWISH, parse('relu(x)'), parse('gauss_kernel(x, tanh(x), beta2) + bessel_i0e(x)'), ...AWKWARD, ...sample(40, 3)];
  for (const lang of ['pytorch', 'keras', 'jax', 'numpy'] as const) {
    for (const expr of exprs) cases.push({ lang, expr });
    cases.push({ lang, expr: SWISH, options: { perChannel: { channels: 64, dim: 1 }, name: 'swish_beta' } });
  }
  let checked: { results: { ok: boolean; error?: string; undefined?: string[]; classes?: string[]; functions?: string[] }[] };
  beforeAll(() => {
    const files = cases.map((c, i) => {
      const file = join(tmp, `py_${i}.py`);
      writeFileSync(file, exportActivation(c.expr, c.lang, c.options).code);
      return file;
    });
    checked = runPython(SYNTAX_SCRIPT, { files }, tmp) as typeof checked;
  });

  it('parse with Python’s ast and read no name that nothing defines', () => {
    const problems = checked.results.flatMap((r, i) =>
      !r.ok || (r.undefined ?? []).length > 0
        ? [`${cases[i]?.lang} ${print(cases[i]?.expr as Expr)}: ${r.error ?? r.undefined?.join(', ')}`]
        : [],
    );
    expect(problems).toEqual([]);
    expect(checked.results).toHaveLength(cases.length);
  });

  it('define the functional form, and a layer class in the framework exports', () => {
    checked.results.forEach((r, i) => {
      const c = cases[i] as (typeof cases)[number];
      const named = c.options !== undefined;
      expect(r.functions).toContain(named ? 'swish_beta' : 'activation');
      // Private helpers (PyTorch's _Gradient, the autograd.Function behind the functional form) aside.
      if (c.lang !== 'numpy')
        expect((r.classes ?? []).filter((n) => !n.startsWith('_'))).toEqual([named ? 'SwishBeta' : 'ActsearchActivation']);
    });
  });

  it('PyTorch: trainable parameters are nn.Parameters, per-channel when asked, with no API newer than 1.13', () => {
    const scalar = exportActivation(SWISH, 'pytorch').code;
    expect(scalar).toContain('class ActsearchActivation(nn.Module):');
    expect(scalar).toContain('def __init__(self, channels: Optional[int] = None, dim: int = 1) -> None:');
    expect(scalar).toContain('self.beta = nn.Parameter(torch.full(shape, 1.5))');
    expect(scalar).toContain('def activation(x: torch.Tensor, beta=1.5) -> torch.Tensor:');
    const perChannel = exportActivation(SWISH, 'pytorch', { perChannel: { channels: 64, dim: 1 } }).code;
    expect(perChannel).toContain('channels: Optional[int] = 64, dim: int = 1');
    expect(perChannel).toContain('per-channel: 64 channels on dim 1');
    const plain = exportActivation(parse('max(x, tanh(x))'), 'pytorch').code;
    expect(plain).not.toContain('nn.Parameter');
    expect(plain).toContain('return activation(x)');
    for (const e of exprs) {
      expect(exportActivation(e, 'pytorch').code).not.toMatch(/torch\.compile|torch\.func\b|torch\.vmap|torch\.library/);
    }
  });

  it('folds constant sub-expressions for PyTorch and TensorFlow (their ops reject or mistype Python floats), and nowhere else', () => {
    const e = parse('x * exp(1) + sigmoid(beta)');
    for (const lang of ['pytorch', 'keras'] as const) {
      const code = exportActivation(e, lang).code;
      expect(code, lang).toContain('(x * 2.718281828459045)');
      expect(code, lang).toMatch(/sigmoid\(beta\)/);
    }
    expect(exportActivation(e, 'numpy').code).toContain('(x * np.exp(1.0))');
    expect(exportActivation(e, 'jax').code).toContain('(x * jnp.exp(1.0))');
  });

  it('Keras: a serializable Layer with add_weight parameters and get_config, tf.keras only (TF 2.12)', () => {
    const code = exportActivation(SWISH, 'keras', { perChannel: { channels: 16, dim: -1 } }).code;
    expect(code).toContain('@tf.keras.utils.register_keras_serializable(package="actsearch")');
    expect(code).toContain('class ActsearchActivation(tf.keras.layers.Layer):');
    expect(code).toContain('def __init__(self, channels=16, axis=-1, beta_init=1.5, **kwargs):');
    expect(code).toContain(
      'self.beta = self.add_weight(name="beta", shape=shape, initializer=tf.keras.initializers.Constant(self.beta_init), trainable=True)',
    );
    expect(code).toContain('config.update({"channels": self.channels, "axis": self.axis, "beta_init": self.beta_init})');
    expect(code).not.toMatch(/^import keras|keras\.ops|from keras /m);
  });

  it('JAX: a pure function and a Flax module whose parameters come from self.param', () => {
    const code = exportActivation(SWISH, 'jax').code;
    expect(code).toContain('from flax import linen as nn');
    expect(code).toContain('class ActsearchActivation(nn.Module):');
    expect(code).toContain('beta_init: float = 1.5');
    expect(code).toContain('beta = self.param("beta", nn.initializers.constant(self.beta_init), shape)');
    expect(code).toContain('def activation(x, beta=1.5):');
  });
});

/** Syntax errors of a JS/TS source as TypeScript's parser reports them. */
function syntaxErrors(code: string, fileName: string): string[] {
  const out = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('TF.js export', () => {
  it('is a valid ES module with a serializable Layer subclass and the same plain function as the core-only file', () => {
    for (const e of [SWISH, parse('relu(x)'), ...AWKWARD, ...sample(30, 5)]) {
      const full = exportActivation(e, 'tfjs').code;
      expect(syntaxErrors(full, 'a.js'), print(e)).toEqual([]);
      expect(full).toContain("import * as tf from '@tensorflow/tfjs';");
      expect(full).toContain('export class ActsearchActivation extends tf.layers.Layer {');
      expect(full).toContain("  static className = 'ActsearchActivation';");
      expect(full).toContain("tf.serialization.registerClass(ActsearchActivation, 'actsearch');");
      const core = exportActivation(e, 'tfjs', { layer: false, tfImport: '@tensorflow/tfjs-core' }).code;
      const fn = core.slice(core.indexOf('\n/**'));
      expect(full).toContain(fn.trimEnd());
      expect(core).not.toContain('tf.layers');
    }
  });

  it('gives a per-channel layer its channel count and axis, and a named export its class name', () => {
    const code = exportActivation(SWISH, 'tfjs', { perChannel: { channels: 8, dim: -1 }, name: 'swish_beta' }).code;
    expect(code).toContain('export class SwishBeta extends tf.layers.Layer {');
    expect(code).toContain('this.channels = config.channels ?? 8;');
    expect(code).toContain('this.axis = config.axis ?? -1;');
    expect(code).toContain(
      "this.beta = this.addWeight('beta', shape, 'float32', tf.initializers.constant({ value: this.betaInit }), undefined, true);",
    );
    expect(code).toContain('export function swishBeta(x, params = {}) {');
  });
});

describe('TypeScript export', () => {
  const exprs = [SWISH, parse('relu(x)'), parse('gelu(x) + bessel_i1e(x) * erfc(x)'), ...AWKWARD, ...sample(60, 11)];
  const files = exprs.map((e, i) => {
    const file = join(inRepo, `ts_${i}.ts`);
    writeFileSync(file, exportActivation(e, 'typescript').code);
    return file;
  });

  it('type-checks under strict settings with noUncheckedIndexedAccess', () => {
    // One program over a third of the files: the checker's start-up, not the files, is the cost.
    const program = ts.createProgram(files.slice(0, 25), {
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      lib: ['lib.es5.d.ts', 'lib.es2015.core.d.ts'],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  it('computes what evaluateArray computes, on numbers and on Float64Array', async () => {
    const xs = Float64Array.from([-5, -2.5, -1, -0.3, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 5]);
    for (const [i, e] of exprs.entries()) {
      const mod = (await import(pathToFileURL(files[i] as string).href)) as {
        activation: (x: number | Float64Array) => number | Float64Array;
      };
      const got = mod.activation(xs) as Float64Array;
      const want = evaluateArray(e, xs);
      expect(got).toBeInstanceOf(Float64Array);
      xs.forEach((x, j) => {
        const w = want[j] as number;
        const g = got[j] as number;
        expect(Number.isNaN(g), `${print(e)} at ${x}`).toBe(Number.isNaN(w));
        if (!Number.isNaN(w))
          expect(Math.abs(g - w) <= 1e-12 * Math.max(Math.abs(w), 1e-3) || g === w, `${print(e)} at ${x}: ${g} vs ${w}`).toBe(true);
      });
      expect(mod.activation(0.3)).toBe(got[7]);
    }
  });

  it('takes parameter values other than the initial ones', async () => {
    const file = join(inRepo, 'swish.ts');
    writeFileSync(file, exportActivation(SWISH, 'typescript').code);
    const mod = (await import(pathToFileURL(file).href)) as {
      activation: (x: number, p?: { beta?: number }) => number;
      defaultParams: { beta: number };
    };
    expect(mod.defaultParams).toEqual({ beta: 1.5 });
    expect(mod.activation(2, { beta: 3 })).toBeCloseTo(2 / (1 + Math.exp(-6)), 14);
    expect(mod.activation(2)).toBeCloseTo(2 / (1 + Math.exp(-3)), 14);
  });
});

describe('LaTeX export', () => {
  it('writes a display formula from the op table’s LaTeX and defines the trainable parameters', () => {
    const code = exportActivation(SWISH, 'latex').code;
    expect(code).toContain('\\begin{equation}');
    expect(code).toContain('f(x) = x \\cdot \\sigma\\left(\\beta \\cdot x\\right)');
    expect(code).toContain('where $\\beta$ (initial value $1.5$) is a trainable parameter.');
    const two = exportActivation(parse('interp(x, tanh(x), beta2) * alpha; beta2 = 0.25'), 'latex').code;
    expect(two).toContain('where $\\beta_{2}$ (initial value $0.25$) and $\\alpha$ (initial value $1$) are trainable parameters.');
    expect(exportActivation(call('add', X, constant(3e-7)), 'latex').code).toContain('3 \\times 10^{-7}');
  });

  it('groups a sum where an operator’s formula multiplies or raises it', () => {
    const formula = (text: string) => /f\(x\) = (.*)$/m.exec(exportActivation(parse(text), 'latex').code)?.[1];
    expect(formula('(x + 1) * x')).toBe('\\left(x + 1\\right) \\cdot x');
    expect(formula('swish(x + 1)')).toBe('\\left(x + 1\\right) \\cdot \\sigma\\left(x + 1\\right)');
    expect(formula('mish(x - 1)')).toBe('\\left(x - 1\\right) \\tanh\\left(\\operatorname{softplus}\\left(x - 1\\right)\\right)');
    expect(formula('hard_sigmoid(x + 1)')).toBe('\\operatorname{clip}\\left(0.2 \\left(x + 1\\right) + 0.5, 0, 1\\right)');
    expect(formula('apa(x + 1, beta + 1, 2)')).toBe(
      '\\left(\\left(\\beta + 1\\right) e^{-2 \\left(x + 1\\right)} + 1\\right)^{-1/\\left(\\beta + 1\\right)}',
    );
    expect(formula('aglu(x - 1)')).toBe('\\left(x - 1\\right) \\left(1 e^{-1 \\left(x - 1\\right)} + 1\\right)^{-1/1}');
  });
});
