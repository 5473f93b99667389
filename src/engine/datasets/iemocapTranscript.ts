/**
 * Parser of IEMOCAP's dialog/transcriptions/<dialog>.txt: `Ses01F_impro01_F000 [006.2901-008.2357]: Excuse me.`
 * Lines of other shapes (MXX/FXX turns that were never cut into sentences, lines without timing) carry no
 * utterance of the corpus and are skipped without complaint.
 */

const LINE = /^(\S+)\s+\[\s*[0-9.]+\s*-\s*[0-9.]+\s*\]\s*:\s?(.*)$/;

/** Utterance id -> transcript. */
export function parseTranscriptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const m = LINE.exec(raw.replace(/^\uFEFF/, '').trim());
    if (!m || !/_[FM]\d+$/.test(m[1])) continue;
    out.set(m[1], m[2].trim());
  }
  return out;
}
