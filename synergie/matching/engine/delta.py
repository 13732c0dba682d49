"""The growable arrays the live index's delta is kept in (engine/live.py): appending one
document costs a copy only when the capacity doubles."""

import numpy as np


class Grow:
    """A numpy array appended to with amortised doubling."""

    def __init__(self, dtype, width: int | None = None):
        self._shape = () if width is None else (width,)
        self._array = np.zeros((16, *self._shape), dtype=dtype)
        self.size = 0

    def append(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=self._array.dtype)
        values = values.reshape(len(values), *self._shape) if self._shape else values.ravel()
        needed = self.size + len(values)
        if needed > len(self._array):
            grown = np.zeros((max(needed, 2 * len(self._array)), *self._shape),
                             dtype=self._array.dtype)
            grown[:self.size] = self._array[:self.size]
            self._array = grown
        self._array[self.size:needed] = values
        self.size = needed

    @property
    def view(self) -> np.ndarray:
        return self._array[:self.size]

    @property
    def nbytes(self) -> int:
        return self._array.nbytes


class Rows:
    """Variable-length rows of packed uint32 values, appended one at a time."""

    def __init__(self):
        self.indptr = Grow(np.int64)
        self.indptr.append([0])
        self.values = Grow(np.uint32)

    def append(self, values: np.ndarray) -> None:
        self.values.append(values)
        self.indptr.append([self.values.size])

    def row(self, index: int) -> np.ndarray:
        indptr = self.indptr.view
        return self.values.view[indptr[index]:indptr[index + 1]]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        owner, at = gather(self.indptr.view, rows)
        return owner, self.values.view[at]

    @property
    def nbytes(self) -> int:
        return self.indptr.nbytes + self.values.nbytes


def gather(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index into `rows`, index into the values) of every value of the CSR rows `rows`."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.asarray(indptr[rows], dtype=np.int64)
    lengths = np.asarray(indptr[rows + 1], dtype=np.int64) - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(starts, lengths) + offsets
