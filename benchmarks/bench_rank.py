"""Benchmark: the matching engine against plain dense scikit-learn on generated corpora of N x N documents.

    .venv/bin/python benchmarks/bench_rank.py [--sizes 10000 50000] [--seed 7]

Documents are 80-250 words in es/en/fr/de, drawn (with a fixed seed) from the engine's domain vocabulary,
each language's function words and a list of generic industrial words, around 3-6 topics per document.
Each system runs in a fresh child process. Phases, wall-clock and CPU time (all threads of that process):
analysis (tokens, stems, concepts, lexicon pivots, as `MatchIndex.fit` does it: in worker processes on every
core from 4,000 documents, whose resident memory is sampled every 0.1 s and printed as "worker processes
peak"), vectorising (TF-IDF blocks, low-rank projection by randomized SVD, quantisation), top-10 both ways.
Peak memory per phase is the rise of the process's peak RSS (VmHWM, reset through /proc/self/clear_refs
at the start of the phase) over its RSS at that start; "peak RSS rise" is the same over all phases.
The dense baseline is TfidfVectorizer (its analysis and vectorising are one step), cosine_similarity and
argsort both ways. Load averages are printed around each system: the timings are only comparable
between runs on an equally quiet machine; CPU time is steadier when the machine is shared.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import threading
import time

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


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def _descendants_rss_mb() -> float:
    """Resident memory of this process's descendants (the analysis workers and their forkserver), in MB."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    own, found = os.getpid(), set()
    for pid in parents:
        chain, ancestor = pid, parents.get(pid)
        while ancestor and ancestor != own and ancestor in parents:
            ancestor = parents.get(ancestor)
        if ancestor == own:
            found.add(chain)
    total = 0.0
    for pid in found:
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
        except (OSError, StopIteration):
            continue
    return total


class _Phases:
    """Wall-clock time and peak RSS rise of consecutive phases, and the peak memory of worker processes."""

    def __init__(self) -> None:
        self.start_rss = _status_mb("VmRSS")
        self.results: dict[str, float] = {}
        self._peak = 0.0

    def run(self, name: str, step):
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current RSS
        rss = _status_mb("VmRSS")
        workers, done = [0.0], threading.Event()

        def sample() -> None:  # analysis of large corpora runs in worker processes (matching/parallel.py)
            while not done.wait(0.1):
                workers[0] = max(workers[0], _descendants_rss_mb())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started, cpu = time.perf_counter(), time.process_time()
        value = step()
        self.results[f"{name} s"] = time.perf_counter() - started
        self.results[f"{name} cpu s (this process)"] = time.process_time() - cpu
        done.set()
        sampler.join()
        self.results[f"{name} peak rise MB"] = _status_mb("VmHWM") - rss
        if workers[0]:
            self.results[f"{name} worker processes peak MB"] = workers[0]
        self._peak = max(self._peak, _status_mb("VmHWM") - self.start_rss)
        return value

    def finish(self) -> dict[str, float]:
        self.results["peak RSS rise MB"] = self._peak
        return self.results


def run_engine(size: int, seed: int, queue) -> None:
    from matchmaker.matching.engine import MatchIndex, Settings
    from matchmaker.matching.fitting import Rows, fit_vectors
    from matchmaker.matching.parallel import analyse as analyse_documents
    from matchmaker.matching.topk import top_k_both_ways

    challenges, capabilities = corpus(size, "C", seed), corpus(size, "P", seed + 1)
    vocabulary = load_vocabulary()
    phases = _Phases()

    def analyse() -> Rows:  # what MatchIndex.fit does, phase by phase (on every core from 4,000 documents)
        rows = Rows(vocabulary)
        readings = [(document, False) for document in challenges] + [(document, True) for document in capabilities]
        for (_, read_limits), bags in zip(readings, analyse_documents(readings, vocabulary,
                                                                     lexicon=Settings().lexicon)):
            rows.add(bags, challenge=not read_limits)
        return rows

    rows = phases.run("analysis", analyse)
    phases.results["analysis ms per document"] = phases.results["analysis s"] / (2 * size) * 1000
    fitted = phases.run("vectorising", lambda: fit_vectors(rows, size, vocabulary, Settings()))
    index = MatchIndex(challenges, capabilities, fitted, rows.languages, Settings())
    del rows
    phases.run("top-10 both ways", lambda: top_k_both_ways(
        index._left, index._right, 10, index._left_ranks, index._right_ranks))
    phases.run("same, as id lists (all_top_k)", lambda: index.all_top_k(10))
    challenge = index.challenge_ids[0]
    index.top_capabilities(challenge, 10)
    started = time.perf_counter()
    for _ in range(20):
        index.top_capabilities(challenge, 10)
    phases.results["one ranking with explanations ms"] = (time.perf_counter() - started) / 20 * 1000
    started = time.perf_counter()
    for capability in index.capability_ids[:200]:
        index.explain(challenge, capability)
    phases.results["explain one pair ms"] = (time.perf_counter() - started) / 200 * 1000
    queue.put(phases.finish())


def run_dense(size: int, seed: int, queue) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    challenges, capabilities = corpus(size, "C", seed), corpus(size, "P", seed + 1)
    texts = [" ".join([d.title, d.description, " ".join(d.keywords)]) for d in (*challenges, *capabilities)]
    phases = _Phases()
    matrix = phases.run("analysis+vectorising", lambda: TfidfVectorizer().fit_transform(texts))

    def both_ways() -> None:
        scores = cosine_similarity(matrix[:size], matrix[size:])
        np.argsort(-scores, axis=1)[:, :10]
        np.argsort(-scores, axis=0)[:10, :]

    phases.run("top-10 both ways", both_ways)
    queue.put(phases.finish())


def measure(target, size: int, seed: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(size, seed, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _load() -> str:
    """1, 5 and 15 minute load averages: other processes on the machine change every timing."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense-limit", type=int, default=20_000, help="largest N for the dense approach")
    args = parser.parse_args()
    for size in args.sizes:
        print(f"\n== N = M = {size:,} ==   load average before: {_load()}", flush=True)
        engine = measure(run_engine, size, args.seed)
        for name, value in engine.items():
            print(f"  engine  {name:<36}{value:>10.2f}", flush=True)
        print(f"  load average after the engine: {_load()}", flush=True)
        if size > args.dense_limit:
            need = size * size * 8 / 2**30
            print(f"  dense   skipped: the N x M float64 score matrix alone would need {need:.1f} GiB")
            continue
        dense = measure(run_dense, size, args.seed)
        for name, value in dense.items():
            print(f"  dense   {name:<36}{value:>10.2f}")
        engine_fit = engine["analysis s"] + engine["vectorising s"]
        print(f"  ratio dense / engine, analysis+vectorising     {dense['analysis+vectorising s'] / engine_fit:>8.2f}")
        for name in ("top-10 both ways s", "peak RSS rise MB"):
            print(f"  ratio dense / engine, {name:<24}{dense[name] / engine[name]:>8.2f}")
        print(f"  load average after dense: {_load()}", flush=True)


if __name__ == "__main__":
    main()
