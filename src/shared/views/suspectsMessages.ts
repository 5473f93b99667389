/** Messages between the host and the suspects list. */
import type { SuspectListData } from './viewTypes';
import { parseFromReviewList, type FromReviewList, type ToReviewList } from './reviewListMessages';
import { asMessage, isText } from './validate';

/** Host -> suspects view: the ranked suspects, and (answer to 'load') the details and audio of one. */
export type ToSuspectsView = { type: 'suspects'; classes: string[]; list: SuspectListData } | ToReviewList;

/** Suspects view -> host. */
export type FromSuspectsView =
  | FromReviewList
  | { type: 'setLabel'; id: string; label: string }
  /** "Not an issue" for the suspect's current label. */
  | { type: 'dismiss'; id: string };

export function parseFromSuspectsView(raw: unknown): FromSuspectsView | undefined {
  const m = asMessage(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'setLabel':
      return isText(m.id) && isText(m.label, 200) ? { type: 'setLabel', id: m.id, label: m.label } : undefined;
    case 'dismiss':
      return isText(m.id) ? { type: 'dismiss', id: m.id } : undefined;
    default:
      return parseFromReviewList(m);
  }
}

/** Kept across hide/show: the suspect under review. */
export interface SuspectsViewState {
  activeId?: string;
}
