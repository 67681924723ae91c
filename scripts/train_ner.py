"""Fine-tune the base model's entity recogniser on the gold news data; write kg/models/ner/.

Usage: python scripts/train_ner.py [--data ../shared/data] [--epochs 12] [--out kg/models/ner]
Trains on CoNLL-2003 valid, CrossNER politics dev and CrossRE's train sentences (never on a test
split), holding out every fifth document of each for choosing the epoch.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from kg.eval.datasets import read_conll, read_crossner, read_crossre
from kg.nlp import available_model
from kg.train import example, fine_tune

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--limit", type=int, default=None, help="documents per dataset (for a quick run)")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "models" / "ner")
    args = parser.parse_args()
    sources = {  # every label as the dataset writes it: kg.train maps them onto the model's
        "conll2003/valid.txt": read_conll(args.data / "conll2003/valid.txt", labels=None),
        "crossner_politics/dev.txt": read_crossner(args.data / "crossner_politics/dev.txt", labels=None),
        "crossre/news-train.json": read_crossre(args.data / "crossre/news-train.json", labels=None),
        "crossre/crossre_extension/news-train.json": read_crossre(
            args.data / "crossre/crossre_extension/news-train.json", labels=None
        ),
    }
    model = available_model()
    nlp = spacy.load(model)
    train, held_out = [], []
    for documents in sources.values():
        for index, document in enumerate(documents[: args.limit]):
            (held_out if index % 5 == 4 else train).append(example(nlp, document.tokens, document.entities))
    print(f"{len(train)} training documents, {len(held_out)} held out; base model {model}")
    start = time.perf_counter()
    best = fine_tune(
        nlp,
        train,
        held_out,
        epochs=args.epochs,
        on_epoch=lambda epoch, loss, f1: print(
            f"epoch {epoch:2d}  loss {loss:9.1f}  held-out F1 {f1:.3f}  {time.perf_counter() - start:6.0f} s",
            flush=True,
        ),
    )
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(args.out, exclude=["vocab"])  # no word list from the data
    provenance = {
        "base_model": f"{model} {spacy.util.get_package_version(model)}",
        "trained_on": {name: len(documents[: args.limit]) for name, documents in sources.items()},
        "held_out_documents": len(held_out),
        "held_out_f1": round(best, 4),
        "epochs": args.epochs,
        "command": "python scripts/train_ner.py",
    }
    (args.out / "training.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"best held-out F1 {best:.3f}; weights in {args.out}")


if __name__ == "__main__":
    main()
