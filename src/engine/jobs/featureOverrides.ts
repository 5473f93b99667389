/** Applies user overrides (CLI flags, extension settings, wire params) to the default feature config, checking each. */
import { SerError } from '../errors';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../features/featureConfig';

const CHOICES: Partial<Record<keyof FeatureConfig, readonly string[]>> = {
  kind: ['logmel', 'mfcc'],
  window: ['hamming', 'hann'],
};

export function resolveFeatureConfig(overrides: Record<string, unknown> = {}): FeatureConfig {
  const config: Record<string, unknown> = { ...DEFAULT_FEATURE_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_FEATURE_CONFIG)) {
      throw new SerError('usage', undefined, `unknown feature setting "${key}" (known: ${Object.keys(DEFAULT_FEATURE_CONFIG).join(', ')})`);
    }
    const def = (DEFAULT_FEATURE_CONFIG as unknown as Record<string, unknown>)[key];
    const choices = CHOICES[key as keyof FeatureConfig];
    if (choices) {
      if (typeof value !== 'string' || !choices.includes(value)) throw new SerError('usage', undefined, `feature setting ${key} must be one of ${choices.join('|')}`);
    } else if (typeof def === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SerError('usage', undefined, `feature setting ${key} must be a number`);
    } else if (typeof def === 'boolean' && typeof value !== 'boolean') {
      throw new SerError('usage', undefined, `feature setting ${key} must be true or false`);
    }
    config[key] = value;
  }
  const c = config as unknown as FeatureConfig;
  // A default fMax follows a changed sample rate unless it was set explicitly.
  if (overrides.sampleRate !== undefined && overrides.fMax === undefined) c.fMax = c.sampleRate / 2;
  if (overrides.kind === 'mfcc' && overrides.deltaOrder === undefined) c.deltaOrder = 2;
  const problems: string[] = [];
  if (!Number.isInteger(c.nFft) || c.nFft < 16 || (c.nFft & (c.nFft - 1)) !== 0) problems.push('nFft must be a power of two >= 16');
  if (!Number.isInteger(c.winLength) || c.winLength < 1 || c.winLength > c.nFft) problems.push('winLength must be an integer in 1..nFft');
  if (!Number.isInteger(c.hopLength) || c.hopLength < 1) problems.push('hopLength must be a positive integer');
  if (!Number.isInteger(c.nMels) || c.nMels < 1 || c.nMels > c.nFft / 2 + 1) problems.push('nMels must be in 1..nFft/2+1');
  if (c.sampleRate < 1000 || c.sampleRate > 384000) problems.push('sampleRate must be in 1000..384000 Hz');
  if (c.fMin < 0 || c.fMax <= c.fMin || c.fMax > c.sampleRate / 2) problems.push('need 0 <= fMin < fMax <= sampleRate/2');
  if (c.kind === 'mfcc' && (!Number.isInteger(c.nMfcc) || c.nMfcc < 1 || c.nMfcc > c.nMels)) problems.push('nMfcc must be in 1..nMels');
  if (![0, 1, 2].includes(c.deltaOrder)) problems.push('deltaOrder must be 0, 1 or 2');
  if (!Number.isInteger(c.deltaWidth) || c.deltaWidth < 1) problems.push('deltaWidth must be a positive integer');
  if (!(c.logFloor > 0)) problems.push('logFloor must be > 0');
  if (problems.length) throw new SerError('usage', undefined, `bad feature settings: ${problems.join('; ')}`);
  return c;
}
