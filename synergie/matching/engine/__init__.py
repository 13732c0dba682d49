"""Pure matching computation: text in, vectors and scores out. No Django, no ORM here; the
`synergie.matching` app feeds it from the database (see synergie/matching/adapters.py)."""


def limit_blas_threads() -> None:
    """Run numpy's BLAS and the embedding engine's OpenMP on one thread in this process.

    The embedding engine (OpenMP) and a multi-threaded BLAS that keeps its threads spinning
    after a matrix product slow each other down on a small machine (one query's embedding went
    from 20 ms to 120 ms at p95). A web or worker process gets its parallelism from requests.
    OpenMP's own threads spin too: with the web processes' threads busy on every core, one
    search word took 3.6 s to embed instead of 50 ms (benchmarks/load.py, 2 cores). The engine
    loads OpenMP when it first embeds, so the variable it reads then is set here, before."""
    import os

    from threadpoolctl import threadpool_limits

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threadpool_limits(limits=1, user_api="blas")
    threadpool_limits(limits=1, user_api="openmp")  # if it is already loaded
