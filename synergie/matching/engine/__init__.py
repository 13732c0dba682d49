"""Pure matching computation: text in, vectors and scores out. No Django, no ORM here; the
`synergie.matching` app feeds it from the database (see synergie/matching/adapters.py)."""


def limit_blas_threads() -> None:
    """Run numpy's BLAS on one thread in this process.

    The embedding engine (OpenMP) and a multi-threaded BLAS that keeps its threads spinning
    after a matrix product slow each other down on a small machine (one query's embedding went
    from 20 ms to 120 ms at p95). A web or worker process gets its parallelism from requests.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
