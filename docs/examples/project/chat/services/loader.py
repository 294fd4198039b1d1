import importlib


def legacy_sessions():
    return importlib.import_module("chat.legacy.sessions")
