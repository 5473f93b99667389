import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWav } from '../../../src/engine/audio/wavWriter';
import { Prng } from '../../../src/engine/demo/prng';
import { makeSentence } from '../../../src/engine/demo/sentence';
import { makeSpeaker } from '../../../src/engine/demo/speaker';
import { difficultyKnobs } from '../../../src/engine/demo/difficulty';
import { realiseProsody } from '../../../src/engine/demo/expression';
import { EMOTIONS, type Emotion } from '../../../src/engine/demo/emotionProfiles';
import { synthesizeUtterance, type UtteranceSpec } from '../../../src/engine/demo/synthesizer';
import { sustainedVowel } from '../../../src/engine/demo/sustainedVowel';
import { activeRms } from '../../../src/engine/demo/roomAcoustics';
import { autocorrelationF0, bandLevel, cheapStats } from './acousticStats';

const knobs = difficultyKnobs(0.3);

function spec(emotion: Emotion, speakerId = 'S1', gender: 'F' | 'M' = 'M', seed = 7): UtteranceSpec {
  const speaker = makeSpeaker(speakerId, gender, 1, knobs);
  return {
    sentence: makeSentence('a01', 10),
    speaker,
    prosody: realiseProsody({ primary: emotion }, speaker, knobs, new Prng(seed)),
    seed,
    room: { noiseDb: knobs.noiseDb, reverb: knobs.reverb },
  };
}

test('same spec, same bytes; another seed, other samples', () => {
  const a = encodeWav([synthesizeUtterance(spec('hap'))], 16000);
  const b = encodeWav([synthesizeUtterance(spec('hap'))], 16000);
  assert.deepEqual(a, b);
  const c = synthesizeUtterance(spec('hap', 'S1', 'M', 8));
  assert.notDeepEqual(c, synthesizeUtterance(spec('hap')));
});

test('sentences are fixed by their text id: same words and syllable count every time', () => {
  const a = makeSentence('b03', 17);
  assert.equal(a.syllables.length, 17);
  assert.deepEqual(makeSentence('b03', 17), a);
  assert.notEqual(makeSentence('b02', 17).text, a.text);
  assert.ok(a.syllables.some((s) => s.stressed));
  assert.equal(a.syllables[a.syllables.length - 1].phraseEnd, true);
  assert.match(a.text, /^[A-Z][a-z ,]+\.$/);
});

test('a sustained vowel has the F0 it was given (autocorrelation), at 16 and 44.1 kHz', () => {
  for (const rate of [16000, 44100]) {
    for (const f0 of [95, 140, 220, 310]) {
      const x = sustainedVowel({ f0, sampleRate: rate, seconds: 0.4 });
      const est: number[] = [];
      for (let s = Math.round(0.1 * rate); s < Math.round(0.3 * rate); s += Math.round(0.02 * rate)) {
        const f = autocorrelationF0(x, rate, s);
        if (f !== undefined) est.push(f);
      }
      assert.ok(est.length >= 8, `voiced frames at ${f0} Hz / ${rate}`);
      const median = est.sort((p, q) => p - q)[Math.floor(est.length / 2)];
      assert.ok(Math.abs(median / f0 - 1) < 0.03, `asked ${f0} Hz at ${rate}, measured ${median.toFixed(1)}`);
    }
  }
});

test('vowel formants land where the vowel puts them: /i/ has a strong F2 region, /u/ a strong 700-1000 Hz one', () => {
  const at = Math.round(0.1 * 16000);
  const contrast = (x: Float32Array) => bandLevel(x, 16000, 1900, 2600, at) - bandLevel(x, 16000, 700, 1000, at);
  const i = contrast(sustainedVowel({ vowel: 'i' }));
  const u = contrast(sustainedVowel({ vowel: 'u' }));
  assert.ok(i - u > 15, `F2-region minus 700-1000 Hz: /i/ ${i.toFixed(1)} dB, /u/ ${u.toFixed(1)} dB`);
  // A shorter (female) tract moves /u/'s F2 (870 Hz) up and out of 700-1000 Hz.
  const uShort = bandLevel(sustainedVowel({ vowel: 'u', formantScale: 1.3 }), 16000, 700, 1000, at);
  assert.ok(uShort < bandLevel(sustainedVowel({ vowel: 'u' }), 16000, 700, 1000, at), 'tract length moves formants');
});

test('every emotion renders speech-like audio: never clipped, not silent, plausible F0 and length', () => {
  for (const e of EMOTIONS) {
    for (const [id, g] of [['S1', 'M'], ['S2', 'F']] as const) {
      const x = synthesizeUtterance(spec(e, id, g));
      let peak = 0;
      for (const v of x) peak = Math.max(peak, Math.abs(v));
      assert.ok(peak < 0.99, `${e}/${g} peak ${peak}`);
      const db = 20 * Math.log10(activeRms(x, 16000));
      assert.ok(db > -45 && db < -8, `${e}/${g} level ${db.toFixed(1)} dBFS`);
      const seconds = x.length / 16000;
      assert.ok(seconds > 1.2 && seconds < 5, `${e}/${g} ${seconds.toFixed(2)} s for 10 syllables`);
      const stats = cheapStats(x, 16000);
      const f0 = 100 * 2 ** (stats.f0 / 12);
      assert.ok(f0 > 60 && f0 < 500, `${e}/${g} mean F0 ${f0.toFixed(0)} Hz`);
    }
  }
});

test('emotions move the cues the literature says: anger louder and higher than sadness, sadness slower', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const by = (e: Emotion) => {
    const runs = [1, 2, 3, 4, 5, 6].map((k) => {
      const x = synthesizeUtterance(spec(e, `S${k}`, k % 2 ? 'M' : 'F', 100 + k));
      return { ...cheapStats(x, 16000), seconds: x.length / 16000 };
    });
    return { level: mean(runs.map((r) => r.level)), f0: mean(runs.map((r) => r.f0)), seconds: mean(runs.map((r) => r.seconds)) };
  };
  const ang = by('ang');
  const sad = by('sad');
  const neu = by('neu');
  assert.ok(ang.level > neu.level + 3 && neu.level > sad.level + 3, `levels ang ${ang.level.toFixed(1)} neu ${neu.level.toFixed(1)} sad ${sad.level.toFixed(1)} dB`);
  assert.ok(ang.f0 > neu.f0 + 2 && neu.f0 > sad.f0, `F0 ang ${ang.f0.toFixed(1)} neu ${neu.f0.toFixed(1)} sad ${sad.f0.toFixed(1)} st`);
  assert.ok(sad.seconds > 1.1 * ang.seconds, `durations sad ${sad.seconds.toFixed(2)} ang ${ang.seconds.toFixed(2)}`);
});

test('women speak higher than men; the difficulty knob is checked', () => {
  const f = synthesizeUtterance(spec('neu', 'W', 'F'));
  const m = synthesizeUtterance(spec('neu', 'M', 'M'));
  assert.ok(cheapStats(f, 16000).f0 > cheapStats(m, 16000).f0 + 6);
  assert.throws(() => difficultyKnobs(1.5), /difficulty must be between 0 and 1/);
  assert.throws(() => difficultyKnobs(Number.NaN), /difficulty/);
});
