import { css } from 'lit';

/** Styles every view component shares: theme colours, buttons, focus rings, chips, lists. */
export const baseStyles = css`
  :host { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  button {
    color: var(--vscode-button-foreground); background: var(--vscode-button-background);
    border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; cursor: pointer; font: inherit; border-radius: 2px;
  }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button[aria-pressed='true'], button.secondary[aria-pressed='true'] { outline: 1px solid var(--vscode-focusBorder); color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:disabled { opacity: 0.5; cursor: default; }
  :focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
  select, input[type='number'] {
    color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background);
    border: 1px solid var(--vscode-dropdown-border, transparent); font: inherit; padding: 2px 4px;
  }
  kbd {
    font-family: var(--vscode-editor-font-family, monospace); font-size: 0.85em; padding: 0 4px; border-radius: 3px;
    border: 1px solid var(--vscode-keybindingLabel-border, var(--vscode-widget-border, #8884));
    background: var(--vscode-keybindingLabel-background, transparent); color: var(--vscode-keybindingLabel-foreground, inherit);
  }
  .chip { display: inline-block; padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; font-size: 0.9em; white-space: nowrap; }
  .muted { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); border-left: 3px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); padding: 4px 8px; margin: 4px 0; }
  .num { font-variant-numeric: tabular-nums; text-align: right; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 12px 0 4px; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 1px 8px 1px 0; }
  th { font-weight: 600; color: var(--vscode-descriptionForeground); }
  [role='listbox'] { list-style: none; margin: 0; padding: 0; overflow: auto; outline: none; }
  [role='listbox']:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  [role='option'] { padding: 2px 6px; cursor: pointer; border: 1px solid transparent; }
  [role='option']:hover { background: var(--vscode-list-hoverBackground); }
  [role='option'][aria-selected='true'] { background: var(--vscode-list-inactiveSelectionBackground); color: var(--vscode-list-inactiveSelectionForeground, inherit); }
  [role='listbox']:focus [role='option'][aria-selected='true'] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); outline: 1px solid var(--vscode-list-focusOutline, var(--vscode-focusBorder)); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
