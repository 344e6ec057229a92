"""rnn_guide exports its public names, sorted, each from a small private module."""

import importlib
import inspect
import pkgutil

from torch import nn

import rnn_guide


def test_all_is_sorted_and_lists_every_public_name():
    # Submodules become attributes once imported anywhere; they are not exports.
    public = [
        name
        for name, value in vars(rnn_guide).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    ]
    assert rnn_guide.__all__ == sorted(public)


def test_every_public_name_defined_in_a_private_module_is_exported():
    defined = set()
    for module_info in pkgutil.iter_modules(rnn_guide.__path__):
        if not module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"rnn_guide.{module_info.name}")
        for name, value in vars(module).items():
            is_own = getattr(value, "__module__", None) == module.__name__
            if is_own and not name.startswith("_"):
                defined.add(name)
    assert defined == set(rnn_guide.__all__)


def test_every_export_is_a_documented_function_or_class():
    for name in rnn_guide.__all__:
        value = getattr(rnn_guide, name)
        assert inspect.isfunction(value) or inspect.isclass(value), name
        assert value.__module__.startswith("rnn_guide._"), name
        assert inspect.getdoc(value), name


def test_the_three_cells_share_one_naming_scheme():
    # One cell per layer, each `<Kind>Cell` with `ih`, `hh` and `from_<module>`.
    cells = {
        "ElmanCell": ("from_rnn", nn.RNN),
        "LSTMCell": ("from_lstm", nn.LSTM),
        "GRUCell": ("from_gru", nn.GRU),
    }
    for name, (constructor, module) in cells.items():
        cell = getattr(rnn_guide, name)
        assert name in rnn_guide.__all__
        parameters = list(inspect.signature(cell).parameters)
        assert parameters[:3] == ["input_size", "hidden_size", "bias"], name
        signature = inspect.signature(getattr(cell, constructor))
        assert list(signature.parameters) == [module.__name__.lower(), "layer", "direction"]
        instance = cell(2, 3)
        assert isinstance(instance.ih, nn.Linear) and isinstance(instance.hh, nn.Linear)
