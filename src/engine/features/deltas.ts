/**
 * Delta coefficients by HTK's regression formula over +-N frames:
 *   d[t] = sum_{n=1..N} n (c[t+n] - c[t-n]) / (2 sum_{n=1..N} n^2)
 * which is exactly librosa.feature.delta(c, width=2N+1, order=1) in the interior. At the edges librosa (scipy's
 * savgol_filter, mode='interp') fits a least-squares line to the first / last 2N+1 frames and takes its slope;
 * that slope equals the regression at t = N (resp. T-1-N), so the first N and last N frames copy those values,
 * matching librosa to rounding. With fewer than 2N+1 frames (where librosa raises) the slope of a line fitted to
 * all frames is used for every frame; a single frame gets 0.
 * Delta-deltas are deltas of the deltas (HTK), i.e. librosa.feature.delta applied twice, not its order=2
 * (a second-derivative Savitzky-Golay filter, which differs slightly).
 */

/**
 * For every frame of the row-major matrix `data` (`dims` values per frame), writes the deltas of the `count`
 * columns starting at `from` into the `count` columns starting at `to`.
 */
export function writeDeltas(data: Float32Array, frames: number, dims: number, from: number, to: number, count: number, halfWidth: number): void {
  if (frames === 0) return;
  const n = halfWidth;
  if (frames < 2 * n + 1) {
    writeShortDeltas(data, frames, dims, from, to, count);
    return;
  }
  let denom = 0;
  for (let k = 1; k <= n; k++) denom += k * k;
  denom *= 2;
  for (let t = n; t < frames - n; t++) {
    const row = t * dims;
    for (let c = 0; c < count; c++) {
      let s = 0;
      for (let k = 1; k <= n; k++) s += k * (data[row + k * dims + from + c] - data[row - k * dims + from + c]);
      data[row + to + c] = s / denom;
    }
  }
  const head = n * dims;
  const tail = (frames - 1 - n) * dims;
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < count; c++) {
      data[t * dims + to + c] = data[head + to + c];
      data[(frames - 1 - t) * dims + to + c] = data[tail + to + c];
    }
  }
}

/** Least-squares slope over all frames, written to every frame (see the header). */
function writeShortDeltas(data: Float32Array, frames: number, dims: number, from: number, to: number, count: number): void {
  const mean = (frames - 1) / 2;
  let sxx = 0;
  for (let t = 0; t < frames; t++) sxx += (t - mean) * (t - mean);
  for (let c = 0; c < count; c++) {
    let sxy = 0;
    for (let t = 0; t < frames; t++) sxy += (t - mean) * data[t * dims + from + c];
    const slope = sxx > 0 ? sxy / sxx : 0;
    for (let t = 0; t < frames; t++) data[t * dims + to + c] = slope;
  }
}
