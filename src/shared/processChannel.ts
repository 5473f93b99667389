/**
 * A Channel over Node child-process IPC (process.send / 'message'). Used by both ends: the host wraps the
 * ChildProcess, the worker wraps its own `process`. Structural types keep this file free of Node imports.
 */
import type { Channel, Envelope } from './rpc';

export interface IpcEndpoint {
  send?(message: unknown): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  readonly connected?: boolean;
}

export function ipcChannel(endpoint: IpcEndpoint): Channel {
  return {
    post(message: Envelope): void {
      if (!endpoint.send || endpoint.connected === false) throw new Error('the IPC channel is closed');
      endpoint.send(message);
    },
    onMessage(listener) {
      endpoint.on('message', listener);
      return { dispose: () => void endpoint.off('message', listener) };
    },
  };
}
