/**
 * Runs generated Python in one python3 process per test file: the test writes the files, this sends
 * a JSON job on stdin and reads a JSON answer from stdout.
 */
import { spawnSync } from 'node:child_process';

let cached: string | undefined;

/** `python3` when it has NumPy, else Debian's `/usr/bin/python3` (see .ci/run). */
export function python(): string {
  if (cached !== undefined) return cached;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(candidate, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return (cached = candidate);
  }
  throw new Error('no python3 with NumPy found (install python3-numpy)');
}

export function runPython(script: string, job: unknown, cwd: string): unknown {
  const r = spawnSync(python(), ['-c', script], {
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

/**
 * Imports each module by file name, calls its function on the points (float64), answers
 * `{results: [{values} | {error}]}`. Values are printed with repr(), which round-trips exactly.
 */
export const EVAL_SCRIPT = String.raw`
import importlib.util, json, math, sys, traceback
import numpy as np

def enc(v):
    v = float(v)
    if math.isnan(v): return "nan"
    if math.isinf(v): return "inf" if v > 0 else "-inf"
    return v

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
