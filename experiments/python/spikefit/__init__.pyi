# Type stubs of the spikefit package (see spikefit/__init__.py for the documentation).
import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence, Union

import numpy as np

__version__: str
PathLike = Union[str, os.PathLike]

class ConfigError(ValueError): ...
class UsageError(ValueError): ...

class Statistics:
    feasible: bool
    reason: str
    def __init__(self, values: Mapping[str, Union[float, Sequence[float]]],
                 feasible: bool = ..., reason: str = ...) -> None: ...
    def __getitem__(self, name: str) -> Union[float, list[float]]: ...
    def __contains__(self, name: str) -> bool: ...
    def __len__(self) -> int: ...
    def keys(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Union[float, list[float]]]: ...

class Target:
    name: str
    n_neuron: int
    statistics: list[str]
    @staticmethod
    def load(file: PathLike, name: str) -> Target: ...
    def cost(self, statistics: Statistics, metric: str = ...) -> dict: ...
    def to_dict(self) -> dict: ...

@dataclass
class SimulationResult:
    counts: np.ndarray  # uint16 [trials, neurons, bins]
    rates_hz: np.ndarray  # float64 [trials, populations]
    seeds: np.ndarray  # uint64 [trials]
    status: list[str]
    reasons: list[str]
    summaries: list[dict]
    statistics: Optional[list[Statistics]]
    populations: list[str]
    bin_ms: float
    duration_ms: float
    backend: str
    device: str
    wall_s: float

def simulate(config: PathLike, params: Optional[Mapping[str, float]] = ..., *, trials: int = ...,
             seed: int = ..., first_trial: int = ..., duration_ms: Optional[float] = ...,
             backend: str = ..., threads: int = ..., statistics: bool = ...,
             sets: Sequence[str] = ..., dimension: str = ..., neurons: int = ...,
             draws: int = ...) -> SimulationResult: ...
def statistics(counts: np.ndarray, *, bin_ms: float = ..., seed: int = ..., dimension: str = ...,
               neurons: int = ..., draws: int = ...) -> Union[Statistics, list[Statistics]]: ...

def read_nwb(path: PathLike, units: Sequence[int] = ..., groups: Sequence[str] = ...,
             interval_s: Optional[tuple[float, float]] = ..., bin_ms: float = ...) -> np.ndarray: ...
def read_mat(path: PathLike, variable: str, bin_ms: float = ...,
             window_ms: Optional[tuple[float, float]] = ...) -> np.ndarray: ...

@dataclass
class FitResult:
    rounds: int
    evaluations: int
    stop_reason: str
    incumbent: Optional[dict]
    parameters: list[str]
    study: str
    objectives: list[str]
    front_size: int
    hypervolume: float

def fit(config: PathLike, target: PathLike, target_name: str, *, study: PathLike,
        progress: Optional[Callable[[dict], None]] = ..., params: Optional[Mapping[str, float]] = ...,
        sets: Sequence[str] = ..., **options: object) -> FitResult: ...

class Study:
    path: str
    document: dict
    evaluations: dict[str, Union[np.ndarray, list]]
    statistics: list[dict]
    incumbent: Optional[dict]
    rounds: int
    def __init__(self, path: PathLike) -> None: ...
    def front(self) -> list[dict]: ...
    def model_incumbent(self) -> Optional[dict]: ...
    @property
    def parameters(self) -> list[str]: ...
    @property
    def error_names(self) -> list[str]: ...
