"""The trial side of actsearch's trial protocol 1 (docs/trials.md). Standard library only; the
candidate module it loads imports its own framework (torch for the default `pytorch` export).

    from actsearch_trial import trial

    act = trial.activation            # a new nn.Module on each access (one per layer: own parameters)
    f = trial.functional              # the functional form: f(x, beta=1.0)
    torch.manual_seed(trial.seed)
    for step in range(1, trial.budget.steps + 1):
        ...
        trial.report(step, val_acc)   # {"step": n, "metric": m} on stdout: the curve
    trial.finish(val_acc, loss=val_loss)  # the final {"metric": m, ...}

Run outside actsearch (no ACTSEARCH_TRIAL_JSON), `trial.active` is False and `trial.activation_or`
returns the script's own default, so the same script still trains on its own.
"""
import importlib.util
import json
import math
import os
import sys

__all__ = ["trial", "Trial", "PROTOCOL"]

PROTOCOL = 1


class Budget:
    """What the task file's fidelity gives this trial."""

    def __init__(self, steps=None, batch_size=None, learning_rate_scale=1.0, timeout_seconds=None):
        self.steps = steps
        self.batch_size = batch_size
        self.learning_rate_scale = learning_rate_scale
        self.timeout_seconds = timeout_seconds

    def __repr__(self):
        return "Budget(steps={}, batch_size={}, learning_rate_scale={}, timeout_seconds={})".format(
            self.steps, self.batch_size, self.learning_rate_scale, self.timeout_seconds)


def _number(value):
    """A float for JSON: torch/numpy scalars included; None stays None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return float(value)


class Trial:
    def __init__(self, manifest_path=None):
        path = manifest_path if manifest_path is not None else os.environ.get("ACTSEARCH_TRIAL_JSON")
        self.active = bool(path)
        self.manifest = {}
        if self.active:
            with open(path, "r", encoding="utf-8") as f:
                self.manifest = json.load(f)
            if self.manifest.get("protocol") != PROTOCOL:
                raise RuntimeError("actsearch_trial speaks protocol {}, trial.json says {}".format(PROTOCOL, self.manifest.get("protocol")))
        self.dir = os.path.dirname(path) if self.active else None
        b = self.manifest.get("budget", {})
        self.budget = Budget(b.get("steps"), b.get("batchSize"), b.get("learningRateScale", 1.0), b.get("timeoutSeconds"))
        self.seed = int(self.manifest.get("seed", 0))
        self.fidelity = self.manifest.get("fidelity")
        self.expression = self.manifest.get("canonical")
        self.fingerprint = self.manifest.get("fingerprint")
        self.parameters = {p["name"]: p["initial"] for p in self.manifest.get("parameters", [])}
        self._module = None
        self._finished = False

    @property
    def module(self):
        """The exported candidate, imported from the trial folder."""
        if not self.active:
            raise RuntimeError("not running as an actsearch trial (ACTSEARCH_TRIAL_JSON is not set)")
        if self._module is None:
            export = self.manifest["export"]
            spec = importlib.util.spec_from_file_location("actsearch_candidate", os.path.join(self.dir, export["module"]))
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._module = module
        return self._module

    @property
    def Activation(self):
        """The candidate's class (nn.Module for pytorch, a layer for keras/jax)."""
        return getattr(self.module, self.manifest["export"]["class"])

    @property
    def activation(self):
        """A new instance of the candidate on each access, so each layer learns its own parameters."""
        return self.Activation()

    @property
    def functional(self):
        """The functional form: activation(x, <param>=<initial>, ...)."""
        return getattr(self.module, self.manifest["export"]["function"])

    def activation_or(self, default):
        """The candidate in a trial; `default()` (e.g. torch.nn.ReLU) when the script runs on its own."""
        return self.activation if self.active else default()

    def report(self, step, metric):
        """An intermediate result: stored as the curve; the quality test reads it."""
        print(json.dumps({"step": int(step), "metric": _number(metric)}), flush=True)

    def finish(self, metric, **extra):
        """The result (higher is better). Extra numbers ride along; valLoss and testMetric are stored."""
        if self._finished:
            raise RuntimeError("trial.finish was called twice")
        self._finished = True
        line = {"metric": _number(metric)}
        for key, value in extra.items():
            try:
                line[key] = _number(value)
            except (TypeError, ValueError):
                line[key] = value
        print(json.dumps(line), flush=True)

    @staticmethod
    def is_finite(value):
        return value is not None and math.isfinite(_number(value))


trial = Trial()
