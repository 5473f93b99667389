"""MFCC-statistics + RBF-SVM baseline (the issue's reference pipeline), leave-one-speaker-out.

Reads JSON on stdin: {"items": [{"path", "label", "speaker"}], "sr": 16000}
Writes JSON: {"UA", "WA", "folds", "perFold": [...]} with UA/WA as the mean over held-out speakers; with
"selfConfidence": true in the request also {"selfConfidence": {path: p(given label)}} from out-of-fold
probabilities (SVC(probability=True), Platt scaling), the ranking cleanlab calls self-confidence.
Features: 20 MFCCs + deltas + delta-deltas (librosa defaults, 25 ms / 10 ms), per-utterance mean, std, min, max,
then StandardScaler fitted on the training speakers and SVC(rbf, C=10, gamma='scale', class_weight='balanced').
"""
import json, sys
import numpy as np
import librosa
from sklearn.svm import SVC
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import recall_score, accuracy_score

req = json.load(sys.stdin)
sr = req.get("sr", 16000)
X, y, spk = [], [], []
for it in req["items"]:
    wav, _ = librosa.load(it["path"], sr=sr)
    m = librosa.feature.mfcc(y=wav, sr=sr, n_mfcc=20, n_fft=512, win_length=400, hop_length=160)
    width = min(9, m.shape[1] - (1 - m.shape[1] % 2)) if m.shape[1] >= 3 else 3
    feats = [m]
    if m.shape[1] >= 3:
        w = max(3, width)
        feats += [librosa.feature.delta(m, width=w, mode="nearest"), librosa.feature.delta(m, order=2, width=w, mode="nearest")]
    else:
        feats += [np.zeros_like(m), np.zeros_like(m)]
    f = np.vstack(feats)
    X.append(np.concatenate([f.mean(1), f.std(1), f.min(1), f.max(1)]))
    y.append(it["label"]); spk.append(it["speaker"])
X = np.array(X); y = np.array(y); spk = np.array(spk)
want_sc = bool(req.get("selfConfidence"))
sc_out = {}
uas, was, per = [], [], []
for s in sorted(set(spk)):
    tr, te = spk != s, spk == s
    sc = StandardScaler().fit(X[tr])
    clf = SVC(kernel="rbf", C=10, gamma="scale", class_weight="balanced", probability=want_sc, random_state=0).fit(sc.transform(X[tr]), y[tr])
    p = clf.predict(sc.transform(X[te]))
    if want_sc:
        proba = clf.predict_proba(sc.transform(X[te]))
        cols = {c: i for i, c in enumerate(clf.classes_)}
        for row, idx in zip(proba, np.where(te)[0]):
            sc_out[req["items"][idx]["path"]] = float(row[cols[y[idx]]]) if y[idx] in cols else 0.0
    ua = 100 * recall_score(y[te], p, average="macro", labels=sorted(set(y[te])), zero_division=0)
    wa = 100 * accuracy_score(y[te], p)
    uas.append(ua); was.append(wa); per.append({"speaker": str(s), "UA": ua, "WA": wa, "n": int(te.sum())})
out = {"UA": float(np.mean(uas)), "WA": float(np.mean(was)), "folds": len(uas), "perFold": per}
if want_sc:
    out["selfConfidence"] = sc_out
print(json.dumps(out))
