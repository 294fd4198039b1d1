"""Plugins are loaded by name, so no import statement shows what they use."""
import importlib


def load_pattern_helpers():
    return importlib.import_module("chat.websocket_core.canonical_import_patterns")
