// row-structured kernels over a [rows, cols] matrix: bias add, column sums, softmax
import { at, hsum, ld, st } from './simd';
import { vexp } from './vmath';

export function addRowVector(x: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = at(i * cols);
    for (let j = 0; j < cols; j += 4)
      st(out + o + at(j), f32x4.add(ld(x + o + at(j), cols - j), ld(row + at(j), cols - j)), cols - j);
  }
}

/** Column sums, 16 columns at a time held in registers down all rows (no store per row). */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32): void {
  if (cols == 1 || cols == 2 || cols == 4 || cols == 8) {
    narrowSums(x, out, rows * cols, cols);
    return;
  }
  const ld4 = (<usize>cols) << 2;
  for (let j = 0; j < cols; j += 16) {
    const r = cols - j;
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let p = x + at(j);
    if (r >= 16) {
      for (let i = 0; i < rows; i++) {
        a0 = f32x4.add(a0, v128.load(p));
        a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32));
        a3 = f32x4.add(a3, v128.load(p, 48));
        p += ld4;
      }
      v128.store(out + at(j), a0);
      v128.store(out + at(j), a1, 16);
      v128.store(out + at(j), a2, 32);
      v128.store(out + at(j), a3, 48);
      continue;
    }
    for (let i = 0; i < rows; i++) {
      a0 = f32x4.add(a0, ld(p, r));
      if (r > 4) a1 = f32x4.add(a1, ld(p + 16, r - 4));
      if (r > 8) a2 = f32x4.add(a2, ld(p + 32, r - 8));
      if (r > 12) a3 = f32x4.add(a3, ld(p + 48, r - 12));
      p += ld4;
    }
    st(out + at(j), a0, r);
    if (r > 4) st(out + at(j + 4), a1, r - 4);
    if (r > 8) st(out + at(j + 8), a2, r - 8);
    if (r > 12) st(out + at(j + 12), a3, r - 12);
  }
}

/**
 * Column sums of a matrix 1, 2, 4 or 8 wide, read as one flat array: vector t of it holds columns 4t mod cols, so
 * four accumulators over consecutive vectors gather whole columns (no partial load or branch per row).
 */
function narrowSums(x: usize, out: usize, n: i32, cols: i32): void {
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + at(i);
    a0 = f32x4.add(a0, v128.load(p));
    a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p, 32));
    a3 = f32x4.add(a3, v128.load(p, 48));
  }
  // the whole vectors left (fewer than four) continue the same pattern: vector 1 and 3 hold the right half of 8
  if (i + 4 <= n) a0 = f32x4.add(a0, v128.load(x + at(i)));
  if (i + 8 <= n) a1 = f32x4.add(a1, v128.load(x + at(i + 4)));
  if (i + 12 <= n) a2 = f32x4.add(a2, v128.load(x + at(i + 8)));
  const even = f32x4.add(a0, a2);
  const odd = f32x4.add(a1, a3);
  if (cols == 8) {
    v128.store(out, even);
    v128.store(out, odd, 16);
    return;
  }
  const s = f32x4.add(even, odd);
  if (cols == 4) v128.store(out, s);
  else if (cols == 2) {
    store<f32>(out, f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 2));
    store<f32>(out, f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 3), 4);
  } else store<f32>(out, hsum(s));
  // a ragged end (1 or 2 columns only): single floats, each to its column
  for (let j = n & ~3; j < n; j++) {
    const o = out + at(j % cols);
    store<f32>(o, load<f32>(o) + load<f32>(x + at(j)));
  }
}

/** Row-wise softmax, shifted by the row maximum. */
export function softmax(x: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + at(r * cols);
    const or = out + at(r * cols);
    let max = load<f32>(xr);
    let j = 0;
    if (cols >= 4) {
      let vmax = v128.load(xr);
      for (j = 4; j + 4 <= cols; j += 4) vmax = f32x4.max(vmax, v128.load(xr + at(j)));
      max = Mathf.max(
        Mathf.max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)),
        Mathf.max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)),
      );
    }
    for (; j < cols; j++) max = Mathf.max(max, load<f32>(xr + at(j)));
    const vm = f32x4.splat(max);
    let vsum = f32x4.splat(0);
    let sum: f32 = 0;
    for (j = 0; j + 4 <= cols; j += 4) {
      const e = vexp(f32x4.sub(v128.load(xr + at(j)), vm));
      v128.store(or + at(j), e);
      vsum = f32x4.add(vsum, e);
    }
    if (j < cols) {
      st(or + at(j), vexp(f32x4.sub(ld(xr + at(j), cols - j), vm)), cols - j);
      for (; j < cols; j++) sum += load<f32>(or + at(j));
    }
    const inv = f32x4.splat(1 / (sum + hsum(vsum)));
    for (j = 0; j < cols; j += 4) st(or + at(j), f32x4.mul(ld(or + at(j), cols - j), inv), cols - j);
  }
}

/** dz = a ⊙ (dy − Σ dy·a) per row. */
export function softmaxBackward(a: usize, dy: usize, dz: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = at(r * cols);
    let vdot = f32x4.splat(0);
    for (let j = 0; j < cols; j += 4)
      vdot = f32x4.add(vdot, f32x4.mul(ld(dy + o + at(j), cols - j), ld(a + o + at(j), cols - j)));
    const dot = f32x4.splat(hsum(vdot));
    for (let j = 0; j < cols; j += 4) {
      const r4 = cols - j;
      st(dz + o + at(j), f32x4.mul(ld(a + o + at(j), r4), f32x4.sub(ld(dy + o + at(j), r4), dot)), r4);
    }
  }
}
