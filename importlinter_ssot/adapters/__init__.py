"""Implementations of the application's ports for the real world."""
