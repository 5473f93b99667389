/**
 * Features of one utterance's samples: log-mel, or MFCC, plus deltas. The definition (see featureConfig.ts):
 *   frames   librosa.stft framing (framing.ts), analysis window from analysisWindow.ts
 *   power    |rfft(frame * window)|^2 (realFft.ts)
 *   mel      librosa.filters.mel(htk=False, norm='slaney') applied to the power (melFilterbank.ts)
 *   log-mel  ln(mel + logFloor)            = np.log(librosa.feature.melspectrogram(power=2.0, ...) + logFloor)
 *   mfcc     DCT-II ortho of the log-mel   = librosa.feature.mfcc(S=<that log-mel>, n_mfcc, norm='ortho')
 *   deltas   HTK regression (deltas.ts), appended after the static coefficients
 * A FeatureComputer owns its scratch buffers (reused across calls, never allocated per frame), so use one per
 * thread; the only allocation per call is the returned matrix. Frames are computed in blocks (blockFrames) so
 * the float64 copy of the signal they read stays small (at most about 8 MB) however long the audio.
 *
 * Power and mel energies come from the WebAssembly SIMD kernel (spectrumKernel.ts, two frames per step) when the
 * runtime has WebAssembly SIMD, else from the JS path (realFft.ts + melFilterbank.ts). Both give bit-identical
 * results; options.simd = false forces the JS path.
 */
import { analysisWindow } from './analysisWindow';
import { applyDct, dctBasis } from './dct';
import { writeDeltas } from './deltas';
import { checkFeatureConfig, featureDims, type FeatureConfig, type FeatureMatrix } from './featureConfig';
import { blockLength, frameCount, paddedBlock } from './framing';
import { applyMel, melFilterbank, type MelFilterbank } from './melFilterbank';
import { RealFft } from './realFft';
import { SpectrumKernel } from './spectrumKernel';

/** Frames per block: 4096 (41 s at a 10 ms hop, 5 MB of float64), fewer for hops so long that would exceed 2^20 samples. */
function blockFrames(c: Pick<FeatureConfig, 'nFft' | 'hopLength'>): number {
  const fit = Math.floor((2 ** 20 - c.nFft) / c.hopLength);
  // Even, so blocks split into whole frame pairs for the SIMD kernel.
  return Math.max(2, Math.min(4096, fit - (fit % 2)));
}

export interface FeatureComputerOptions {
  /** Use the WebAssembly SIMD kernel when available. Default true. */
  simd?: boolean;
}

export class FeatureComputer {
  readonly config: Readonly<FeatureConfig>;
  /** Values per frame of the matrices this computer returns. */
  readonly dims: number;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly bank: MelFilterbank;
  private readonly dct: Float64Array | undefined;
  private readonly power: Float64Array;
  private readonly mel: Float64Array;
  private readonly block: Float64Array;
  private readonly blockFrames: number;
  private readonly kernel: SpectrumKernel | undefined;

  constructor(config: FeatureConfig, options: FeatureComputerOptions = {}) {
    checkFeatureConfig(config);
    this.config = Object.freeze({ ...config });
    this.dims = featureDims(config);
    this.fft = new RealFft(config.nFft);
    this.window = analysisWindow(config);
    this.bank = melFilterbank(config);
    this.dct = config.kind === 'mfcc' ? dctBasis(config.nMels, config.nMfcc) : undefined;
    this.power = new Float64Array(config.nFft / 2 + 1);
    this.mel = new Float64Array(config.nMels);
    // Room for one frame more than a block: the kernel's last pair may read a frame past an odd count.
    this.blockFrames = blockFrames(config);
    const samples = blockLength(this.blockFrames + 1, config);
    this.kernel = options.simd === false ? undefined : SpectrumKernel.create(config, this.bank, this.blockFrames / 2, samples);
    this.block = this.kernel ? this.kernel.block : new Float64Array(samples);
  }

  /** Whether the WebAssembly SIMD kernel is in use. */
  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** Features of `samples` (mono, at config.sampleRate): frameCount(samples.length) rows of `dims` values. */
  compute(samples: Float32Array): FeatureMatrix {
    const c = this.config;
    const frames = frameCount(samples.length, c);
    const dims = this.dims;
    const data = new Float32Array(frames * dims);
    if (frames === 0) return { frames, dims, data };
    const { fft, window, bank, power, mel, dct, block } = this;
    const nMels = c.nMels;
    const floor = c.logFloor;
    const hop = c.hopLength;
    const nStatic = dct ? c.nMfcc : nMels;
    const perBlock = this.blockFrames;
    for (let first = 0; first < frames; first += perBlock) {
      const count = Math.min(perBlock, frames - first);
      const kernel = this.kernel;
      if (kernel) {
        // An odd count still runs whole pairs: the extra frame is padding (zeros or reflection) and is dropped.
        paddedBlock(samples, c, first, count + (count & 1), block);
        kernel.run((count + 1) >> 1);
        const energies = kernel.melOut;
        for (let i = 0, row = first * dims; i < count; i++, row += dims) {
          const at = 2 * (i >> 1) * nMels + (i & 1);
          if (dct) {
            for (let m = 0; m < nMels; m++) mel[m] = Math.log(energies[at + 2 * m] + floor);
            applyDct(dct, nMels, nStatic, mel, data, row);
          } else {
            for (let m = 0; m < nMels; m++) data[row + m] = Math.log(energies[at + 2 * m] + floor);
          }
        }
        continue;
      }
      paddedBlock(samples, c, first, count, block);
      for (let i = 0, row = first * dims; i < count; i++, row += dims) {
        fft.power(block, i * hop, window, power);
        applyMel(bank, power, mel);
        if (dct) {
          for (let m = 0; m < nMels; m++) mel[m] = Math.log(mel[m] + floor);
          applyDct(dct, nMels, nStatic, mel, data, row);
        } else {
          for (let m = 0; m < nMels; m++) data[row + m] = Math.log(mel[m] + floor);
        }
      }
    }
    if (c.deltaOrder >= 1) writeDeltas(data, frames, dims, 0, nStatic, nStatic, c.deltaWidth);
    if (c.deltaOrder >= 2) writeDeltas(data, frames, dims, nStatic, 2 * nStatic, nStatic, c.deltaWidth);
    return { frames, dims, data };
  }
}
