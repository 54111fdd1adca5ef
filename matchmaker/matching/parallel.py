"""Analysis of large corpora on every core, with the same bags as analysing them one by one.

Analysing a document (tokens, stems, concepts, lexicon pivots) is pure Python, about half a millisecond, so
100,000 documents take most of a minute on one core. From `PARALLEL_MIN_DOCUMENTS` on, chunks of documents go
to worker processes that each build their analyser, concept matcher and lexicon once and send back the bags
of a chunk; the caller receives them in the original order, so the index is the same as in-process.

Workers start with "forkserver" (or "spawn" where there is none), never "fork": `MatchIndex.fit` may run in a
thread of a web process, and a child forked while other threads hold locks can hang. As with any
multiprocessing, a script that fits a large index must guard its entry point (`if __name__ == "__main__":`):
workers import the main module. If workers cannot start (a daemonic process, no shared memory...) or fail,
the documents not yet analysed are analysed in-process, with the same result.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterator, Sequence

from matchmaker.matching.analysis import Analyzer
from matchmaker.matching.documents import Document
from matchmaker.matching.features import Bags, document_bags
from matchmaker.matching.lexicon import Lexicon, packaged_lexicon
from matchmaker.matching.vocabulary import Concept, ConceptMatcher, Vocabulary

#: Fewer documents than this (both sides together) are analysed in-process: starting workers costs about
#: half a second, and the web app refits small corpora on every edit.
PARALLEL_MIN_DOCUMENTS = 4000
#: Documents per task: enough that sending them costs little, few enough that every core stays busy.
CHUNK_DOCUMENTS = 500

_log = logging.getLogger(__name__)

#: A worker's analyser, concept matcher and lexicon, built once by `_start_worker`.
_worker: tuple[Analyzer, ConceptMatcher, Lexicon | None] | None = None


def analyse(readings: Sequence[tuple[Document, bool]], vocabulary: Vocabulary, *, lexicon: bool) -> Iterator[Bags]:
    """The bags of each (document, read its stated limits?), in order; see the module docstring."""
    done = 0
    cores = _cores()
    if len(readings) >= PARALLEL_MIN_DOCUMENTS and cores > 1:
        try:
            for bags in _in_workers(readings, vocabulary, lexicon, cores):
                yield bags
                done += 1
        except Exception as error:  # noqa: BLE001 - whatever stops the pool, in-process analysis gives the same bags
            _log.warning("analysing documents %d to %d in-process: worker processes failed (%r)",
                         done, len(readings), error)
    if done < len(readings):
        analyzer = Analyzer()
        matcher = ConceptMatcher(vocabulary, analyzer)
        pivots = packaged_lexicon() if lexicon else None
        for document, read_limits in readings[done:]:
            yield document_bags(document, analyzer, matcher, read_limits=read_limits, lexicon=pivots)


def _cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _in_workers(readings: Sequence[tuple[Document, bool]], vocabulary: Vocabulary, lexicon: bool,
                cores: int) -> Iterator[Bags]:
    """Bags from one worker per core, chunk by chunk in order; at most two chunks per worker wait unread."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    chunks = (readings[start:start + CHUNK_DOCUMENTS] for start in range(0, len(readings), CHUNK_DOCUMENTS))
    pool = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(_picklable(vocabulary), lexicon))
    try:
        pending = deque(pool.submit(_analyse_chunk, chunk) for chunk in islice(chunks, 2 * cores))
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(_analyse_chunk, chunk) for chunk in islice(chunks, 1))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _picklable(vocabulary: Vocabulary) -> Vocabulary:
    """The concepts and terms a matcher reads, as plain dicts (read-only mapping proxies cannot be pickled)."""
    concepts = {key: Concept(c.id, c.kind, dict(c.labels)) for key, c in vocabulary.concepts.items()}
    return Vocabulary(concepts=concepts, terms=dict(vocabulary.terms))


def _start_worker(vocabulary: Vocabulary, lexicon: bool) -> None:
    global _worker
    analyzer = Analyzer()
    _worker = (analyzer, ConceptMatcher(vocabulary, analyzer), packaged_lexicon() if lexicon else None)


def _analyse_chunk(readings: Sequence[tuple[Document, bool]]) -> list[Bags]:
    assert _worker is not None, "_start_worker runs first in every worker"
    analyzer, matcher, lexicon = _worker
    return [document_bags(document, analyzer, matcher, read_limits=read_limits, lexicon=lexicon)
            for document, read_limits in readings]
