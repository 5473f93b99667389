/**
 * Applies user overrides (CLI flags, extension settings, wire params, a training config's `features`) to the default
 * feature config: unknown keys and wrongly typed values are refused here, then the whole config is checked by the
 * feature layer's own checkFeatureConfig (one set of rules, not two).
 */
import { SerError } from '../errors';
import { DEFAULT_FEATURE_CONFIG, checkFeatureConfig, type FeatureConfig } from '../features/featureConfig';

const CHOICES: Partial<Record<keyof FeatureConfig, readonly string[]>> = {
  kind: ['logmel', 'mfcc'],
  window: ['hamming', 'hann'],
  padMode: ['constant', 'reflect'],
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
  // Rates outside what any corpus uses are more likely a typo (16 for 16000) than an intention.
  if (c.sampleRate < 1000 || c.sampleRate > 384000) throw new SerError('usage', undefined, 'bad feature settings: sampleRate must be in 1000..384000 Hz');
  checkFeatureConfig(c);
  return c;
}
