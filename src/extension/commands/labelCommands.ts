/**
 * Label editing from the palette, the trees' context menus and the review keys: Set Label... (a quick pick with
 * the votes and the prediction of every class), digit keys, undo / redo, and suspect navigation. Every change goes
 * through the label store in the worker, as the annotator.
 */
import * as vscode from 'vscode';
import type { Ext } from '../ext';
import type { TreeNode } from '../core/datasetModel';
import type { ReviewNode } from '../datasetTree';
import { labelChoices, labelText } from '../core/utteranceText';
import { checkTrusted } from '../ui';
import { UtteranceView } from '../views';
import { rootOf } from './datasetCommands';

/** The utterance a command is about: its argument, else the one selected last in either tree. */
export function targetUtterance(ext: Ext, arg: unknown): { root: string; id: string } | undefined {
  if (typeof arg === 'string') {
    const root = ext.service.active()?.root;
    return root ? { root, id: arg } : undefined;
  }
  if (arg && typeof arg === 'object') {
    const o = arg as { kind?: string; root?: unknown; id?: unknown };
    if (typeof o.root === 'string' && typeof o.id === 'string' && (o.kind === undefined || o.kind === 'utterance')) return { root: o.root, id: o.id };
  }
  return ext.lastSelected();
}

/**
 * How ser.openUtterance shows the utterance: its trees' rows pass `{ preserveFocus: true }` after the utterance, so
 * a click or Enter on a row leaves the focus in the tree (as the Explorer does) and its keys go on working there.
 */
export function openOptions(arg: unknown): { preserveFocus: boolean } {
  return { preserveFocus: !!arg && typeof arg === 'object' && (arg as { preserveFocus?: unknown }).preserveFocus === true };
}

/** The utterance selected in one tree (the keys name the tree that had the focus). */
function selectedIn(ext: Ext, view: 'review' | 'datasets'): { root: string; id: string } | undefined {
  if (view === 'review') {
    const r = ext.reviewView.selection[0];
    return r ? { root: r.root, id: r.id } : undefined;
  }
  const n = ext.datasetView.selection.find((x): x is Extract<TreeNode, { kind: 'utterance' }> => x.kind === 'utterance');
  return n ? { root: n.root, id: n.id } : undefined;
}

async function pickUtterance(ext: Ext): Promise<{ root: string; id: string } | undefined> {
  const m = ext.service.active();
  if (!m) throw new Error('no dataset is open');
  const items = [...m.allRows()].map((r) => ({ label: r.id, description: labelText(r), id: r.id }));
  const pick = await vscode.window.showQuickPick(items, { title: 'SER: set the label of which utterance?', matchOnDescription: true });
  return pick ? { root: m.root, id: pick.id } : undefined;
}

export async function setLabel(ext: Ext, arg?: unknown, label?: string): Promise<void> {
  checkTrusted('Changing labels');
  const t = targetUtterance(ext, arg) ?? (await pickUtterance(ext));
  if (!t) return;
  const m = ext.service.model(t.root);
  const r = m?.row(t.id);
  if (!m || !r) throw new Error(`utterance ${t.id} is not in the dataset`);
  let chosen = label;
  if (chosen === undefined) {
    const choices = labelChoices(r, m);
    type Item = vscode.QuickPickItem & { value?: string };
    const items: Item[] = [];
    let other = false;
    for (const c of choices) {
      if (!c.inClassMap && !other) {
        items.push({ label: 'other labels (outside the class map)', kind: vscode.QuickPickItemKind.Separator });
        other = true;
      }
      items.push({ label: `${c.current ? '$(check) ' : ''}${c.label}`, description: c.description, value: c.label });
    }
    const p = m.prediction(t.id);
    const pick = await vscode.window.showQuickPick(items, {
      title: `SER: label of ${t.id} — now ${labelText(r)}${p ? `; model: ${p.predicted} ${Math.round(100 * p.confidence)}%` : ''}`,
      placeHolder: 'Choose the label (the corpus is never changed: corrections go to .ser/labels.jsonl)',
      matchOnDescription: true,
    });
    chosen = pick?.value;
  }
  if (chosen === undefined) return;
  const res = await ext.service.setLabel(t.root, t.id, chosen);
  if (res.change) void vscode.window.setStatusBarMessage(`SER: ${t.id} → ${res.change.label} (undo: SER: Undo Label Change)`, 5000);
  else void vscode.window.setStatusBarMessage(`SER: ${t.id} is already ${chosen}`, 4000);
}

