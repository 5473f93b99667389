// Settings: what package.json declares, what the extension reads, and what reaches the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, trainConfig, featureOverrides, datasetSelection, SETTING_DEFAULTS } from '../../src/extension/core/settings';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../../src/engine/train/trainConfig';
import { DEFAULT_FEATURE_CONFIG } from '../../src/engine/features/featureConfig';
import { resolveFeatureConfig } from '../../src/engine/jobs/featureOverrides';
import { settingsWith } from './helpers';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const props: Record<string, { default: unknown; markdownDescription?: string; description?: string; enum?: unknown[] }> = pkg.contributes.configuration.properties;
const reader = (values: Record<string, unknown>) => ({ get: <T>(k: string) => values[k] as T | undefined });

test("package.json's defaults are the engine's defaults", () => {
  const t = DEFAULT_TRAIN_CONFIG;
  const f = DEFAULT_FEATURE_CONFIG;
  const expected: Record<string, unknown> = {
    'ser.training.epochs': t.epochs,
    'ser.training.patience': t.patience,
    'ser.training.batchSize': t.batchSize,
    'ser.training.learningRate': t.optimizer.learningRate,
    'ser.training.seed': t.seed,
    'ser.training.lambda': t.loss.lambda,
    'ser.training.margin': t.loss.margin,
    'ser.training.featureSelection': t.loss.featureSelection,
    'ser.training.pairSelection': t.loss.pairSelection,
    'ser.training.speakerNormalization': t.speakerNormalization,
    'ser.features.kind': f.kind,
    'ser.features.nMels': f.nMels,
    'ser.features.nMfcc': f.nMfcc,
    'ser.features.sampleRate': f.sampleRate,
    'ser.features.winLength': f.winLength,
    'ser.features.hopLength': f.hopLength,
    'ser.features.nFft': f.nFft,
  };
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(props[key]?.default, value, key);
});

test('every setting has a description, and SETTING_DEFAULTS mirrors package.json', () => {
  const { settings } = readSettings(reader(Object.fromEntries(Object.entries(props).map(([k, v]) => [k.slice(4), v.default]))));
  assert.deepEqual(settings, SETTING_DEFAULTS);
  for (const [k, v] of Object.entries(props)) assert.ok((v.markdownDescription ?? v.description ?? '').length > 10, `${k} has a description`);
});

test('defaults send nothing: the engine fills in its own', () => {
  assert.deepEqual(trainConfig(SETTING_DEFAULTS), {});
  assert.deepEqual(featureOverrides(SETTING_DEFAULTS), {});
  assert.deepEqual(datasetSelection(SETTING_DEFAULTS, '/d'), { root: '/d' });
});

test('changed settings become a config the engine accepts; they override a config file, defaults do not', () => {
  const s = settingsWith({ training: { epochs: 3, lambda: 0.5, pairSelection: 'semi-hard', learningRate: 0.01 }, features: { kind: 'mfcc', nMels: 40 } });
  const c = trainConfig(s, { epochs: 10, patience: 2, loss: { margin: 2 }, model: { dropout: 0.3 } });
  assert.deepEqual(c, { epochs: 3, patience: 2, loss: { margin: 2, lambda: 0.5, pairSelection: 'semi-hard' }, model: { dropout: 0.3 }, optimizer: { learningRate: 0.01 }, features: { kind: 'mfcc', nMels: 40 } });
  const resolved = resolveTrainConfig(c);
  assert.equal(resolved.epochs, 3);
  assert.equal(resolved.loss.margin, 2);
  assert.equal(resolveFeatureConfig(resolved.features).deltaOrder, 2, 'MFCC without an explicit delta order gets 2, as on the command line');
  assert.deepEqual(datasetSelection(settingsWith({ classes: '5class', subset: 'improvised', format: 'iemocap' }), '/d'), { root: '/d', format: 'iemocap', classes: '5class', subset: 'improvised' });
});

test('a wrong value falls back to the default and is reported', () => {
  const { settings, problems } = readSettings(reader({ 'engine.backend': 'tpu', 'training.epochs': 'many', 'features.deltaOrder': 1, 'labels.annotator': '  ana ' }));
  assert.equal(settings.backend, 'auto');
  assert.equal(settings.training.epochs, 40);
  assert.equal(settings.features.deltaOrder, 1);
  assert.equal(settings.annotator, 'ana');
  assert.equal(problems.length, 2);
  assert.match(problems[0], /ser\.engine\.backend/);
});
