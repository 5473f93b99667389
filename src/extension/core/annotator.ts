/**
 * Who the label store records as the author of a change: the "ser.labels.annotator" setting, else git's
 * user.name (the name a team already uses in its history), else the OS user.
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';

export interface AnnotatorSources {
  setting: string;
  /** `git config user.name` in the dataset's folder; undefined when git is absent or has no name. */
  gitUserName(): Promise<string | undefined>;
  osUser(): string;
}

export async function resolveAnnotator(src: AnnotatorSources): Promise<{ name: string; from: 'setting' | 'git' | 'os' }> {
  const setting = src.setting.trim();
  if (setting) return { name: setting, from: 'setting' };
  const git = (await src.gitUserName().catch(() => undefined))?.trim();
  if (git) return { name: git, from: 'git' };
  return { name: src.osUser().trim() || 'unknown', from: 'os' };
}

/** git's user.name as seen from `cwd` (repository config first, then global), with a short timeout. */
export function gitUserName(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000, windowsHide: true }, (err, stdout) => {
      resolve(err ? undefined : stdout.trim() || undefined);
    });
  });
}

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}