/** Digit key n in a tree: classes[n-1] for its selected utterance; in the Review tree, then on to the next suspect. */
export async function setLabelByIndex(ext: Ext, arg: unknown): Promise<void> {
  const m = ext.service.active();
  const a = (arg && typeof arg === 'object' ? arg : { index: arg }) as { index?: unknown; view?: unknown };
  const n = typeof a.index === 'number' ? a.index : Number(a.index);
  if (!m || !Number.isInteger(n) || n < 1 || n > m.classes.length) return;
  const view = a.view === 'review' ? 'review' : a.view === 'datasets' ? 'datasets' : undefined;
  const t = view ? selectedIn(ext, view) : targetUtterance(ext, undefined);
  if (!t) {
    void vscode.window.setStatusBarMessage('SER: select an utterance first', 3000);
    return;
  }
  await setLabel(ext, t, ext.service.model(t.root)?.classes[n - 1] ?? m.classes[n - 1]);
  if (view === 'review') await moveSuspect(ext, 1, { keyboard: true });
}

export async function undoRedo(ext: Ext, which: 'undo' | 'redo', arg?: unknown): Promise<void> {
  checkTrusted(which === 'undo' ? 'Undoing label changes' : 'Redoing label changes');
  const root = rootOf(ext, arg);
  if (!root || !ext.service.model(root)) throw new Error('no dataset is open');
  const r = which === 'undo' ? await ext.service.undo(root) : await ext.service.redo(root);
  const who = await ext.annotator();
  if (!r.change) {
    void vscode.window.showInformationMessage(`SER: nothing to ${which} for ${who}.`);
    return;
  }
  void vscode.window.setStatusBarMessage(`SER: ${which === 'undo' ? 'undid' : 'redid'} — ${r.change.utt} is ${r.change.label ?? '(none)'}${r.nextUndo ? `; next undo: ${r.nextUndo.utt}` : ''}`, 6000);
}

/**
 * Next / previous suspect of the current run, shown in the utterance view. From the keys (j / k in the Review tree)
 * the selection moves and the focus stays in the tree (the view follows without taking it), so the next digit
 * labels it; from the palette the utterance view takes the focus.
 */
export async function moveSuspect(ext: Ext, step: 1 | -1, options: { keyboard?: boolean } = {}): Promise<void> {
  const m = ext.service.active();
  if (!m) throw new Error('no dataset is open');
  if (m.suspects.length === 0) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SER: scoring suspects', cancellable: true }, (progress, token) => {
      const c = new AbortController();
      token.onCancellationRequested(() => c.abort());
      return ext.service.loadSuspects(m.root, { signal: c.signal, onProgress: (stage, f) => progress.report({ message: `${stage} ${Math.round(100 * f)}%` }) });
    });
  }
  if (m.suspects.length === 0) {
    void vscode.window.showInformationMessage('SER: the current run has no suspects.');
    return;
  }
  const cur = (ext.reviewView.visible ? ext.reviewView.selection[0]?.id : undefined) ?? lastSuspect.get(m.root);
  const i = cur === undefined ? -1 : m.suspects.indexOf(cur);
  const next = i < 0 ? (step > 0 ? 0 : m.suspects.length - 1) : Math.min(m.suspects.length - 1, Math.max(0, i + step));
  const id = m.suspects[next];
  lastSuspect.set(m.root, id);
  const node: ReviewNode = { root: m.root, id, rank: next + 1 };
  if (ext.reviewView.visible) await ext.reviewView.reveal(node, { select: true, focus: options.keyboard === true }).then(undefined, () => undefined);
  UtteranceView.show(ext.context, ext.data, id, undefined, { preserveFocus: options.keyboard === true });
  if (i === next) void vscode.window.setStatusBarMessage(`SER: ${step > 0 ? 'last' : 'first'} suspect`, 3000);
}

const lastSuspect = new Map<string, string>();
