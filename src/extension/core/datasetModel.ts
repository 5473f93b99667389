/**
 * One open dataset as the host holds it: the worker's listing, the current run's predictions, the suspect ranks,
 * and the label changes applied since. It answers what the dataset tree shows (groups by session / speaker /
 * dialog, filters, pages of utterances) without `vscode`, so it is tested in plain Node, and without asking the
 * worker again, so expanding a node never waits on the engine. Grouping is computed once per change, O(n).
 */
import type { DatasetListing, LabelChange, RunOverlay, UtteranceRow, WirePrediction } from '../../shared/protocol';
import type { GroupBy } from './settings';

/** Utterances listed under one group node before they are split into pages. */
export const PAGE_SIZE = 500;

export interface TreeFilter {
  /** Effective classes to keep; empty = all. */
  classes: string[];
  corrected: boolean;
  suspects: boolean;
  /** Evaluators split (no class above half the vote) or against the label (IEMOCAP). */
  disagreement: boolean;
  /** The current run predicts another class. */
  mispredicted: boolean;
}

export const NO_FILTER: TreeFilter = { classes: [], corrected: false, suspects: false, disagreement: false, mispredicted: false };

export function filterIsEmpty(f: TreeFilter): boolean {
  return f.classes.length === 0 && !f.corrected && !f.suspects && !f.disagreement && !f.mispredicted;
}

export function describeFilter(f: TreeFilter): string {
  const parts: string[] = [];
  if (f.classes.length) parts.push(f.classes.join(', '));
  if (f.corrected) parts.push('corrected');
  if (f.suspects) parts.push('suspects');
  if (f.disagreement) parts.push('evaluators disagree');
  if (f.mispredicted) parts.push('mispredicted');
  return parts.join(' · ');
}

/** A suspect as the tree shows it (a subset of the engine's Suspect). */
export interface SuspectBrief {
  id: string;
  score: number;
  label: string;
  suggested: string;
  suggestedProbability: number;
  category: string;
}

export type GroupLevel = 'session' | 'speaker' | 'dialog';

/** What the tree shows; ids are stable across refreshes so VS Code keeps nodes expanded. */
export type TreeNode =
  | { kind: 'dataset'; root: string }
  | { kind: 'group'; root: string; level: GroupLevel; path: string[]; count: number }
  | { kind: 'page'; root: string; path: string[]; page: number; from: number; to: number }
  | { kind: 'utterance'; root: string; id: string }
  | { kind: 'problems'; root: string; count: number }
  | { kind: 'problem'; root: string; file: string; message: string };

export function nodeId(n: TreeNode): string {
  switch (n.kind) {
    case 'dataset':
      return `ds|${n.root}`;
    case 'group':
      return `g|${n.root}|${n.path.join('/')}`;
    case 'page':
      return `p|${n.root}|${n.path.join('/')}|${n.page}`;
    case 'utterance':
      return `u|${n.root}|${n.id}`;
    case 'problems':
      return `e|${n.root}`;
    case 'problem':
      return `e|${n.root}|${n.file}|${n.message}`;
    default: {
      const never: never = n;
      return never;
    }
  }
}

interface Group {
  key: string;
  ids: string[];
  children?: Map<string, Group>;
}

export class DatasetModel {
  private readonly rows = new Map<string, UtteranceRow>();
  private readonly byAudio = new Map<string, string>();
  private overlayNow: RunOverlay | undefined;
  private suspectIds: string[] = [];
  private suspectList: SuspectBrief[] = [];
  private suspectRank = new Map<string, number>();
  private grouped: { key: string; root: Group; levels: GroupLevel[] } | undefined;
  private version = 0;

  constructor(readonly listing: DatasetListing) {
    for (const r of listing.utterances) {
      this.rows.set(r.id, r);
      this.byAudio.set(r.audioPath, r.id);
    }
  }

  get root(): string {
    return this.listing.root;
  }

  get classes(): readonly string[] {
    return this.listing.classes;
  }

  get size(): number {
    return this.rows.size;
  }

  get overlay(): RunOverlay | undefined {
    return this.overlayNow;
  }

  /** Ids of the current suspects, most suspicious first. */
  get suspects(): readonly string[] {
    return this.suspectIds;
  }

  row(id: string): UtteranceRow | undefined {
    return this.rows.get(id);
  }

  allRows(): IterableIterator<UtteranceRow> {
    return this.rows.values();
  }

