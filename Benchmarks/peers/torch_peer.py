#!/usr/bin/env python3
"""PyTorch peer of `glyphlab bench encoder`: the same network, batch and training step on the CPU.

The network is GlyphLab's EncoderArchitecture built in torch.nn: conv4 (per entry of
--channels: 3x3 conv without bias, padding 1, BatchNorm2d, ReLU, 2x2 max-pool; then flatten or
global average pool and a linear layer to --embedding) or resnet (3x3 stem + BN + ReLU, one stage of
basic blocks per entry of --channels, stride 2 from the second stage, 1x1 projection shortcuts;
global average pool; linear). Inputs are seeded uniform [0, 1) images, labels uniform over the
embedding's outputs. The training step is zero_grad, forward in train mode, cross-entropy,
backward, SGD(lr 0.01, momentum 0.9, weight decay 5e-4); inference is eval mode under no_grad.

Prints two JSON lines, encoder_inference then encoder_train, with GlyphLab's keys (images per
second as items_per_second, GFLOP/s counting the convolutions and linear layers the same way).
"""

import argparse
import json
import os
import resource
import time

import torch
from torch import nn


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("benchmark", choices=["encoder"])
    p.add_argument("--family", choices=["conv4", "resnet"], default="conv4")
    p.add_argument("--channels", default="64,64,64,64")
    p.add_argument("--input-size", type=int, default=32)
    p.add_argument("--head", choices=["flatten", "global_avg_pool"], default="flatten")
    p.add_argument("--embedding", type=int, default=128)
    p.add_argument("--blocks-per-stage", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--gemm-size", type=int, default=0, help="ignored (GlyphLab's SGEMM reference)")
    return p.parse_args()


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.main(x) + (self.shortcut(x) if self.shortcut is not None else x))


def build(args):
    channels = [int(c) for c in args.channels.split(",")]
    layers, c, size = [], 1, args.input_size
    if args.family == "conv4":
        for width in channels:
            layers += [nn.Conv2d(c, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2)]
            c, size = width, size // 2
        head = args.head
    else:
        layers += [nn.Conv2d(c, channels[0], 3, 1, 1, bias=False), nn.BatchNorm2d(channels[0]), nn.ReLU()]
        c = channels[0]
        for stage, width in enumerate(channels):
            for block in range(args.blocks_per_stage):
                stride = 2 if stage > 0 and block == 0 else 1
                layers.append(BasicBlock(c, width, stride))
                c = width
                if stride == 2:
                    size = (size + 1) // 2
        head = "global_avg_pool"
    if head == "flatten":
        layers += [nn.Flatten()]
        features = c * size * size
    else:
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        features = c
    layers.append(nn.Linear(features, args.embedding))
    return nn.Sequential(*layers)


def flops(model, x):
    """2 per multiply-add of convolutions and linear layers: (inference, training step)."""
    counts = []

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            k = module.in_channels * module.kernel_size[0] * module.kernel_size[1]
            counts.append(2.0 * output.numel() * k)
        elif isinstance(module, nn.Linear):
            counts.append(2.0 * output.shape[0] * module.in_features * module.out_features)

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    forward = sum(counts)
    # Backward: weight gradients for every layer, input gradients for all but the first.
    backward = 2 * forward - counts[0]
    return forward, forward + backward


def measure(body, repetitions):
    """Sorted wall times of `repetitions` timed calls after a warm-up, and the process CPU
    seconds per call (warm-up included, as GlyphLab counts it)."""
    cpu = time.process_time()
    body()
    times = []
    for _ in range(max(1, repetitions)):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return sorted(times), (time.process_time() - cpu) / (max(1, repetitions) + 1)


def line(benchmark, args, measured, flop, checksum):
    times, cpu = measured
    best = times[0]
    return json.dumps({
        "benchmark": benchmark,
        "implementation": f"pytorch-{torch.__version__.split('+')[0]}",
        "shape": {"batch": args.batch, "height": args.input_size, "width": args.input_size,
                  "embedding": args.embedding},
        "architecture": f"{args.family}[{args.channels}] 1x{args.input_size}x{args.input_size}",
        "seconds": best,
        "median_seconds": times[len(times) // 2],
        "repetitions": len(times),
        "gflops": flop / best / 1e9,
        "items_per_second": args.batch / best,
        "checksum": checksum,
        "blas_core": "onednn" if torch.backends.mkldnn.is_available() else "native",
        "threads": torch.get_num_threads(),
        "peak_memory_mi_b": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu_seconds_per_repetition": cpu,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "default"),
    }, sort_keys=True)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = build(args)
    x = torch.rand(args.batch, 1, args.input_size, args.input_size)
    y = torch.randint(0, args.embedding, (args.batch,))
    inference_flops, training_flops = flops(model, x)

    model.eval()
    out = {}

    def infer():
        with torch.no_grad():
            out["y"] = model(x)

    times = measure(infer, args.repeat)
    print(line("encoder_inference", args, times, inference_flops, float(out["y"].double().sum())))

    model.train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def train():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        out["loss"] = loss.detach().item()

    times = measure(train, args.repeat)
    print(line("encoder_train", args, times, training_flops, out["loss"]))


if __name__ == "__main__":
    main()
