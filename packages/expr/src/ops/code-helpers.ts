import type { CodeLang } from './types.ts';

/**
 * Helper functions that op code templates call where the target library lacks the operator (NumPy has
 * no erf or scaled Bessel functions, TF.js no GELU, …) or where a template would otherwise repeat an
 * argument. Each entry is the complete source of one function definition; a helper may call other
 * helpers of the same language (see `helperDependencies`). Names assumed in scope are those listed on
 * `OpDef.code`. TF.js helpers are plain JavaScript over `tf`; TypeScript helpers are scalar functions.
 *
 * The NumPy special functions mirror the engine's float64 kernels (series + continued fraction for
 * erf/erfc, series + Hankel expansion for the scaled Bessel functions) and agree with them to ~1e-15.
 * The TF.js ones are float32-grade rational approximations (Numerical Recipes' erfcc, relative error
 * < 1.2e-7; Abramowitz & Stegun 9.8.1–9.8.4, < 5e-7), since TF.js computes in float32 anyway.
 */
const numpy: Record<string, string> = {
  _where: `def _where(c, a, b):
    c = np.asarray(c, dtype=np.float64)
    return np.where(c > 0, a, np.where(c <= 0, b, np.nan))`,
  _erfc_cf: `def _erfc_cf(z):
    """erfc(z) for z >= 1.5: 40-term continued fraction, evaluated backwards."""
    z = np.minimum(z, 30.0)
    w = 2.0 * z * z
    f = w + 161.0
    for k in range(40, 0, -1):
        f = w + (4.0 * k - 3.0) - (2.0 * k - 1.0) * (2.0 * k) / f
    return 1.1283791670955126 * z * np.exp(-z * z) / f`,
  _erf_series: `def _erf_series(x):
    """erf(x) for |x| < 1.5: 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1))."""
    x2 = 2.0 * x * x
    term = x
    total = x
    for n in range(1, 45):
        term = term * x2 / (2.0 * n + 1.0)
        total = total + term
    return 1.1283791670955126 * np.exp(-x * x) * total`,
  _erf: `def _erf(x):
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    small = ax < 1.5
    series = _erf_series(np.where(small, x, 0.0))
    tail = np.sign(x) * (1.0 - _erfc_cf(np.where(small, 1.5, ax)))
    return np.where(small, series, tail)`,
  _erfc: `def _erfc(x):
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    small = ax < 1.5
    series = 1.0 - _erf_series(np.where(small, x, 0.0))
    cf = _erfc_cf(np.where(small, 1.5, ax))
    return np.where(small, series, np.where(x < 0, 2.0 - cf, cf))`,
  _i0e: `def _i0e(x):
    """exp(-|x|) * I0(x): power series up to |x| = 20, Hankel expansion beyond."""
    ax = np.abs(np.asarray(x, dtype=np.float64))
    s = np.minimum(ax, 20.0)
    q = s * s / 4.0
    term = np.ones_like(q)
    total = np.ones_like(q)
    for k in range(1, 60):
        term = term * q / (k * k)
        total = total + term
    small = total * np.exp(-s)
    l = np.maximum(ax, 20.0)
    term = np.ones_like(l)
    total = np.ones_like(l)
    for k in range(1, 25):
        term = term * (2.0 * k - 1.0) ** 2 / (8.0 * k * l)
        total = total + term
    return np.where(ax > 20.0, total / np.sqrt(2.0 * np.pi * l), small)`,
  _i1e: `def _i1e(x):
    """exp(-|x|) * I1(x): power series up to |x| = 20, Hankel expansion beyond."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    s = np.minimum(ax, 20.0)
    q = s * s / 4.0
    term = np.ones_like(q)
    total = np.ones_like(q)
    for k in range(1, 60):
        term = term * q / (k * (k + 1.0))
        total = total + term
    small = 0.5 * s * total * np.exp(-s)
    l = np.maximum(ax, 20.0)
    term = np.ones_like(l)
    total = np.ones_like(l)
    for k in range(1, 25):
        term = term * ((2.0 * k - 1.0) ** 2 - 4.0) / (8.0 * k * l)
        total = total + term
    return np.sign(x) * np.where(ax > 20.0, total / np.sqrt(2.0 * np.pi * l), small)`,
  _sigmoid: `def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))`,
  _relu: `def _relu(x):
    return np.maximum(x, 0.0)`,
  _leaky_relu: `def _leaky_relu(x, slope):
    return np.where(x > 0, x, slope * x)`,
  _elu: `def _elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))`,
  _selu: `def _selu(x):
    return 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0.0)))`,
  _gelu: `def _gelu(x):
    return 0.5 * x * _erfc(-x * 0.7071067811865476)`,
  _gelu_tanh: `def _gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))`,
  _swish: `def _swish(x):
    return x * _sigmoid(x)`,
  _mish: `def _mish(x):
    return x * np.tanh(np.logaddexp(0.0, x))`,
  _softsign: `def _softsign(x):
    return x / (1.0 + np.abs(x))`,
  _hardswish: `def _hardswish(x):
    return x * np.minimum(np.maximum(x + 3.0, 0.0), 6.0) / 6.0`,
  _elish: `def _elish(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0))) * _sigmoid(x)`,
  _snake: `def _snake(x, a):
    return x + np.square(np.sin(a * x)) / a`,
  _apa: `def _apa(x, lam, kappa):
    return np.float_power(lam * np.exp(-kappa * x) + 1.0, -1.0 / lam)`,
  _aglu: `def _aglu(x, lam, kappa):
    return x * _apa(x, lam, kappa)`,
  _interp: `def _interp(x1, x2, b):
    return b * x1 + (1.0 - b) * x2`,
  _signed_log: `def _signed_log(x):
    return np.sign(x) * np.log(np.abs(x))`,
  _signed_sqrt: `def _signed_sqrt(x):
    return np.sign(x) * np.sqrt(np.abs(x))`,
};

