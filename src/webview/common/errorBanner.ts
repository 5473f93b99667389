import { html, nothing, type TemplateResult } from 'lit';
import type { ViewError } from '../../shared/views/audioSource';

/** How every view shows a host request that failed (or nothing when none did), so wording and alert role stay alike. */
export function errorBanner(error: ViewError | undefined): TemplateResult | typeof nothing {
  return error ? html`<div class="error" role="alert">${error.action} failed: ${error.message}</div>` : nothing;
}
