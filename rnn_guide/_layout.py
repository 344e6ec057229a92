"""Move a sequence between the caller's layout and the time-major one the loops use.

The loops read a sequence as `(L, N, *)`, step `t` at `sequence[t]`, and a
state as `(D * num_layers, N, *)`. The caller may put the batch first
(`batch_first=True`, which moves the sequences but never the states), or pass
one unbatched sequence `(L, *)` with states `(D * num_layers, *)`, which is a
batch of one.
"""

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class _Layout:
    """Where the caller keeps time and batch; each method passes None through."""

    batch_first: bool
    unbatched: bool

    @classmethod
    def of(cls, rnn: nn.RNN, input: torch.Tensor) -> "_Layout":
        # batch_first does not apply to an unbatched sequence.
        return cls(batch_first=rnn.batch_first, unbatched=input.dim() == 2)

    def to_time_major(self, sequence: torch.Tensor | None) -> torch.Tensor | None:
        if sequence is None:
            return None
        if self.unbatched:
            return sequence.unsqueeze(1)  # (L, 1, *)
        if self.batch_first:
            return sequence.transpose(0, 1)  # (L, N, *)
        return sequence

    def from_time_major(self, sequence: torch.Tensor) -> torch.Tensor:
        if self.unbatched:
            return sequence.squeeze(1)  # (L, *)
        if self.batch_first:
            return sequence.transpose(0, 1)  # (N, L, *)
        return sequence

    def to_batched(self, state: torch.Tensor | None) -> torch.Tensor | None:
        if state is None or not self.unbatched:
            return state
        return state.unsqueeze(1)  # (D * num_layers, 1, *)

    def from_batched(self, state: torch.Tensor) -> torch.Tensor:
        return state.squeeze(1) if self.unbatched else state  # (D * num_layers, *)