const torch: Record<string, string> = {
  _where: `def _where(c, a, b):
    c = torch.as_tensor(c)
    a = torch.as_tensor(a, dtype=c.dtype)
    b = torch.as_tensor(b, dtype=c.dtype)
    return torch.where(c > 0, a, torch.where(c <= 0, b, c))`,
  _step: `def _step(x):
    return torch.where(x > 0, torch.ones_like(x), torch.where(x <= 0, torch.zeros_like(x), x))`,
  _leaky_relu: `def _leaky_relu(x, slope):
    return torch.where(x > 0, x, slope * x)`,
  _elish: `def _elish(x):
    return torch.where(x >= 0, x, torch.expm1(torch.clamp(x, max=0.0))) * torch.sigmoid(x)`,
  _snake: `def _snake(x, a):
    return x + torch.square(torch.sin(a * x)) / a`,
  _apa: `def _apa(x, lam, kappa):
    return torch.pow(lam * torch.exp(-kappa * x) + 1.0, -1.0 / lam)`,
  _aglu: `def _aglu(x, lam, kappa):
    return x * _apa(x, lam, kappa)`,
  _interp: `def _interp(x1, x2, b):
    return b * x1 + (1.0 - b) * x2`,
  _signed_log: `def _signed_log(x):
    return torch.sign(x) * torch.log(torch.abs(x))`,
  _signed_sqrt: `def _signed_sqrt(x):
    return torch.sign(x) * torch.sqrt(torch.abs(x))`,
};

const tf: Record<string, string> = {
  _where: `def _where(c, a, b):
    c = tf.convert_to_tensor(c)
    z = tf.zeros_like(c)
    return tf.where(c > 0, a + z, tf.where(c <= 0, b + z, c))`,
  _sinc: `def _sinc(x):
    x = tf.convert_to_tensor(x)
    safe = tf.where(tf.equal(x, 0.0), tf.ones_like(x), x)
    return tf.where(tf.equal(x, 0.0), tf.ones_like(x), tf.sin(safe) / safe)`,
  _step: `def _step(x):
    x = tf.convert_to_tensor(x)
    return tf.where(x > 0, tf.ones_like(x), tf.where(x <= 0, tf.zeros_like(x), x))`,
  _leaky_relu: `def _leaky_relu(x, slope):
    x = tf.convert_to_tensor(x)
    return tf.where(x > 0, x, slope * x)`,
  _mish: `def _mish(x):
    return x * tf.math.tanh(tf.math.softplus(x))`,
  _hardswish: `def _hardswish(x):
    return x * tf.minimum(tf.maximum(x + 3.0, 0.0), 6.0) / 6.0`,
  _elish: `def _elish(x):
    x = tf.convert_to_tensor(x)
    return tf.where(x >= 0, x, tf.math.expm1(tf.minimum(x, 0.0))) * tf.math.sigmoid(x)`,
  _snake: `def _snake(x, a):
    return x + tf.square(tf.sin(a * x)) / a`,
  _apa: `def _apa(x, lam, kappa):
    return tf.pow(lam * tf.exp(-kappa * x) + 1.0, -1.0 / lam)`,
  _aglu: `def _aglu(x, lam, kappa):
    return x * _apa(x, lam, kappa)`,
  _interp: `def _interp(x1, x2, b):
    return b * x1 + (1.0 - b) * x2`,
  _signed_log: `def _signed_log(x):
    return tf.sign(x) * tf.math.log(tf.abs(x))`,
  _signed_sqrt: `def _signed_sqrt(x):
    return tf.sign(x) * tf.sqrt(tf.abs(x))`,
};

