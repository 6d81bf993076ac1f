"""Plain NumPy reference for bench:proxy: the same MLP, batch, optimizer and data as the TF.js proxy
task (MNIST, He-normal init, Adam, softmax cross-entropy), forward and backward by hand, float32.
Prints one JSON line: ms/step (training loop only), validation accuracy, steps. Single-threaded BLAS
is forced by the caller (OPENBLAS_NUM_THREADS=1) so that both sides use one core."""
import argparse, json, os, time
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--hidden", default="64,64")
p.add_argument("--batch", type=int, default=64)
p.add_argument("--steps", type=int, default=500)
p.add_argument("--lr", type=float, default=2e-3)
p.add_argument("--activation", default="relu", choices=["relu", "swish"])
p.add_argument("--seed", type=int, default=0)
a = p.parse_args()

def idx(name):
    raw = np.fromfile(os.path.join(a.data, name), dtype=np.uint8)
    rank = raw[3]
    return raw[4 + 4 * rank:]

x_all = idx("train-images-idx3-ubyte").reshape(-1, 784)
y_all = idx("train-labels-idx1-ubyte")
lut = ((np.arange(256) / 255.0 - 0.1307) / 0.3081).astype(np.float32)
xtr, ytr, xva, yva = x_all[:55000], y_all[:55000], x_all[55000:], y_all[55000:]

rng = np.random.default_rng(a.seed)
sizes = [784] + [int(h) for h in a.hidden.split(",")] + [10]
params = []
for i, o in zip(sizes[:-1], sizes[1:]):
    params += [np.clip(rng.standard_normal((i, o)), -2, 2).astype(np.float32) * np.float32(np.sqrt(2 / i)), np.zeros(o, np.float32)]
m = [np.zeros_like(t) for t in params]
v = [np.zeros_like(t) for t in params]

def act(z):
    if a.activation == "relu":
        return np.maximum(z, 0), (z > 0).astype(np.float32)
    s = 1 / (1 + np.exp(-z))
    return z * s, s + z * s * (1 - s)

def forward(x, keep):
    h, cache = x, []
    for l in range(0, len(params) - 2, 2):
        z = h @ params[l] + params[l + 1]
        y, d = act(z)
        cache.append((h, d))
        h = y
    return h @ params[-2] + params[-1], cache, h

onehot = np.eye(10, dtype=np.float32)
order = rng.permutation(55000)
pos = 0
t0 = time.perf_counter()
for t in range(1, a.steps + 1):
    if pos + a.batch > 55000:
        order, pos = rng.permutation(55000), 0
    ids = order[pos:pos + a.batch]; pos += a.batch
    x = lut[xtr[ids]]
    logits, cache, hl = forward(x, True)
    logits = logits - logits.max(1, keepdims=True)
    p_ = np.exp(logits); p_ /= p_.sum(1, keepdims=True)
    dy = (p_ - onehot[ytr[ids]]) / a.batch
    grads = [None] * len(params)
    grads[-2], grads[-1] = hl.T @ dy, dy.sum(0)
    dh = dy @ params[-2].T
    for k in range(len(cache) - 1, -1, -1):
        h, d = cache[k]
        dz = dh * d
        grads[2 * k], grads[2 * k + 1] = h.T @ dz, dz.sum(0)
        if k > 0:
            dh = dz @ params[2 * k].T
    lr_t = a.lr * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    for i, g in enumerate(grads):
        m[i] = 0.9 * m[i] + 0.1 * g
        v[i] = 0.999 * v[i] + 0.001 * g * g
        params[i] -= np.float32(lr_t) * m[i] / (np.sqrt(v[i]) + np.float32(1e-8))
elapsed = time.perf_counter() - t0
logits, _, _ = forward(lut[xva], False)
acc = float((logits.argmax(1) == yva).mean())
print(json.dumps({"msPerStep": elapsed * 1000 / a.steps, "validationAccuracy": acc, "steps": a.steps, "numpy": np.__version__}))
