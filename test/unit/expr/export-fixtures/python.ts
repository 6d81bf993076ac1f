/**
 * Runs generated Python in one python3 process per test file: the test writes the files, this sends
 * a JSON job on stdin and reads a JSON answer from stdout.
 */
import { spawnSync } from 'node:child_process';

const found = new Map<string, string | null>();

/** Where the tests look for Python: the `python3` on PATH, then Debian's (which apt's python3-numpy and python3-torch serve). */
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'] as const;

/** The first of `python3` and Debian's `/usr/bin/python3` that can import `module`, or null. */
export function pythonWith(module: string): string | null {
  if (found.has(module)) return found.get(module) ?? null;
  let hit: string | null = null;
  for (const candidate of PYTHON_CANDIDATES) {
    const r = spawnSync(candidate, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (r.status === 0) {
      hit = candidate;
      break;
    }
  }
  found.set(module, hit);
  return hit;
}

/** `python3` when it has NumPy, else Debian's `/usr/bin/python3` (see .ci/run). */
export function python(): string {
  const hit = pythonWith('numpy');
  if (hit === null) throw new Error('no python3 with NumPy found (install python3-numpy)');
  return hit;
}

export function runPython(script: string, job: unknown, cwd: string, interpreter = python()): unknown {
  const r = spawnSync(interpreter, ['-c', script], {
    cwd,
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status ?? r.signal}): ${r.stderr.slice(-4000)}`);
  return JSON.parse(r.stdout) as unknown;
}

/** Non-finite floats travel as strings, since JSON has no NaN or Infinity. */
export function decodeFloat(v: number | string): number {
  return typeof v === 'number' ? v : Number(v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);
}

/** The Python side of decodeFloat: a float as JSON, NaN and ±Inf as strings. */
const ENCODE_FLOAT = String.raw`
def enc(v):
    v = float(v)
    if math.isnan(v): return "nan"
    if math.isinf(v): return "inf" if v > 0 else "-inf"
    return v
`;

/**
 * Imports each module by file name, calls its function on the points (float64), answers
 * `{results: [{values} | {error}]}`. Values are printed with repr(), which round-trips exactly.
 */
export const EVAL_SCRIPT = String.raw`
import importlib.util, json, math, sys, traceback
import numpy as np
${ENCODE_FLOAT}
job = json.load(sys.stdin)
out = []
for i, item in enumerate(job["items"]):
    try:
        spec = importlib.util.spec_from_file_location("m%d" % i, item["file"])
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        fn = getattr(mod, item["fn"])
        xs = np.array(item["points"], dtype=np.float64)
        ys = np.asarray(fn(xs, **item.get("params", {})), dtype=np.float64)
        if ys.shape != xs.shape or ys.dtype != np.float64:
            raise ValueError("shape/dtype %r %r" % (ys.shape, ys.dtype))
        out.append({"values": [enc(v) for v in ys]})
    except Exception:
        out.append({"error": traceback.format_exc(limit=3)})
json.dump({"results": out}, sys.stdout)
`;

/**
 * Parses each file with ast and lists the names a function reads that nothing defines (imports,
 * top-level definitions, arguments, local assignments, builtins): catches a template that calls a
 * module the file never imports.
 */
export const SYNTAX_SCRIPT = String.raw`
import ast, builtins, json, sys

def undefined_names(tree):
    defined = set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                defined.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return sorted(used - defined)

job = json.load(sys.stdin)
out = []
for item in job["files"]:
    try:
        tree = ast.parse(open(item, encoding="utf-8").read(), filename=item)
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        out.append({"ok": True, "undefined": undefined_names(tree), "classes": classes, "functions": functions})
    except SyntaxError as e:
        out.append({"ok": False, "error": "%s (line %s)" % (e.msg, e.lineno)})
json.dump({"results": out}, sys.stdout)
`;

/**
 * For each PyTorch module: the functional form on float64 points with its autograd derivative, the
 * nn.Module's forward on the same points, and — for modules with parameters — a per-channel module on
 * a [2, 3, 5] input (−4 … 4) whose channels carry different parameter values, checked against the functional
 * form one channel at a time, with a gradient reaching every parameter.
 */
export const TORCH_SCRIPT = String.raw`
import importlib.util, json, math, sys, traceback
import torch
${ENCODE_FLOAT}
def same(a, b):
    # Channel slices are not contiguous, so torch may take its scalar path there: float32 rounding may differ.
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True))

job = json.load(sys.stdin)
out = []
for i, item in enumerate(job["items"]):
    try:
        spec = importlib.util.spec_from_file_location("t%d" % i, item["file"])
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        xs = torch.tensor(item["points"], dtype=torch.float64, requires_grad=True)
        ys = mod.activation(xs)
        if ys.shape != xs.shape or ys.dtype != torch.float64:
            raise ValueError("functional form: shape/dtype %r %r" % (tuple(ys.shape), ys.dtype))
        grad = torch.autograd.grad(ys.sum(), xs, allow_unused=True)[0] if ys.requires_grad else None
        if grad is None:
            grad = torch.zeros_like(xs)
        module = mod.ActsearchActivation()
        with torch.no_grad():
            ym = module(xs.detach())
        channels = None
        names = [n for n, _ in module.named_parameters()]
        if names:
            m3 = mod.ActsearchActivation(channels=3, dim=1)
            with torch.no_grad():
                for p in m3.parameters():
                    p.copy_(p * torch.tensor([1.0, 0.5, 1.5]))
            x3 = torch.linspace(-4.0, 4.0, 30).reshape(2, 3, 5)
            y3 = m3(x3)
            per_channel_ok = y3.shape == x3.shape
            for c in range(3):
                values = {n: getattr(m3, n)[c].item() for n in names}
                want = mod.activation(x3[:, c, :], **values)
                per_channel_ok = per_channel_ok and same(y3[:, c, :].detach(), want.detach())
            torch.nan_to_num(y3, nan=0.0, posinf=0.0, neginf=0.0).sum().backward()
            grads = [p.grad is not None and p.grad.shape == (3,) for p in m3.parameters()]
            channels = {"ok": bool(per_channel_ok), "grads": grads, "names": names}
        out.append({
            "values": [enc(v) for v in ys.detach()],
            "grad": [enc(v) for v in grad],
            "module": [enc(v) for v in ym],
            "channels": channels,
        })
    except Exception:
        out.append({"error": traceback.format_exc(limit=3)})
json.dump({"results": out, "torch": torch.__version__}, sys.stdout)
`;
