import { pyString } from '../../layers/pytorch.js';
import type { TorchLayer, TorchModel } from './torch-layers.js';

// safetensors read and written with NumPy alone (Debian has no safetensors package); the contract of the folder
const RUNTIME = String.raw`def read_safetensors(path):
    """The tensors of a safetensors file as NumPy arrays, by name (F64, F32, F16, BF16)."""
    with open(path, "rb") as f:
        data = f.read()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size].decode("utf-8"))
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[8 + size + begin : 8 + size + end]
        if info["dtype"] == "BF16":
            array = (np.frombuffer(raw, "<u2").astype("<u4") << 16).view("<f4")
        elif info["dtype"] in _NUMPY_DTYPES:
            array = np.frombuffer(raw, _NUMPY_DTYPES[info["dtype"]])
        else:
            raise ValueError(f"{path}: expected float tensors, got {info['dtype']} for {name}.")
        out[name] = array.reshape(info["shape"])
    return out


def write_safetensors(arrays, path, metadata=None):
    """Writes NumPy arrays (float32 or float64) as a safetensors file, atomically (a temporary file, then a rename)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        kind = "F64" if array.dtype == np.float64 else "F32"
        blob = array.astype("<f8" if kind == "F64" else "<f4").tobytes()
        header[name] = {"dtype": kind, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + b"".join(blobs))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_model(weights=None):
    """The network as a torch.nn.Module (channels-last input, as the strata model), in eval mode, with the weights of
    model.safetensors beside this file or of the safetensors file given."""
    model = build_model()
    path = weights or os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")
    arrays = read_safetensors(path)
    state = model.state_dict()
    missing = sorted(set(state) - set(arrays))
    unknown = sorted(set(arrays) - set(state))
    if missing or unknown:
        raise ValueError(f"{path}: expected the tensors {sorted(state)}, got {sorted(arrays)} (missing {missing}, unknown {unknown}).")
    for name, value in state.items():
        if tuple(arrays[name].shape) != tuple(value.shape):
            raise ValueError(f"{path}: expected {name} of shape {list(value.shape)}, got {list(arrays[name].shape)}.")
    model.load_state_dict({name: torch.from_numpy(np.array(arrays[name])).to(DTYPE) for name in state})
    return model.eval()


def save_weights(model, path):
    """Writes the module's weights as safetensors in this folder's names and layouts (strata import reads them)."""
    state = model.state_dict()
    write_safetensors({name: value.detach().cpu().numpy() for name, value in state.items()}, path, {"format": "pt"})
`;

/** model.py: build_model(), load_model(weights=None), read_safetensors, write_safetensors and save_weights. */
export function modelPy(model: TorchModel, layers: readonly TorchLayer[]): string {
  const helpers = new Map<string, string>();
  for (const { part } of layers)
    for (const [name, source] of Object.entries(part.helpers ?? {})) helpers.set(name, source);
  // a mask from an Embedding with maskZero needs the Sequential that hands it on
  const sequential = helpers.has('StrataSequential') ? 'StrataSequential' : 'nn.Sequential';
  const children = layers.map(({ layer, part }) => `        (${pyString(layer.name)}, ${part.module}),`);
  const dims = model.inputShape.slice(1).join(', ');
  return `"""${model.name}, exported from strata: the same network in torch.nn, with Keras' semantics.

load_model(weights=None) returns it with the weights of model.safetensors (or of the file given), in eval mode;
its input is channels-last, [batch, ${dims}], as the strata model's.
"""
import json
import os
from collections import OrderedDict

import numpy as np
import torch
from torch import nn

INPUT_SHAPE = (${dims},)
DTYPE = torch.${model.dtype}
_NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}


${[...helpers.values()].join('\n\n')}

def build_model():
    """The network with fresh weights (load_model gives it the exported ones)."""
    layers = OrderedDict([
${children.join('\n')}
    ])
    return ${sequential}(layers).to(DTYPE)


${RUNTIME}`;
}
