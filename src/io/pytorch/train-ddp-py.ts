import { pyString } from '../../layers/pytorch.js';
import type { TrainingPlan } from './training-plan.js';

const SCRIPT = String.raw`
LOSSES = {
    "meanSquaredError": lambda p, y: ((p - y) ** 2).mean(),
    "meanAbsoluteError": lambda p, y: (p - y).abs().mean(),
    "huber": lambda p, y: F.huber_loss(p, y, delta=1.0),
    # Keras clips probabilities to [1e-7, 1 - 1e-7]
    "binaryCrossentropy": lambda p, y: -(
        y * torch.log(p.clamp(EPS, 1 - EPS)) + (1 - y) * torch.log((1 - p).clamp(EPS, 1 - EPS))
    ).mean(),
    "categoricalCrossentropy": lambda p, y: -(
        y.reshape(-1, p.shape[-1]) * torch.log(p.reshape(-1, p.shape[-1]).clamp(EPS, 1))
    ).sum(dim=1).mean(),
    "sparseCategoricalCrossentropy": lambda p, y: -torch.log(
        p.reshape(-1, p.shape[-1]).gather(1, y.reshape(-1, 1)).clamp_min(EPS)
    ).mean(),
}


def make_optimizer(params):
    spec = TRAINING["optimizer"]
    options = dict(spec["options"])
    if "beta1" in options:
        options["betas"] = (options.pop("beta1"), options.pop("beta2"))
    return getattr(torch.optim, spec["name"])(params, **options)


def penalty(model):
    state = dict(model.named_parameters())
    total = 0
    for p in TRAINING["penalties"]:
        w = state[p["key"]]
        total = total + p["l1"] * w.abs().sum() + p["l2"] * (w * w).sum()
    return total


def clip(model):
    # per weight, as strata and Keras clip: values first, then each weight's norm
    for w in model.parameters():
        if w.grad is None:
            continue
        if TRAINING["clipValue"] is not None:
            w.grad.clamp_(-TRAINING["clipValue"], TRAINING["clipValue"])
        if TRAINING["clipNorm"] is not None:
            torch.nn.utils.clip_grad_norm_([w], TRAINING["clipNorm"])


def main():
    parser = argparse.ArgumentParser(description="Continue training the exported model under torchrun with DDP.")
    parser.add_argument("--data", required=True, help="an .npz with x (channels-last inputs) and y (targets)")
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--out", required=True, help="where to write the trained weights (safetensors)")
    parser.add_argument("--weights", default=None, help="weights to start from (default: model.safetensors)")
    parser.add_argument("--batch-size", type=int, default=32, help="examples per process per step")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if "RANK" not in os.environ:
        # run alone without torchrun: a group of one
        os.environ.update(RANK="0", WORLD_SIZE="1", MASTER_ADDR="127.0.0.1", MASTER_PORT=os.environ.get("MASTER_PORT", "29500"))
    dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(args.seed + rank)
    model = load_model(args.weights).train()
    ddp = DDP(model)
    optimizer = make_optimizer(ddp.parameters())
    with np.load(args.data) as data:
        x = torch.from_numpy(np.asarray(data["x"])).to(DTYPE)
        y = torch.from_numpy(np.asarray(data["y"]))
    if tuple(x.shape[1:]) != INPUT_SHAPE or len(y) != len(x):
        sys.exit(f"{args.data}: expected x of shape [n, {', '.join(map(str, INPUT_SHAPE))}] and y with n rows, got x {list(x.shape)} and y {list(y.shape)}.")
    y = y.long() if TRAINING["loss"] == "sparseCategoricalCrossentropy" else y.to(DTYPE)
    n = len(x)
    # every process takes the same number of steps: the shuffled rows, wrapped round to a multiple of the world size
    per_rank = math.ceil(n / world)
    if rank == 0:
        print(f"training on {world} processes ({dist.get_backend()}), {per_rank} rows each per epoch", flush=True)
    for epoch in range(args.epochs):
        order = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed * 100003 + epoch))
        order = torch.cat([order, order[: per_rank * world - n]])[rank::world]
        total = torch.zeros(2, dtype=torch.float64)
        for begin in range(0, per_rank, args.batch_size):
            rows = order[begin : begin + args.batch_size]
            loss = LOSSES[TRAINING["loss"]](ddp(x[rows]), y[rows]) + penalty(model)
            optimizer.zero_grad()
            loss.backward()
            clip(model)
            optimizer.step()
            total += torch.tensor([loss.item() * len(rows), len(rows)], dtype=torch.float64)
        dist.all_reduce(total)
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs} loss {(total[0] / total[1]).item()!r}", flush=True)
    if rank == 0:
        save_weights(model, args.out)
        print(f"wrote {args.out}", flush=True)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;

/** train_ddp.py: continues training under torchrun with DistributedDataParallel on the same loss and optimizer. */
export function trainDdpPy(modelName: string, plan: TrainingPlan): string {
  return `"""Continues training ${modelName} (exported from strata) with DistributedDataParallel:

    torchrun --nproc_per_node=2 train_ddp.py --data data.npz --epochs 5 --out trained.safetensors

The loss and optimizer are the strata model's (TRAINING below); each process takes --batch-size rows per step and
DDP averages the gradients. Then: strata import --format pytorch --weights trained.safetensors --model DIR --out NEW
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import DTYPE, INPUT_SHAPE, load_model, save_weights  # noqa: E402

TRAINING = json.loads(${pyString(JSON.stringify(plan))})
EPS = 1e-7
${SCRIPT}`;
}