const jax: Record<string, string> = {
  _where: `def _where(c, a, b):
    c = jnp.asarray(c)
    return jnp.where(c > 0, a, jnp.where(c <= 0, b, jnp.nan))`,
  _mish: `def _mish(x):
    return x * jnp.tanh(jax.nn.softplus(x))`,
  _hardswish: `def _hardswish(x):
    return x * jnp.minimum(jnp.maximum(x + 3.0, 0.0), 6.0) / 6.0`,
  _elish: `def _elish(x):
    return jnp.where(x >= 0, x, jnp.expm1(jnp.minimum(x, 0.0))) * jax.nn.sigmoid(x)`,
  _snake: `def _snake(x, a):
    return x + jnp.square(jnp.sin(a * x)) / a`,
  _apa: `def _apa(x, lam, kappa):
    return jnp.power(lam * jnp.exp(-kappa * x) + 1.0, -1.0 / lam)`,
  _aglu: `def _aglu(x, lam, kappa):
    return x * _apa(x, lam, kappa)`,
  _interp: `def _interp(x1, x2, b):
    return b * x1 + (1.0 - b) * x2`,
  _signed_log: `def _signed_log(x):
    return jnp.sign(x) * jnp.log(jnp.abs(x))`,
  _signed_sqrt: `def _signed_sqrt(x):
    return jnp.sign(x) * jnp.sqrt(jnp.abs(x))`,
};

