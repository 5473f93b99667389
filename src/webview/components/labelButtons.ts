/** <ser-label-buttons>: one button per class (digit key shown), the current label pressed; emits `set-label`. */
import { LitElement, css, html } from 'lit';
import { baseStyles } from '../common/styles';

export class LabelButtonsElement extends LitElement {
  static override properties = {
    classes: { attribute: false },
    current: { type: String },
    suggested: { type: String },
    colours: { attribute: false },
    disabled: { type: Boolean },
  };

  classes: string[] = [];
  current: string | null = null;
  /** Marked as the suggestion (a dashed outline). */
  suggested: string | undefined;
  colours: string[] = [];
  disabled = false;

  static override styles = [
    baseStyles,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 4px; }
      button { display: inline-flex; align-items: center; gap: 6px; }
      .swatch { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
      button.suggested { outline: 1px dashed var(--vscode-focusBorder); outline-offset: 1px; }
    `,
  ];

  override render() {
    return html`${this.classes.map(
      (c, i) => html`<button
        class="secondary ${c === this.suggested ? 'suggested' : ''}"
        aria-pressed=${c === this.current ? 'true' : 'false'}
        aria-keyshortcuts=${i < 9 ? String(i + 1) : ''}
        title=${`Label ${c}${i < 9 ? ` (${i + 1})` : ''}${c === this.suggested ? ' — suggested' : ''}`}
        ?disabled=${this.disabled}
        @click=${() => this.dispatchEvent(new CustomEvent('set-label', { detail: c, bubbles: true, composed: true }))}
      ><span class="swatch" style="background:${this.colours[i] ?? 'transparent'}"></span>${c}${i < 9 ? html` <kbd>${i + 1}</kbd>` : ''}</button>`,
    )}`;
  }
}

customElements.define('ser-label-buttons', LabelButtonsElement);

declare global {
  interface HTMLElementTagNameMap {
    'ser-label-buttons': LabelButtonsElement;
  }
}
