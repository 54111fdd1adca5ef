"""How Matchmaker is served: `gunicorn "matchmaker:create_app()"`, started in this folder, reads this file.

Sync workers, two per core, behind a reverse proxy that buffers slow clients and keeps connections alive
(nginx, Caddy): each worker handles one request at a time, and the database round trips of one worker
overlap with the Python work of another. On the 2-core development machine, 4 sync workers wrote about 40 %
more per second than 2 gthread workers of 4 threads (benchmarks/load_write.py, same run conditions): threads
of one process share one interpreter lock and pay for a thread pool and keep-alive bookkeeping on every request.

The app is imported once in the master (`preload_app`) and its long-lived objects (modules, mappers, forms,
catalogues) are frozen out of the garbage collector before forking, so workers start in milliseconds when
one is replaced and never walk those objects. `create_app` opens no database connection, so the workers
share none. Every setting can be overridden on the command line (`gunicorn --workers 8 ...`).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("MATCHMAKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MATCHMAKER_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
preload_app = True
graceful_timeout = 10
# Long work (scheduling, refitting a large index) runs as a background job, never inside a request.
timeout = 30


def pre_fork(server, worker):
    gc.freeze()
