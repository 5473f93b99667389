/**
 * DCT-II with orthonormal scaling (scipy.fftpack.dct(type=2, norm='ortho'), which librosa.feature.mfcc uses), as
 * a dense nOut x nIn matrix: nIn is the mel count (tens), so a matrix product beats any fast transform here.
 */

/** basis[k * nIn + j] = s_k cos(pi k (2j + 1) / 2nIn), s_0 = sqrt(1/nIn), s_k = sqrt(2/nIn). */
export function dctBasis(nIn: number, nOut: number): Float64Array {
  const basis = new Float64Array(nOut * nIn);
  for (let k = 0; k < nOut; k++) {
    const s = Math.sqrt((k === 0 ? 1 : 2) / nIn);
    for (let j = 0; j < nIn; j++) basis[k * nIn + j] = s * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * nIn));
  }
  return basis;
}

/** out[outAt + k] = sum_j basis[k, j] x[j], for k < nOut (rounded to float32 by `out`). */
export function applyDct(basis: Float64Array, nIn: number, nOut: number, x: Float64Array, out: Float32Array, outAt: number): void {
  for (let k = 0, row = 0; k < nOut; k++, row += nIn) {
    let s = 0;
    for (let j = 0; j < nIn; j++) s += basis[row + j] * x[j];
    out[outAt + k] = s;
  }
}
