/**
 * Simulated IEMOCAP annotation: three external evaluators' categorical votes (sometimes several labels each),
 * the actor's self-evaluation and dimensional ratings, made consistent with the consensus code the file carries
 * (a code wins with at least two of three votes; 'xxx' when no label reaches two). Ambiguous utterances split
 * the votes more, and a deliberately wrong label still has its majority, as a real annotation error would.
 */
import type { Prng } from './prng';
import type { DimVoteSpec, VoteSpec } from './iemocapLayoutWriter';
import type { EmotionMix } from './expression';
import { CONFUSABLE, EMOTION_VAD, type Emotion } from './emotionProfiles';

/** What to annotate. */
export interface AnnotationInput {
  /** What the audio expresses. */
  mix: EmotionMix;
  /** The consensus code the file will carry: an emotion code, or 'xxx'. */
  fileCode: string;
  /** fileCode is deliberately not the audio's emotion. */
  flipped: boolean;
  /** Gender letter of the speaking actor (self-evaluations are C-F1 / C-M1). */
  gender: 'F' | 'M';
  /** Three external evaluator ids, e.g. ["E1", "E2", "E4"]. */
  evaluators: readonly string[];
  /** Add the actor's own categorical and dimensional rating. */
  withSelf: boolean;
  /** Codes evaluators may use (the corpus vocabulary). */
  vocabulary: readonly string[];
}

export interface Annotation {
  votes: VoteSpec[];
  selfVotes: VoteSpec[];
  dimVotes: DimVoteSpec[];
  /** Mean of the external dimensional ratings, as the corpus header gives it. */
  vad: [number, number, number];
}

function pickOther(rng: Prng, pool: readonly string[], avoid: ReadonlySet<string>): string | undefined {
  const open = pool.filter((c) => !avoid.has(c));
  return open.length ? rng.pick(open) : undefined;
}

/** Labels a listener might hear instead of `code`, most plausible first, inside the vocabulary. */
function confusions(code: string, vocabulary: readonly string[]): string[] {
  const near = (CONFUSABLE[code as Emotion] ?? []).filter((c) => vocabulary.includes(c));
  return near.length ? near : vocabulary.filter((c) => c !== code);
}

export function annotate(input: AnnotationInput, rng: Prng): Annotation {
  const { mix, fileCode, vocabulary } = input;
  const ambiguous = mix.secondary !== undefined;
  const truth = mix.primary as string;
  const alt = (mix.secondary ?? confusions(truth, vocabulary)[0]) as string;
  const firsts: string[] = [];
  if (fileCode === 'xxx') {
    // No two evaluators agree: the truth, the blended emotion and a third plausible reading.
    const used = new Set<string>();
    for (const c of rng.shuffle([truth, alt, ...confusions(truth, vocabulary)])) {
      if (firsts.length < 3 && vocabulary.includes(c) && !used.has(c)) {
        firsts.push(c);
        used.add(c);
      }
    }
    while (firsts.length < 3) firsts.push(pickOther(rng, vocabulary, used) ?? 'oth');
  } else {
    const unanimous = rng.next() < (input.flipped ? 0.3 : ambiguous ? 0.2 : 0.6);
    const agreeing = unanimous ? 3 : 2;
    for (let i = 0; i < agreeing; i++) firsts.push(fileCode);
    if (!unanimous) {
      // The dissenter hears the real emotion behind a wrong label, or the other half of a blend.
      const heard = input.flipped && rng.next() < 0.6 ? truth : ambiguous ? alt : rng.pick(confusions(fileCode, vocabulary));
      firsts.push(heard === fileCode ? rng.pick(confusions(fileCode, vocabulary)) : heard);
    }
    rng.shuffle(firsts);
  }
  // Second labels (IEMOCAP evaluators could tick several), never letting another label catch up with the consensus.
  const multiChance = ambiguous ? 0.35 : 0.1;
  const labelSets = firsts.map((f) => [f]);
  for (const set of labelSets) {
    if (rng.next() >= multiChance) continue;
    const extra = ambiguous && set[0] !== alt ? alt : rng.pick(confusions(set[0], vocabulary));
    if (!set.includes(extra)) set.push(extra);
  }
  const count = (c: string) => labelSets.filter((s) => s.includes(c)).length;
  const need = fileCode === 'xxx' ? 2 : count(fileCode);
  for (const set of labelSets) {
    for (let j = set.length - 1; j >= 1; j--) {
      if (set[j] !== fileCode && count(set[j]) >= need) set.splice(j, 1);
    }
  }
  const votes: VoteSpec[] = labelSets.map((labels, i) => ({ evaluator: input.evaluators[i], labels }));

  const selfVotes: VoteSpec[] = [];
  const selfId = `${input.gender}1`;
  if (input.withSelf) {
    // Actors know what they acted; now and then they name the blend instead.
    selfVotes.push({ evaluator: selfId, labels: [rng.next() < 0.85 ? truth : alt].filter((c) => vocabulary.includes(c)) });
    if (selfVotes[0].labels.length === 0) selfVotes[0].labels.push(truth);
  }

  // Dimensional ratings follow the audio (they were rated apart from the categories).
  const w = ambiguous ? (mix.blend ?? 0.5) : 0;
  const centre = [0, 1, 2].map((d) => (1 - w) * EMOTION_VAD[mix.primary][d] + w * EMOTION_VAD[mix.secondary ?? mix.primary][d]);
  const rate = () => centre.map((c) => Math.min(5, Math.max(1, Math.round(c + 0.6 * rng.normal())))) as [number, number, number];
  const dimVotes: DimVoteSpec[] = [];
  for (const ev of input.evaluators.slice(0, 2)) {
    const [val, act, dom] = rate();
    dimVotes.push({ evaluator: ev, val, act, dom });
  }
  const vad = [0, 1, 2].map((d) => {
    const xs = dimVotes.map((v) => [v.val, v.act, v.dom][d]);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  }) as [number, number, number];
  if (input.withSelf) {
    const [val, act, dom] = rate();
    dimVotes.push({ evaluator: selfId, val, act, dom });
  }
  return { votes, selfVotes, dimVotes, vad };
}
