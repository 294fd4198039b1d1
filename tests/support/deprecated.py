"""Module text for the deprecated modules of test trees: a deprecated module warns when it is used (SOT040).

Trees that test other rules give their deprecated modules this line, as a maintained
project would, so that SOT040 has nothing to say about them.
"""

WARNS = 'import warnings\n\nwarnings.warn("deprecated", DeprecationWarning, stacklevel=2)\n'
