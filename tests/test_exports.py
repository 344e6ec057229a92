"""rnn_guide exports its public names, sorted, each from a small private module."""

import importlib
import inspect
import pkgutil

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
