/**
 * The suggestion to set up the native engine when training runs on WebAssembly or plain JavaScript, and what the
 * user answered. "Not Now" holds for this window (the next window asks again); "Don't Ask Again" is kept in the
 * global state; a notification closed without an answer (or never seen) asks again at the next training. A
 * suggestion still on screen is not shown a second time.
 */
import type { StateStore } from './datasetService';
import { suggestsNativeSetup } from './statusText';

/** Global-state key: true once the user chose "Don't Ask Again". */
export const NATIVE_SUGGESTION_KEY = 'ser.nativeSuggestionDismissed';

/** The user's answer; undefined = closed without one. */
export type SuggestionAnswer = 'setup' | 'not-now' | 'never' | undefined;

export class NativeSuggestion {
  private declined = false;
  private showing = false;

  constructor(
    /** Where "Don't Ask Again" is kept (the extension's globalState). */
    private readonly state: StateStore,
    /** Shows the suggestion for training on `device` and resolves with the answer. */
    private readonly ask: (device: string) => Promise<SuggestionAnswer>,
  ) {}

  /** Whether a training on `device` would show the suggestion now. */
  wouldAsk(device: string): boolean {
    return suggestsNativeSetup(device) && !this.declined && !this.showing && this.state.get<boolean>(NATIVE_SUGGESTION_KEY) !== true;
  }

  /** Offers the setup for training on `device` unless answered already; resolves with the answer ('skipped': not shown). */
  async offer(device: string): Promise<SuggestionAnswer | 'skipped'> {
    if (!this.wouldAsk(device)) return 'skipped';
    this.showing = true;
    let answer: SuggestionAnswer;
    try {
      answer = await this.ask(device);
    } finally {
      this.showing = false;
    }
    if (answer === 'not-now') this.declined = true;
    else if (answer === 'never') await this.state.update(NATIVE_SUGGESTION_KEY, true);
    return answer;
  }
}
