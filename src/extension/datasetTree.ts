/**
 * The "SER Studio" view container's two trees: Datasets (dataset, then sessions / speakers / dialogs, then
 * utterances with their effective label, prediction, evaluator agreement and suspect rank) and Review (the current
 * run's suspects in rank order, where digit keys set a label and j/k move). Children come from DatasetModel,
 * computed per expanded node, so a 10k-utterance corpus opens without building 10k items up front.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetService } from './core/datasetService';
import { describeFilter, filterIsEmpty, nodeId, type DatasetModel, type TreeNode } from './core/datasetModel';
import { describeUtterance, percent } from './core/utteranceText';
import type { GroupBy } from './core/settings';

const CLASS_COLOURS = ['charts.red', 'charts.yellow', 'charts.green', 'charts.blue', 'charts.purple', 'charts.orange'];

export function classColour(m: DatasetModel, className: string | null): vscode.ThemeColor | undefined {
  const i = className === null ? -1 : m.classes.indexOf(className);
  return i < 0 ? undefined : new vscode.ThemeColor(CLASS_COLOURS[i % CLASS_COLOURS.length]);
}

export class DatasetTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly service: DatasetService,
    private readonly groupBy: () => GroupBy,
  ) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.service.datasets().map((m) => ({ kind: 'dataset', root: m.root }));
    const m = this.service.model(node.root);
    return m ? m.children(node, this.service.filter, this.groupBy()) : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.service.model(node.root)?.parent(node, this.service.filter, this.groupBy());
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const m = this.service.model(node.root);
    const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = nodeId(node);
    switch (node.kind) {
      case 'dataset': {
        const active = this.service.active()?.root === node.root;
        item.label = path.basename(node.root);
        const run = m?.overlay?.run;
        item.description = `${m?.listing.format ?? ''} · ${m?.size ?? 0} utterances${run?.metrics ? ` · UA ${run.metrics.UA.toFixed(1)}%` : ''}${active && this.service.datasets().length > 1 ? ' · active' : ''}`;
        const counts = m ? m.classes.map((c) => `${c} ${[...m.allRows()].filter((r) => r.className === c).length}`).join(', ') : '';
        item.tooltip = new vscode.MarkdownString(
          [`**${node.root}**`, '', `${m?.listing.format}: ${counts}`, `Corrections: \`${m?.listing.sidecar}\``, run ? `Run: \`${run.runDir}\` (${run.status}${run.metrics ? `, UA ${run.metrics.UA.toFixed(2)}%, WA ${run.metrics.WA.toFixed(2)}%` : ''})` : 'No run open'].join('  \n'),
        );
        item.iconPath = new vscode.ThemeIcon(active ? 'database' : 'circle-outline');
        item.contextValue = active ? 'ser.dataset.active' : 'ser.dataset';
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        return item;
      }
      case 'group':
        item.label = node.path[node.path.length - 1];
        item.description = `${node.count}`;
        item.iconPath = new vscode.ThemeIcon(node.level === 'dialog' ? 'comment-discussion' : node.level === 'speaker' ? 'person' : 'folder');
        item.contextValue = `ser.group.${node.level}`;
        return item;
      case 'page':
        item.label = `${node.from + 1}–${node.to}`;
        item.iconPath = new vscode.ThemeIcon('list-unordered');
        return item;
      case 'problems':
        item.label = `${node.count} problem${node.count === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
        return item;
      case 'problem':
        item.label = path.basename(node.file);
        item.description = node.message;
        item.tooltip = `${node.file}: ${node.message}`;
        item.collapsibleState = vscode.TreeItemCollapsibleState.None;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.file)] };
        return item;
      case 'utterance': {
        const r = m?.row(node.id);
        item.collapsibleState = vscode.TreeItemCollapsibleState.None;
        if (!m || !r) {
          item.label = node.id;
          return item;
        }
        const t = describeUtterance(r, m);
        item.label = t.label;
        item.description = t.description;
        item.tooltip = new vscode.MarkdownString(t.tooltip);
        item.contextValue = t.contextValue;
        const colour = classColour(m, r.className);
        item.iconPath =
          t.mark === 'corrected'
            ? new vscode.ThemeIcon('edit', colour)
            : t.mark === 'suspect'
              ? new vscode.ThemeIcon('warning', colour)
              : t.mark === 'outside'
                ? new vscode.ThemeIcon('circle-slash')
                : t.mark === 'mispredicted'
                  ? new vscode.ThemeIcon('circle-large-outline', colour)
                  : new vscode.ThemeIcon('circle-filled', colour);
        item.command = { command: 'ser.openUtterance', title: 'Open Utterance', arguments: [node, { preserveFocus: true }] };
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  /** The view's description: the active filter, if any. */
  description(): string | undefined {
    const f = this.service.filter;
    return filterIsEmpty(f) ? undefined : `filter: ${describeFilter(f)}`;
  }
}

/** A suspect in the Review tree. */
export interface ReviewNode {
  root: string;
  id: string;
  rank: number;
}

export class ReviewTreeProvider implements vscode.TreeDataProvider<ReviewNode> {
  private readonly emitter = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly service: DatasetService) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    if (node) return [];
    const m = this.service.active();
    return m ? m.suspectBriefs.map((s, i) => ({ root: m.root, id: s.id, rank: i + 1 })) : [];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    const m = this.service.model(node.root);
    const s = m?.suspectBriefs[node.rank - 1];
    const r = m?.row(node.id);
    const item = new vscode.TreeItem(`${node.rank}. ${node.id}`, vscode.TreeItemCollapsibleState.None);
    item.id = `r|${node.root}|${node.id}`;
    if (m && s && r) {
      const now = r.className ?? r.label ?? '(none)';
      const fixed = now !== s.label;
      item.description = fixed ? `${s.label} → ${now} ✎ (suggested ${s.suggested})` : `${s.label} → ${s.suggested}? ${percent(s.suggestedProbability)} · ${s.category}`;
      item.tooltip = new vscode.MarkdownString(`${describeUtterance(r, m).tooltip}  \nSuspicion ${s.score.toFixed(3)}: ${s.category}, suggested **${s.suggested}** (${percent(s.suggestedProbability)})  \nKeys: 1–${Math.min(9, m.classes.length)} set ${m.classes.slice(0, 9).join(' / ')}, j / k next / previous`);
      item.iconPath = new vscode.ThemeIcon(fixed ? 'check' : s.category === 'likely-wrong' ? 'warning' : 'question', classColour(m, r.className));
      item.contextValue = 'ser.utterance.suspect';
    }
    item.command = { command: 'ser.openUtterance', title: 'Open Utterance', arguments: [{ kind: 'utterance', root: node.root, id: node.id }, { preserveFocus: true }] };
    return item;
  }
}