  /** The utterance whose whole audio is `file` (regions of a longer file are not matched). */
  utteranceForFile(file: string): string | undefined {
    const id = this.byAudio.get(file);
    const r = id === undefined ? undefined : this.rows.get(id);
    return r && r.start === undefined && r.end === undefined ? id : undefined;
  }

  /** Applies a change the worker reported; false when the utterance is unknown here (the caller relists). */
  applyChange(c: LabelChange): boolean {
    const r = this.rows.get(c.utt);
    if (!r) return false;
    const next: UtteranceRow = { ...r, label: c.label, className: c.className, corpusLabel: c.corpusLabel };
    if (c.correction) next.correction = c.correction;
    else delete next.correction;
    this.rows.set(c.utt, next);
    this.changed();
    return true;
  }

  setOverlay(o: RunOverlay | undefined): void {
    this.overlayNow = o;
    this.changed();
  }

  /** The suspect list of the current run, most suspicious first. */
  setSuspects(list: readonly SuspectBrief[]): void {
    this.suspectList = [...list];
    this.suspectIds = list.map((s) => s.id);
    this.suspectRank = new Map(this.suspectIds.map((id, i) => [id, i + 1] as const));
    this.changed();
  }

  /** The suspects with their suggested labels, most suspicious first. */
  get suspectBriefs(): readonly SuspectBrief[] {
    return this.suspectList;
  }

  suspectRankOf(id: string): number | undefined {
    return this.suspectRank.get(id);
  }

  prediction(id: string): WirePrediction | undefined {
    return this.overlayNow?.predictions[id];
  }

  isCorrected(r: UtteranceRow): boolean {
    return r.correction !== undefined;
  }

  isMispredicted(r: UtteranceRow): boolean {
    const p = this.prediction(r.id);
    return p !== undefined && r.className !== null && p.predicted !== r.className;
  }

  /** The evaluators' share for the utterance's class and how many voted; undefined without votes. */
  agreement(r: UtteranceRow): { share: number; evaluators: number } | undefined {
    if (!r.votes) return undefined;
    return { share: r.className === null ? 0 : (r.votes.shares[r.className] ?? 0), evaluators: r.votes.evaluators };
  }

  evaluatorsDisagree(r: UtteranceRow): boolean {
    const a = this.agreement(r);
    return a !== undefined && (r.votes!.split || a.share <= 0.5);
  }

  matches(r: UtteranceRow, f: TreeFilter): boolean {
    if (f.classes.length && (r.className === null || !f.classes.includes(r.className))) return false;
    if (f.corrected && !this.isCorrected(r)) return false;
    if (f.suspects && !this.suspectRank.has(r.id)) return false;
    if (f.disagreement && !this.evaluatorsDisagree(r)) return false;
    if (f.mispredicted && !this.isMispredicted(r)) return false;
    return true;
  }

  /** Utterances passing `f`, in listing order. */
  visible(f: TreeFilter): UtteranceRow[] {
    const out: UtteranceRow[] = [];
    for (const r of this.rows.values()) if (this.matches(r, f)) out.push(r);
    return out;
  }

  /** The group levels under the dataset node. */
  levels(groupBy: GroupBy): GroupLevel[] {
    const hasDialogs = this.listing.utterances.some((r) => r.dialog);
    const sessionsDiffer = this.listing.utterances.some((r) => r.session !== r.speaker);
    switch (groupBy) {
      case 'session':
        return sessionsDiffer ? ['session'] : ['speaker'];
      case 'speaker':
        return ['speaker'];
      case 'dialog':
        return hasDialogs ? ['dialog'] : ['speaker'];
      case 'auto':
        if (hasDialogs) return sessionsDiffer ? ['session', 'dialog'] : ['dialog'];
        return sessionsDiffer ? ['session', 'speaker'] : ['speaker'];
      default: {
        const never: never = groupBy;
        return never;
      }
    }
  }

