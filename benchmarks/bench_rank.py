"""Benchmark: the matching engine against plain dense scikit-learn on generated corpora of N x N documents.

    .venv/bin/python benchmarks/bench_rank.py [--sizes 10000 50000] [--seed 7]

Documents are 80-250 words in es/en/fr/de, drawn (with a fixed seed) from the engine's domain vocabulary,
each language's function words and a list of generic industrial words, around 3-6 topics per document.
Each measurement runs in a fresh child process, so "peak memory" is the rise of that process's peak RSS
(resource.getrusage ru_maxrss) over its RSS once the corpus is generated; the top-k step is also measured
with tracemalloc (numpy and scipy arrays are traced). Timings are wall-clock.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import time
import tracemalloc

import numpy as np

from matchmaker.matching.analysis import stop_words
from matchmaker.matching.documents import Document
from matchmaker.matching.vocabulary import load_vocabulary

GENERIC = {
    "en": "line speed product customer plant quality process system operator sample test result cost month "
          "machine station conveyor format batch shift week target measure control data supplier year".split(),
    "es": "línea velocidad producto cliente planta calidad proceso sistema operario muestra ensayo resultado "
          "coste mes máquina estación cinta formato turno semana objetivo medida control datos proveedor".split(),
    "fr": "ligne cadence produit client usine qualité procédé système opérateur échantillon essai résultat "
          "coût mois machine poste convoyeur format équipe semaine objectif mesure contrôle données".split(),
    "de": "Linie Geschwindigkeit Produkt Kunde Werk Qualität Prozess System Bediener Probe Prüfung Ergebnis "
          "Kosten Monat Maschine Station Förderband Format Schicht Woche Ziel Messung Kontrolle Daten".split(),
}


def corpus(size: int, prefix: str, seed: int) -> list[Document]:
    """`size` documents, deterministic for a seed, with realistic vocabulary in four languages."""
    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    pools: dict[str, dict[str, list[str]]] = {lang: {} for lang in GENERIC}
    for (concept, lang), terms in vocabulary.terms.items():
        for language in (GENERIC if lang == "*" else [lang]):
            pools[language].setdefault(concept, []).extend(t.strip("*") for t in terms)
    stops = {lang: sorted(stop_words(lang)) for lang in GENERIC}
    documents = []
    for i in range(size):
        lang = rng.choice(list(GENERIC))
        topics = rng.sample(sorted(pools[lang]), rng.randint(3, 6))

        def word() -> str:
            roll = rng.random()
            if roll < 0.35:
                return rng.choice(stops[lang])
            if roll < 0.65:
                return rng.choice(pools[lang][rng.choice(topics)])
            if roll < 0.85:
                return rng.choice(GENERIC[lang])
            return f"{rng.choice(GENERIC[lang])}{rng.randint(0, 999)}"  # product codes, rare words

        title = " ".join(word() for _ in range(rng.randint(6, 12)))
        body = " ".join(word() for _ in range(rng.randint(80, 250)))
        keywords = tuple(rng.choice(pools[lang][rng.choice(topics)]) for _ in range(rng.randint(0, 4)))
        documents.append(Document(f"{prefix}{i:06d}", title, body, keywords, lang))
    return documents


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def run_engine(size: int, seed: int, queue) -> None:
    from matchmaker.matching.engine import MatchIndex
    from matchmaker.matching.topk import top_k_both_ways

    challenges, capabilities = corpus(size, "C", seed), corpus(size, "P", seed + 1)
    start_rss = _current_rss_mb()
    started = time.perf_counter()
    index = MatchIndex.fit(challenges, capabilities)
    fitted = time.perf_counter()
    tracemalloc.start()
    top_k_both_ways(index._left, index._right_t, 10, index._left_ranks, index._right_ranks)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    done = time.perf_counter()
    queue.put({
        "analysis+vectorising s": fitted - started,
        "top-10 both ways s": done - fitted,
        "full pipeline s": done - started,
        "peak RSS rise MB": _rss_mb() - start_rss,
        "top-k tracemalloc peak MB": traced_peak / 2**20,
    })


def run_dense(size: int, seed: int, queue) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    challenges, capabilities = corpus(size, "C", seed), corpus(size, "P", seed + 1)
    texts = [" ".join([d.title, d.description, " ".join(d.keywords)]) for d in (*challenges, *capabilities)]
    start_rss = _current_rss_mb()
    started = time.perf_counter()
    matrix = TfidfVectorizer().fit_transform(texts)
    fitted = time.perf_counter()
    scores = cosine_similarity(matrix[:size], matrix[size:])
    np.argsort(-scores, axis=1)[:, :10]
    np.argsort(-scores, axis=0)[:10, :]
    done = time.perf_counter()
    queue.put({
        "analysis+vectorising s": fitted - started,
        "top-10 both ways s": done - fitted,
        "full pipeline s": done - started,
        "peak RSS rise MB": _rss_mb() - start_rss,
    })


def measure(target, size: int, seed: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(size, seed, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense-limit", type=int, default=20_000, help="largest N for the dense approach")
    args = parser.parse_args()
    for size in args.sizes:
        print(f"\n== N = M = {size:,} ==")
        engine = measure(run_engine, size, args.seed)
        for name, value in engine.items():
            print(f"  engine  {name:<28}{value:>10.2f}")
        if size > args.dense_limit:
            need = size * size * 8 / 2**30
            print(f"  dense   skipped: the N x M float64 score matrix alone would need {need:.1f} GiB")
            continue
        dense = measure(run_dense, size, args.seed)
        for name, value in dense.items():
            print(f"  dense   {name:<28}{value:>10.2f}")
        for name in ("top-10 both ways s", "full pipeline s", "peak RSS rise MB"):
            print(f"  ratio dense / engine, {name:<21}{dense[name] / engine[name]:>8.2f}")


if __name__ == "__main__":
    main()