const tfjs: Record<string, string> = {
  _where: `function _where(c, a, b) {
  const z = tf.add(tf.zerosLike(c), tf.add(tf.zerosLike(a), tf.zerosLike(b)));
  const cz = tf.add(c, z);
  return tf.where(tf.greater(cz, 0), tf.add(a, z), tf.where(tf.lessEqual(cz, 0), tf.add(b, z), cz));
}`,
  _horner: `function _horner(t, coefficients) {
  // c0 + t*(c1 + t*(c2 + ...)) over tensors
  let acc = tf.scalar(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(coefficients[i], tf.mul(t, acc));
  return acc;
}`,
  _erfc: `function _erfc(x) {
  // Numerical Recipes' erfcc: fractional error below 1.2e-7 everywhere.
  const z = tf.abs(x);
  const t = tf.div(1, tf.add(1, tf.mul(0.5, z)));
  const poly = _horner(t, [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277]);
  const ans = tf.mul(t, tf.exp(tf.sub(poly, tf.square(z))));
  return tf.where(tf.less(x, 0), tf.sub(2, ans), ans);
}`,
  _erf: `function _erf(x) {
  // Taylor series below |x| = 0.5 (keeps the relative error small near 0), 1 - erfc beyond.
  const xs = tf.clipByValue(x, -0.5, 0.5);
  const x2 = tf.square(xs);
  const series = tf.mul(tf.mul(1.1283791670955126, xs), _horner(x2, [1, -1 / 3, 1 / 10, -1 / 42, 1 / 216, -1 / 1320, 1 / 9360, -1 / 75600, 1 / 685440]));
  const tail = tf.mul(tf.sign(x), tf.sub(1, _erfc(tf.abs(x))));
  return tf.where(tf.less(tf.abs(x), 0.5), series, tail);
}`,
  _i0e: `function _i0e(x) {
  // Abramowitz & Stegun 9.8.1-9.8.2: relative error below 5e-7.
  const ax = tf.abs(x);
  const sm = tf.minimum(ax, 3.75);
  const small = tf.mul(_horner(tf.square(tf.div(sm, 3.75)), [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813]), tf.exp(tf.neg(sm)));
  const al = tf.maximum(ax, 3.75);
  const big = tf.div(_horner(tf.div(3.75, al), [0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633, 0.00392377]), tf.sqrt(al));
  return tf.where(tf.less(ax, 3.75), small, big);
}`,
  _i1e: `function _i1e(x) {
  // Abramowitz & Stegun 9.8.3-9.8.4: relative error below 5e-7.
  const ax = tf.abs(x);
  const sm = tf.minimum(ax, 3.75);
  const small = tf.mul(tf.mul(_horner(tf.square(tf.div(sm, 3.75)), [0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411]), sm), tf.exp(tf.neg(sm)));
  const al = tf.maximum(ax, 3.75);
  const big = tf.div(_horner(tf.div(3.75, al), [0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654, -0.00420059]), tf.sqrt(al));
  return tf.mul(tf.sign(x), tf.where(tf.less(ax, 3.75), small, big));
}`,
  _sinc: `function _sinc(x) {
  const safe = tf.where(tf.equal(x, 0), tf.onesLike(x), x);
  return tf.where(tf.equal(x, 0), tf.onesLike(x), tf.div(tf.sin(safe), safe));
}`,
  _leaky_relu: `function _leaky_relu(x, slope) {
  return tf.where(tf.greater(x, 0), x, tf.mul(slope, x));
}`,
  _gelu: `function _gelu(x) {
  return tf.mul(tf.mul(0.5, x), _erfc(tf.mul(x, -0.7071067811865476)));
}`,
  _gelu_tanh: `function _gelu_tanh(x) {
  const inner = tf.mul(0.7978845608028654, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.mul(x, x)))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}`,
  _swish: `function _swish(x) {
  return tf.mul(x, tf.sigmoid(x));
}`,
  _mish: `function _mish(x) {
  return tf.mul(x, tf.tanh(tf.softplus(x)));
}`,
  _softsign: `function _softsign(x) {
  return tf.div(x, tf.add(1, tf.abs(x)));
}`,
  _hardswish: `function _hardswish(x) {
  return tf.div(tf.mul(x, tf.clipByValue(tf.add(x, 3), 0, 6)), 6);
}`,
  _elish: `function _elish(x) {
  return tf.mul(tf.where(tf.greaterEqual(x, 0), x, tf.expm1(tf.minimum(x, 0))), tf.sigmoid(x));
}`,
  _snake: `function _snake(x, a) {
  return tf.add(x, tf.div(tf.square(tf.sin(tf.mul(a, x))), a));
}`,
  _apa: `function _apa(x, lam, kappa) {
  return tf.pow(tf.add(tf.mul(lam, tf.exp(tf.neg(tf.mul(kappa, x)))), 1), tf.div(-1, lam));
}`,
  _aglu: `function _aglu(x, lam, kappa) {
  return tf.mul(x, _apa(x, lam, kappa));
}`,
  _interp: `function _interp(x1, x2, b) {
  return tf.add(tf.mul(b, x1), tf.mul(tf.sub(1, b), x2));
}`,
  _signed_log: `function _signed_log(x) {
  return tf.mul(tf.sign(x), tf.log(tf.abs(x)));
}`,
  _signed_sqrt: `function _signed_sqrt(x) {
  return tf.mul(tf.sign(x), tf.sqrt(tf.abs(x)));
}`,
};

