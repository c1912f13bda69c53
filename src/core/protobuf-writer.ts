/** Just enough of the protobuf wire format to write a message: varints, 32-bit floats and length-delimited fields. */
export class ProtobufWriter {
  #bytes: number[] = [];

  #varint(value: number): void {
    // negative int64s are sent as their 64-bit two's complement, ten bytes long
    let v = value < 0 ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
    while (v >= 0x80n) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
  }

  #tag(field: number, wireType: 0 | 2 | 5): void {
    this.#varint(field * 8 + wireType);
  }

  int(field: number, value: number): this {
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.#tag(field, 5);
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.#bytes.push(view.getUint8(i));
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(data.length);
    for (const b of data) this.#bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}
