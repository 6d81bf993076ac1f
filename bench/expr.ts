/**
 * bench:expr — speed of the activation algebra: parsing, fingerprinting the PANGAEA space, vectorized
 * evaluation against a per-point tree walk, canonical form and derivative. Everything is measured in
 * this one run; compare ratios, not absolute times, on a shared machine.
 *
 *   npm run bench:expr [-- --repeats 5]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  canonicalize,
  compileExpr,
  derivative,
  evaluate,
  fingerprint,
  parse,
  print,
  probePoints,
  substitute,
  type Expr,
} from '@actsearch/expr';

const { values: opts } = parseArgs({ options: { repeats: { type: 'string' } } });
const REPEATS = Number(opts.repeats ?? 5);

const UNARY = [
  '0',
  '1',
  'x',
  '-x',
  'abs(x)',
  'reciprocal(x)',
  'square(x)',
  'exp(x)',
  'erf(x)',
  'erfc(x)',
  'sinh(x)',
  'cosh(x)',
  'tanh(x)',
  'expm1(x)',
  'sigmoid(x)',
  'log_sigmoid(x)',
  'arcsinh(x)',
  'arctan(x)',
  'bessel_i0e(x)',
  'bessel_i1e(x)',
  'relu(x)',
  'elu(x)',
  'selu(x)',
  'swish(x)',
  'softplus(x)',
  'softsign(x)',
  'hard_sigmoid(x)',
];
const BINARY = ['x1 + x2', 'x1 - x2', 'x1 * x2', 'x1 / x2', 'x1 ^ x2', 'max(x1, x2)', 'min(x1, x2)'];

/** Fresh trees each call, so no compiled-program cache helps. */
function pangaea(): Expr[] {
  const unary = UNARY.map((t) => parse(t));
  return BINARY.flatMap((b) => {
    const template = parse(b, { variables: ['x1', 'x2'] });
    return unary.flatMap((u1) => unary.map((u2) => substitute(template, { x1: u1, x2: u2 })));
  });
}

function best(f: () => void): number {
  let min = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

console.log(`bench:expr  ${new Date().toISOString()}`);
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} ×${os.cpus().length}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`node ${process.version}; command: ${process.argv.slice(1).join(' ')}; best of ${REPEATS}\n`);

const members = pangaea();
const texts = members.map(print);
const parseMs = best(() => texts.forEach((t) => parse(t)));
console.log(
  `parse        ${texts.length} PANGAEA texts: ${parseMs.toFixed(1)} ms (${((parseMs / texts.length) * 1000).toFixed(1)} µs each)`,
);

let classes = 0;
const fpMs = best(() => {
  classes = new Set(pangaea().map(fingerprint)).size;
});
console.log(
  `fingerprint  ${members.length} members → ${classes} classes: ${fpMs.toFixed(0)} ms (${((fpMs / members.length) * 1000).toFixed(0)} µs each, incl. building the trees)`,
);

const xs = probePoints();
const out = new Float64Array(xs.length);
const sample = members.filter((_, i) => i % 17 === 0);
const vecMs = best(() => sample.forEach((e) => compileExpr(e)(xs, out)));
const walkMs = best(() => sample.forEach((e) => xs.forEach((x, i) => (out[i] = evaluate(e, x)))));
console.log(
  `evaluate     ${sample.length} trees × 1,000 points: vectorized ${vecMs.toFixed(1)} ms, per-point walk ${walkMs.toFixed(1)} ms (×${(walkMs / vecMs).toFixed(1)})`,
);

const canonMs = best(() => members.forEach((e) => canonicalize(e)));
console.log(`canonicalize ${members.length} members: ${canonMs.toFixed(0)} ms`);
const diffMs = best(() => members.forEach((e) => derivative(e)));
console.log(`derivative   ${members.length} members: ${diffMs.toFixed(0)} ms`);
