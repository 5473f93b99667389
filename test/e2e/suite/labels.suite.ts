/**
 * SER Studio through the `vscode` API, part 1: activation and commands, the demo corpus found in the workspace,
 * the Datasets tree as its provider builds it, labels set by command (digit key command and the Set Label... quick
 * pick) recorded in the sidecar as the annotator, undo, and the utterance panel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Ext } from '../../../src/extension/ext';
import type { DatasetModel, TreeNode } from '../../../src/extension/core/datasetModel';
import { ANNOTATOR, EXTENSION_ID, closeEditors, configure, demoDataset, panels, serExt, sidecar, until } from './helpers';

describe('SER Studio: dataset, tree and labels (vscode API)', () => {
  let ext: Ext;
  let m: DatasetModel;
  let utt: Extract<TreeNode, { kind: 'utterance' }>;

  before(async () => {
    ext = await serExt();
    await configure({ 'labels.annotator': ANNOTATOR });
    m = await demoDataset(ext);
  });

  it('registers every command it contributes', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = pkg.contributes.commands.map((c) => c.command).filter((id) => !all.has(id));
    assert.deepEqual(missing, []);
  });

  it('finds the demo corpus in the workspace: an IEMOCAP with three sessions and its wrong labels', () => {
    assert.equal(m.listing.format, 'iemocap');
    assert.deepEqual([...new Set([...m.allRows()].map((r) => r.session))].sort(), ['Ses01', 'Ses02', 'Ses03']);
    assert.ok(m.size >= 30, `only ${m.size} usable utterances`);
    assert.equal(ext.service.active()?.root, m.root);
  });

  it('the Datasets tree lists the dataset, its sessions and dialogs, and every utterance once', () => {
    const tree = ext.datasetTree;
    const [ds] = tree.getChildren();
    assert.equal(ds.kind, 'dataset');
    assert.match(String(tree.getTreeItem(ds).description), /iemocap · \d+ utterances/);
    const sessions = tree.getChildren(ds);
    assert.deepEqual(sessions.map((s) => tree.getTreeItem(s).label), ['Ses01', 'Ses02', 'Ses03']);
    const leaves: Extract<TreeNode, { kind: 'utterance' }>[] = [];
    const walk = (n: TreeNode) => {
      for (const c of tree.getChildren(n)) {
        if (c.kind === 'utterance') leaves.push(c);
        else walk(c);
      }
    };
    walk(ds);
    assert.equal(leaves.length, m.size);
    assert.equal(new Set(leaves.map((l) => l.id)).size, m.size);
    utt = leaves[0];
    const item = tree.getTreeItem(utt);
    assert.equal(item.command?.command, 'ser.openUtterance');
    assert.match(String(item.description), /^(ang|hap|neu|sad)\b/);
  });

  it('a digit key (Set Label by Number on the selected utterance) writes the sidecar as the annotator; Undo withdraws it', async () => {
    await ext.datasetView.reveal(utt, { select: true, focus: true });
    await until('the selection', () => ext.lastSelected()?.id === utt.id);
    const before = m.row(utt.id)!.className!;
    const index = before === 'sad' ? 2 : 4;
    const target = m.classes[index - 1];
    await vscode.commands.executeCommand('ser.setLabelByIndex', { index, view: 'datasets' });
    const rec = sidecar(m).find((r) => r.op === 'set' && r.utt === utt.id);
    assert.deepEqual(rec && { utt: rec.utt, old: rec.old, new: rec.new, who: rec.who }, { utt: utt.id, old: before, new: target, who: ANNOTATOR });
    assert.equal(m.row(utt.id)?.className, target);
    assert.match(String(ext.datasetTree.getTreeItem(utt).description), new RegExp(`^${target}`));
    await vscode.commands.executeCommand('ser.undoLabel');
    assert.ok(sidecar(m).some((r) => r.op === 'undo' && r.utt === utt.id && r.who === ANNOTATOR));
    assert.equal(m.row(utt.id)?.className, before);
  });

  it('Set Label... shows a quick pick of the classes; the chosen one is recorded', async () => {
    const before = m.row(utt.id)!.className!;
    const n = sidecar(m).length;
    const pending = vscode.commands.executeCommand('ser.setLabel', utt);
    // The picker lists the classes in order, the current one checked: move to another and accept it.
    const steps = m.classes.indexOf(before) === 0 ? 1 : 0;
    await new Promise((r) => setTimeout(r, 800));
    if (steps) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await pending;
    const rec = await until('the picked label in the sidecar', () => sidecar(m).slice(n).find((r) => r.op === 'set' && r.utt === utt.id));
    assert.notEqual(rec.new, before);
    assert.equal(rec.who, ANNOTATOR);
    await vscode.commands.executeCommand('ser.undoLabel');
    assert.equal(m.row(utt.id)?.className, before);
  });

  it('Open Utterance shows the utterance panel', async () => {
    await closeEditors();
    await vscode.commands.executeCommand('ser.openUtterance', utt);
    const tab = await until('the utterance panel', () => panels('ser.utterance')[0]);
    assert.match(tab.label, /SER|Ses\d\d/);
  });
});
