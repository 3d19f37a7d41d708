/**
 * Radix-2 complex FFT (iterative Cooley–Tukey, decimation in time), in place on separate
 * real and imaginary Float64Arrays. Forward: X[k] = Σ x[n]·e^(−2πi·kn/N). The inverse
 * includes the 1/N factor, so inverse(forward(x)) = x.
 */

interface Plan {
  n: number;
  rev: Uint32Array;
  cos: Float64Array; // cos(2πk/n), k < n/2
  sin: Float64Array; // sin(2πk/n)
}

const plans = new Map<number, Plan>();

function plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  if (!(n >= 1 && (n & (n - 1)) === 0)) throw new RangeError(`FFT length must be a power of two, got ${n}`);
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
    rev[i] = r;
  }
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  p = { n, rev, cos, sin };
  plans.set(n, p);
  return p;
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** In-place FFT of length re.length (a power of two). */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError('re and im must have the same length');
  if (n <= 1) return;
  const { rev, cos, sin } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t];
        const wi = sign * sin[t];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }
}

/** In-place 2-D FFT of a row-major image with `width` columns (both dimensions powers of two). */
export function fft2d(re: Float64Array, im: Float64Array, width: number, inverse = false): void {
  const height = re.length / width;
  const rr = new Float64Array(width);
  const ri = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    rr.set(re.subarray(o, o + width));
    ri.set(im.subarray(o, o + width));
    fft(rr, ri, inverse);
    re.set(rr, o);
    im.set(ri, o);
  }
  const cr = new Float64Array(height);
  const ci = new Float64Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0, o = x; y < height; y++, o += width) {
      cr[y] = re[o];
      ci[y] = im[o];
    }
    fft(cr, ci, inverse);
    for (let y = 0, o = x; y < height; y++, o += width) {
      re[o] = cr[y];
      im[o] = ci[y];
    }
  }
}
