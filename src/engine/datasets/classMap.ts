/**
 * Class maps: which corpus codes a model learns and under which class names, e.g. "ang,hap+exc,neu,sad" (the
 * usual 4-class IEMOCAP setup, excited merged into happy). Codes outside the map are not used.
 */
import { SerError } from '../errors';
import type { DatasetFormat } from './utterance';
import { normaliseLabel } from './labelAliases';

/** `classes` in output order; `codeToClass` maps each corpus code to its class name. */
export interface ClassMap {
  classes: string[];
  codeToClass: Record<string, string>;
}

/** Named specs accepted by parseClassMap. */
export const CLASS_MAP_PRESETS: Readonly<Record<string, string>> = {
  '4class': 'ang,hap+exc,neu,sad',
  '5class': 'ang,hap+exc,neu,sad,fru',
};

const FOUR = ['ang', 'hap', 'neu', 'sad'];

/**
 * Parses "ang,hap+exc,neu,sad", "happy=hap+exc,sad" or a preset name ("4class", "5class"). A class without
 * "name=" is named after its first code. Codes go through the label alias table ("angry" means "ang").
 * Throws SerError 'usage' for empty entries and codes or class names used twice.
 */
export function parseClassMap(spec: string): ClassMap {
  const trimmed = spec.trim();
  const preset = CLASS_MAP_PRESETS[trimmed.toLowerCase()];
  const text = preset ?? trimmed;
  if (text === '') throw usage(spec, 'it is empty; give classes like "ang,hap+exc,neu,sad" or a preset (4class, 5class)');
  const classes: string[] = [];
  const codeToClass: Record<string, string> = {};
  text.split(',').forEach((raw, i) => {
    const entry = raw.trim();
    if (entry === '') throw usage(spec, `entry ${i + 1} is empty (two commas in a row, or a comma at an end)`);
    const eq = entry.indexOf('=');
    const named = eq >= 0 ? entry.slice(0, eq).trim() : undefined;
    if (named !== undefined && (named === '' || /[+=]/.test(named))) {
      throw usage(spec, `entry ${i + 1} "${entry}" needs a class name before "=" (like happy=hap+exc)`);
    }
    const codes = (eq >= 0 ? entry.slice(eq + 1) : entry).split('+').map((c) => c.trim());
    if (codes.some((c) => c === '')) throw usage(spec, `entry ${i + 1} "${entry}" has an empty code (like "hap+" or "=hap")`);
    const norm = codes.map((c) => normaliseLabel(c)!);
    const name = named ?? norm[0];
    if (classes.includes(name)) throw usage(spec, `class "${name}" is given twice`);
    for (let k = 0; k < norm.length; k++) {
      const prev = codeToClass[norm[k]];
      if (Object.prototype.hasOwnProperty.call(codeToClass, norm[k])) {
        const same = prev === name ? `twice in class "${name}"` : `in both class "${prev}" and class "${name}"`;
        throw usage(spec, `code "${codes[k]}" appears ${same}`);
      }
      codeToClass[norm[k]] = name;
    }
    classes.push(name);
  });
  return { classes, codeToClass };
}

function usage(spec: string, why: string): SerError {
  return new SerError('usage', undefined, `class map "${spec}": ${why}`);
}

/**
 * The map used when none is given. IEMOCAP: the standard 4 classes (hap and exc merged), the paper's setting, since
 * its other codes are rare or not emotions (xxx, oth). The acted corpora (EmoDB, RAVDESS, CREMA-D) were recorded
 * for a fixed set of emotions and are used with all of them (EmoDB's 7, RAVDESS's 8, CREMA-D's 6). Manifests and
 * class folders: the 4 classes when at least two of ang/hap/neu/sad occur, else every label seen.
 */
export function defaultClassMap(format: DatasetFormat, labelsSeen: string[]): ClassMap {
  const every = (): ClassMap => {
    const classes = [...new Set(labelsSeen)].filter((l) => l !== '').sort();
    return { classes, codeToClass: Object.fromEntries(classes.map((c) => [c, c])) };
  };
  if (format === 'emodb' || format === 'ravdess' || format === 'cremad') return every();
  if (format === 'manifest' || format === 'folders') {
    const seen = new Set(labelsSeen);
    if (FOUR.filter((c) => seen.has(c)).length < 2) return every();
  }
  return parseClassMap(CLASS_MAP_PRESETS['4class']);
}

/** The class of corpus code `label` under `map`, or undefined when the map leaves it out. */
export function classOf(map: ClassMap, label: string | undefined): string | undefined {
  if (label === undefined || !Object.prototype.hasOwnProperty.call(map.codeToClass, label)) return undefined;
  return map.codeToClass[label];
}
