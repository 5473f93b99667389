/**
 * The webview's only link to the extension host, injected into components so tests can pass a fake.
 */
export interface HostApi<Out, State> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<Out, State>(): HostApi<Out, State>;

/** The real API inside VS Code (acquireVsCodeApi may be called once per page, so it is cached). */
let cached: unknown;
export function vscodeHostApi<Out, State>(): HostApi<Out, State> {
  cached ??= acquireVsCodeApi<Out, State>();
  return cached as HostApi<Out, State>;
}