const ts: Record<string, string> = {
  _where: `function _where(c: number, a: number, b: number): number {
  return c > 0 ? a : c <= 0 ? b : NaN;
}`,
  _pow: `function _pow(a: number, b: number): number {
  // C/IEEE pow: 1^y = 1 and (-1)^(+-inf) = 1, where Math.pow gives NaN.
  if (a === 1 || (a === -1 && Math.abs(b) === Infinity)) return 1;
  return Math.pow(a, b);
}`,
  _square: `function _square(a: number): number {
  return a * a;
}`,
  _cube: `function _cube(a: number): number {
  return a * a * a;
}`,
  _sinc: `function _sinc(a: number): number {
  return a === 0 ? 1 : Math.sin(a) / a;
}`,
  _step: `function _step(a: number): number {
  return a > 0 ? 1 : a <= 0 ? 0 : NaN;
}`,
  _erfc_cf: `function _erfc_cf(x: number): number {
  // erfc(x) for x >= 1.5: 40-term continued fraction, evaluated backwards.
  if (x > 30) return 0;
  const z = 2 * x * x;
  let f = z + 161;
  for (let k = 40; k >= 1; k--) f = z + 4 * k - 3 - ((2 * k - 1) * 2 * k) / f;
  return (1.1283791670955126 * x * Math.exp(-x * x)) / f;
}`,
  _erf_series: `function _erf_series(x: number): number {
  // erf(x) for |x| < 1.5: 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1))
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return 1.1283791670955126 * Math.exp(-x * x) * sum;
}`,
  _erf: `function _erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  return ax < 1.5 ? _erf_series(x) : Math.sign(x) * (1 - _erfc_cf(ax));
}`,
  _erfc: `function _erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 1.5) return _erfc_cf(x);
  if (x <= -1.5) return 2 - _erfc_cf(-x);
  return 1 - _erf_series(x);
}`,
  _bessel_scaled_asymptotic: `function _bessel_scaled_asymptotic(nu: number, ax: number): number {
  // exp(-x) * I_nu(x) for x > 20: Hankel expansion, stopped at its smallest term
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    const next = (term * -(mu - (2 * k - 1) * (2 * k - 1))) / (8 * k * ax);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum / Math.sqrt(2 * Math.PI * ax);
}`,
  _i0e: `function _i0e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 0;
  if (ax > 20) return _bessel_scaled_asymptotic(0, ax);
  const q = (ax * ax) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 80; k++) {
    term *= q / (k * k);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum * Math.exp(-ax);
}`,
  _i1e: `function _i1e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 0;
  if (ax > 20) return Math.sign(x) * _bessel_scaled_asymptotic(1, ax);
  const q = (ax * ax) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 80; k++) {
    term *= q / (k * (k + 1));
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return (x / 2) * sum * Math.exp(-ax);
}`,
  _relu: `function _relu(a: number): number {
  return Math.max(a, 0);
}`,
  _leaky_relu: `function _leaky_relu(a: number, slope: number): number {
  return a > 0 ? a : slope * a;
}`,
  _elu: `function _elu(a: number): number {
  return a > 0 ? a : Math.expm1(a);
}`,
  _selu: `function _selu(a: number): number {
  return 1.0507009873554805 * (a > 0 ? a : 1.6732632423543772 * Math.expm1(a));
}`,
  _gelu: `function _gelu(a: number): number {
  return 0.5 * a * _erfc(-a * Math.SQRT1_2);
}`,
  _gelu_tanh: `function _gelu_tanh(a: number): number {
  return 0.5 * a * (1 + Math.tanh(0.7978845608028654 * (a + 0.044715 * a * a * a)));
}`,
  _sigmoid: `function _sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}`,
  _softplus: `function _softplus(a: number): number {
  return Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
}`,
  _log_sigmoid: `function _log_sigmoid(a: number): number {
  return -_softplus(-a);
}`,
  _swish: `function _swish(a: number): number {
  return a * _sigmoid(a);
}`,
  _mish: `function _mish(a: number): number {
  return a * Math.tanh(_softplus(a));
}`,
  _softsign: `function _softsign(a: number): number {
  return a / (1 + Math.abs(a));
}`,
  _hardswish: `function _hardswish(a: number): number {
  return (a * Math.min(Math.max(a + 3, 0), 6)) / 6;
}`,
  _elish: `function _elish(a: number): number {
  return (a >= 0 ? a : Math.expm1(a)) * _sigmoid(a);
}`,
  _snake: `function _snake(x: number, a: number): number {
  return x + Math.sin(a * x) ** 2 / a;
}`,
  _apa: `function _apa(x: number, lam: number, kappa: number): number {
  return _pow(lam * Math.exp(-kappa * x) + 1, -1 / lam);
}`,
  _aglu: `function _aglu(x: number, lam: number, kappa: number): number {
  return x * _apa(x, lam, kappa);
}`,
  _interp: `function _interp(x1: number, x2: number, b: number): number {
  return b * x1 + (1 - b) * x2;
}`,
  _signed_log: `function _signed_log(a: number): number {
  return Math.sign(a) * Math.log(Math.abs(a));
}`,
  _signed_sqrt: `function _signed_sqrt(a: number): number {
  return Math.sign(a) * Math.sqrt(Math.abs(a));
}`,
};

export const codeHelpers: Readonly<Record<CodeLang, Readonly<Record<string, string>>>> = { numpy, torch, tf, jax, tfjs, ts };

/** The other helpers (same language) that a helper's source calls. */
export function helperDependencies(lang: CodeLang, name: string): string[] {
  const source = codeHelpers[lang][name];
  if (source === undefined) return [];
  return Object.keys(codeHelpers[lang]).filter((other) => other !== name && new RegExp(`\\b${other}\\(`).test(source));
}

/**
 * `names` plus every helper they depend on, dependencies first, each once: the definitions an exported
 * file must contain, in an order that works for languages that need definition before use.
 */
export function resolveHelpers(lang: CodeLang, names: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (name: string, path: readonly string[]) => {
    if (out.includes(name) || path.includes(name)) return;
    for (const dep of helperDependencies(lang, name)) visit(dep, [...path, name]);
    out.push(name);
  };
  for (const name of names) visit(name, []);
  return out;
}
