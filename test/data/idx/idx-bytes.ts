const CODES = { ubyte: 0x08, sbyte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e } as const;
const SIZES = { ubyte: 1, sbyte: 1, short: 2, int: 4, float: 4, double: 8 } as const;

/** An IDX file built by hand: magic, big-endian sizes, then big-endian values (written independently of the reader). */
export function idxBytes(type: keyof typeof CODES, shape: number[], values: number[]): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * SIZES[type]);
  const view = new DataView(out.buffer);
  out.set([0, 0, CODES[type], shape.length]);
  shape.forEach((n, d) => view.setUint32(4 + 4 * d, n, false));
  values.forEach((v, i) => {
    const at = header + i * SIZES[type];
    if (type === 'ubyte') view.setUint8(at, v);
    else if (type === 'sbyte') view.setInt8(at, v);
    else if (type === 'short') view.setInt16(at, v, false);
    else if (type === 'int') view.setInt32(at, v, false);
    else if (type === 'float') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  });
  return out;
}
