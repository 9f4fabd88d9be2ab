#!/usr/bin/env python3
"""PyTorch reference for `npm run bench`: train and inference sequences/second of the same model as
bench/recurrent.ts (nn.RNN(tanh) / nn.LSTM / nn.GRU, one layer, batch_first, Linear head on the last output,
MSE loss, Adam), same configs, same timing scheme (warm-up of two steps and at least `min_seconds`, then
`repeats` runs of at least `min_seconds`, median), then the latency of inference on one sequence (batch 1):
the median of single calls.

Run by bench/references.ts with the venv's python (PyTorch 2.13) or Debian's /usr/bin/python3 (PyTorch 1.13,
under OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE=SkylakeX or Haswell by the CPU's flags) as
  python bench/torch_bench.py '<spec as JSON>'
with spec {"configs": [{"name", "batch", "steps", "features", "units"}], "cells": [...], "repeats", "min_seconds",
"threads"}; prints one JSON row per (config, cell) on stdout as soon as it is measured.

Subnormal numbers are flushed to zero (torch.set_flush_denormal(True), where the CPU supports it), as the fused
kernels flush gradients below 2^-80: the gradient carried back through 200 steps shrinks into the subnormal
range, where x86 takes a microcode assist on every operation, and on an Intel Xeon (AVX-512) PyTorch's c3 LSTM
trained about ten times slower without the flush (measured 2026-12-07 by timing this model's c3 training step
with and without it). A
reference slowed by an arithmetic mode it can switch off would not be a fair one.
"""
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, cell, features, units):
        super().__init__()
        kind = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.recurrent = kind(features, units, num_layers=1, batch_first=True)
        self.head = nn.Linear(units, 1)

    def forward(self, x):
        output, _ = self.recurrent(x)
        return self.head(output[:, -1])


def sequences_per_second(step, batch, repeats, min_seconds):
    """Median sequences per wall-clock second and per CPU second (all threads), after a warm-up."""
    t0 = time.perf_counter()
    warm_steps = 0
    while warm_steps < 2 or time.perf_counter() - t0 < min_seconds:
        step()
        warm_steps += 1
    per_step = max((time.perf_counter() - t0) / warm_steps, 1e-6)
    steps_per_run = max(1, int(min_seconds / per_step + 0.999))
    wall, cpu = [], []
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(steps_per_run):
            step()
        wall.append(steps_per_run * batch / (time.perf_counter() - start))
        cpu.append(steps_per_run * batch / max(time.process_time() - cpu_start, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def latency_ms(call, repeats, min_seconds):
    """Median milliseconds of single calls, after a warm-up."""
    deadline = time.perf_counter() + min_seconds
    i = 0
    while i < 3 or time.perf_counter() < deadline:
        call()
        i += 1
    times = []
    until = time.perf_counter() + repeats * min_seconds
    while len(times) < 5 or time.perf_counter() < until:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(config, cell, repeats, min_seconds):
    torch.manual_seed(0)
    model = Model(cell, config["features"], config["units"])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    x = torch.randn(config["batch"], config["steps"], config["features"])
    y = torch.randn(config["batch"], 1)

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    def infer_step():
        with torch.no_grad():
            model(x).sum().item()

    train = sequences_per_second(train_step, config["batch"], repeats, min_seconds)
    infer = sequences_per_second(infer_step, config["batch"], repeats, min_seconds)
    x1 = torch.randn(1, config["steps"], config["features"])

    def infer_one():
        with torch.no_grad():
            model(x1).sum().item()

    latency = latency_ms(infer_one, repeats, min_seconds)
    return {
        "impl": "pytorch-" + ".".join(torch.__version__.split("+")[0].split(".")[:2]),
        "backend": "cpu",
        "cell": cell,
        "config": config["name"],
        "trainSeqPerSec": train[0],
        "inferSeqPerSec": infer[0],
        "trainSeqPerCpuSec": train[1],
        "inferSeqPerCpuSec": infer[1],
        "latency1Ms": latency,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torchVersion": torch.__version__,
        "torchThreads": torch.get_num_threads(),
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: torch_bench.py '<spec as JSON>' (bench/index.ts runs this)\n")
        return 2
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(int(spec.get("threads", 2)))
    flush_denormal = torch.set_flush_denormal(True)
    for config in spec["configs"]:
        for cell in spec["cells"]:
            row = measure(config, cell, int(spec["repeats"]), float(spec["min_seconds"]))
            row["flushDenormal"] = flush_denormal
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
