"""The SER Studio default encoder in PyTorch, for bench/train: same architecture, loss and optimiser.

Reads JSON on stdin: {"config": <resolved TrainConfig>, "dims": 64, "classes": 4, "batch": 32, "steps": N,
"warmup": W, "threads": T}. Trains on random data (the speed does not depend on the values) and prints
{"uttPerSecond": ..., "stepMs": [...], "torch": version, "threads": T}.
"""
import json, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

req = json.load(sys.stdin)
torch.set_num_threads(req["threads"])
torch.set_num_interop_threads(1)
cfg = req["config"]; m = cfg["model"]; dims = req["dims"]; C = req["classes"]; B = req["batch"]; T = cfg["cropFrames"]


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        width = dims * m["frameStack"]
        k = 2 * m["context"] + 1
        self.tdnn = nn.ModuleList()
        for c in m["channels"]:
            self.tdnn.append(nn.Conv1d(width, c, k, padding=m["context"]))
            width = c
        self.heads = m["attentionHeads"]
        if self.heads:
            self.ln1 = nn.LayerNorm(width); self.ln2 = nn.LayerNorm(width)
            # Written out like the engine's block (one QKV projection, scaled dot product, output projection):
            # nn.MultiheadAttention in PyTorch 1.13 on CPU was ~10x slower than these same operations.
            self.qkv = nn.Linear(width, 3 * width); self.out = nn.Linear(width, width)
            self.ffn = nn.Sequential(nn.Linear(width, 2 * width), nn.ReLU(), nn.Linear(2 * width, width))
        self.score = nn.Linear(width, m["poolingUnits"]); self.vec = nn.Linear(m["poolingUnits"], 1, bias=False)
        self.emb = nn.Linear(2 * width, m["embeddingDim"])
        self.pen = nn.Linear(m["embeddingDim"], m["penultimateDim"])
        self.cls = nn.Linear(m["penultimateDim"], C)
        self.drop = nn.Dropout(m["dropout"])

    def forward(self, x):
        b, t, f = x.shape
        h = x.reshape(b, t // m["frameStack"], f * m["frameStack"]).transpose(1, 2)
        for i, conv in enumerate(self.tdnn):
            h = F.relu(conv(h))
            if i < len(self.tdnn) - 1 and m["poolBetween"] > 1:
                h = F.avg_pool1d(h, m["poolBetween"])
        h = h.transpose(1, 2)
        if self.heads:
            n = self.ln1(h); b_, t_, c_ = n.shape; dh = c_ // self.heads
            q, k, v = self.qkv(n).reshape(b_, t_, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
            att = torch.softmax(q @ k.transpose(-1, -2) / dh ** 0.5, dim=-1)
            h = h + self.out((att @ v).transpose(1, 2).reshape(b_, t_, c_))
            h = h + self.ffn(self.ln2(h))
        w = torch.softmax(self.vec(torch.tanh(self.score(h))).squeeze(-1), dim=1).unsqueeze(-1)
        mean = (h * w).sum(1); std = torch.sqrt(torch.relu((h * h * w).sum(1) - mean * mean) + 1e-5)
        e = self.emb(torch.cat([mean, std], 1))
        p = F.relu(self.pen(self.drop(F.relu(e))))
        return e, self.cls(self.drop(p))


def contrastive(z, y, margin):
    d = torch.sqrt(torch.relu(torch.cdist(z, z) ** 2) + 1e-9)
    same = (y[:, None] == y[None, :]).float() - torch.eye(len(y))
    diff = (y[:, None] != y[None, :]).float()
    lp = (d ** 2 * same).sum() / same.sum().clamp(min=1)
    ln = (torch.relu(margin - d) ** 2 * diff).sum() / diff.sum().clamp(min=1)
    return lp + ln


model = Encoder()
opt = torch.optim.AdamW(model.parameters(), lr=cfg["optimizer"]["learningRate"], weight_decay=cfg["optimizer"]["weightDecay"])
x = torch.randn(B, T, dims); y = torch.arange(B) % C
lam = cfg["loss"]["lambda"]; margin = cfg["loss"]["margin"]
times = []
for step in range(req["warmup"] + req["steps"]):
    t0 = time.perf_counter()
    e, logits = model(x)
    loss = F.cross_entropy(logits, y, label_smoothing=cfg["loss"]["labelSmoothing"])
    if lam > 0:
        loss = loss + lam * contrastive(F.normalize(e, dim=1), y, margin)
    opt.zero_grad(); loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["optimizer"]["clipNorm"])
    opt.step()
    if step >= req["warmup"]:
        times.append((time.perf_counter() - t0) * 1000)
times.sort()
med = times[len(times) // 2]
print(json.dumps({"uttPerSecond": B * 1000 / med, "stepMs": times, "torch": torch.__version__, "threads": torch.get_num_threads()}))