  /** Children of `node` under the filter and grouping (the dataset node's children start with its problems). */
  children(node: TreeNode, f: TreeFilter, groupBy: GroupBy): TreeNode[] {
    const root = this.root;
    switch (node.kind) {
      case 'dataset': {
        const out = this.groupChildren([], f, groupBy);
        const problems = this.listing.errors.length + this.listing.labelProblems.length;
        return problems ? [{ kind: 'problems', root, count: problems }, ...out] : out;
      }
      case 'group':
        return this.groupChildren(node.path, f, groupBy);
      case 'page': {
        const g = this.find(node.path, f, groupBy);
        return (g?.ids.slice(node.from, node.to) ?? []).map((id) => ({ kind: 'utterance', root, id }));
      }
      case 'problems':
        return [...this.listing.errors, ...this.listing.labelProblems].map((e) => ({ kind: 'problem', root, file: e.file, message: e.message }));
      case 'utterance':
      case 'problem':
        return [];
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  /** The node above `node` (for reveal); undefined for the dataset node and for utterances the filter hides. */
  parent(node: TreeNode, f: TreeFilter, groupBy: GroupBy): TreeNode | undefined {
    const root = this.root;
    const levels = this.levels(groupBy);
    switch (node.kind) {
      case 'dataset':
        return undefined;
      case 'problems':
        return { kind: 'dataset', root };
      case 'problem':
        return { kind: 'problems', root, count: this.listing.errors.length + this.listing.labelProblems.length };
      case 'group':
      case 'page': {
        const path = node.kind === 'group' ? node.path.slice(0, -1) : node.path;
        return path.length === 0 ? { kind: 'dataset', root } : this.groupNode(path, f, groupBy, levels);
      }
      case 'utterance': {
        const r = this.rows.get(node.id);
        if (!r || !this.matches(r, f)) return undefined;
        const path = levels.map((l) => keyOf(r, l));
        const g = this.find(path, f, groupBy);
        if (!g) return undefined;
        if (g.ids.length <= PAGE_SIZE) return this.groupNode(path, f, groupBy, levels);
        const page = Math.floor(g.ids.indexOf(node.id) / PAGE_SIZE);
        return pageNode(root, path, page, g.ids.length);
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  private groupNode(path: string[], f: TreeFilter, groupBy: GroupBy, levels: GroupLevel[]): TreeNode {
    return { kind: 'group', root: this.root, level: levels[path.length - 1], path, count: this.find(path, f, groupBy)?.ids.length ?? 0 };
  }

  private groupChildren(path: string[], f: TreeFilter, groupBy: GroupBy): TreeNode[] {
    const g = this.find(path, f, groupBy);
    if (!g) return [];
    const root = this.root;
    if (g.children) {
      const levels = this.levels(groupBy);
      return [...g.children.values()].map((c) => ({ kind: 'group', root, level: levels[path.length], path: [...path, c.key], count: c.ids.length }));
    }
    if (g.ids.length <= PAGE_SIZE) return g.ids.map((id) => ({ kind: 'utterance', root, id }));
    const pages: TreeNode[] = [];
    for (let p = 0; p * PAGE_SIZE < g.ids.length; p++) pages.push(pageNode(root, path, p, g.ids.length));
    return pages;
  }

  private find(path: string[], f: TreeFilter, groupBy: GroupBy): Group | undefined {
    let g: Group | undefined = this.index(f, groupBy);
    for (const key of path) g = g?.children?.get(key);
    return g;
  }

  private index(f: TreeFilter, groupBy: GroupBy): Group {
    const key = JSON.stringify([f, groupBy, this.version]);
    if (this.grouped?.key === key) return this.grouped.root;
    const levels = this.levels(groupBy);
    const root: Group = { key: '', ids: [] };
    for (const r of this.rows.values()) {
      if (!this.matches(r, f)) continue;
      root.ids.push(r.id);
      let g = root;
      for (const level of levels) {
        const k = keyOf(r, level);
        g.children ??= new Map();
        let c = g.children.get(k);
        if (!c) {
          c = { key: k, ids: [] };
          g.children.set(k, c);
        }
        c.ids.push(r.id);
        g = c;
      }
    }
    sortGroups(root);
    this.grouped = { key, root, levels };
    return root;
  }

  private changed(): void {
    this.version++;
  }
}

function keyOf(r: UtteranceRow, level: GroupLevel): string {
  return level === 'dialog' ? (r.dialog ?? '(no dialog)') : level === 'session' ? r.session : r.speaker;
}

function pageNode(root: string, path: string[], page: number, total: number): TreeNode {
  const from = page * PAGE_SIZE;
  return { kind: 'page', root, path, page, from, to: Math.min(total, from + PAGE_SIZE) };
}

function sortGroups(g: Group): void {
  if (!g.children) return;
  g.children = new Map([...g.children.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })));
  for (const c of g.children.values()) sortGroups(c);
}
