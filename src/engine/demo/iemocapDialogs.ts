/**
 * IEMOCAP's dialog structure: each session's two actors record improvisations and scripts, each twice with the
 * lead swapped (Ses01F_impro01 and Ses01M_impro01), some with suffixes (impro05a, script01_1b). Improvisations
 * were written to elicit particular emotions; the synthetic dialogs lean the same way.
 */
import { SerError } from '../errors';
import type { Emotion } from './emotionProfiles';

const BASES = [
  'impro01', 'script01_1', 'impro02', 'script01_2', 'impro03', 'script02_1', 'impro04', 'script02_2',
  'impro05a', 'script03_1', 'impro05b', 'script03_2', 'impro06', 'script01_3', 'impro07', 'impro08',
];

/** The emotions each scenario was written to elicit (after the IEMOCAP paper's scenario list). */
const THEMES: Record<string, readonly Emotion[]> = {
  impro01: ['fru', 'neu'], impro02: ['sad'], impro03: ['exc', 'hap'], impro04: ['ang', 'fru'], impro05: ['fru', 'ang'],
  impro06: ['sad', 'neu'], impro07: ['exc', 'hap'], impro08: ['fru', 'neu'],
  script01: ['ang', 'fru', 'neu'], script02: ['sad', 'neu', 'hap'], script03: ['hap', 'exc', 'ang'],
};

/** Most dialogs a session can have (every scenario with both leads). */
export const MAX_DIALOGS_PER_SESSION = 2 * BASES.length;

export interface DialogName {
  /** e.g. Ses03M_impro05a, Ses05M_script01_1b. */
  dialog: string;
  lead: 'F' | 'M';
  /** Scenario without session or lead: impro05a, script01_1. */
  scenario: string;
  scripted: boolean;
  /** Emotions the scenario leans towards. */
  theme: readonly Emotion[];
}

/** The first `count` dialogs of session `session` (1-based). */
export function iemocapDialogNames(session: number, count: number): DialogName[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DIALOGS_PER_SESSION) {
    throw new SerError('usage', undefined, `dialogs per session must be 1..${MAX_DIALOGS_PER_SESSION} (got ${count})`);
  }
  const out: DialogName[] = [];
  for (let j = 0; j < count; j++) {
    const scenario = BASES[Math.floor(j / 2)];
    const lead = j % 2 === 0 ? 'F' : 'M';
    const scripted = scenario.startsWith('script');
    // Session 5's re-recorded scripts carry a 'b' take suffix in the release (Ses05M_script01_1b).
    const suffix = scripted && session === 5 && lead === 'M' ? 'b' : '';
    out.push({
      dialog: `Ses${String(session).padStart(2, '0')}${lead}_${scenario}${suffix}`,
      lead,
      scenario,
      scripted,
      theme: THEMES[scenario.replace(/(_\d+|[ab])$/, '')] ?? [],
    });
  }
  return out;
}
