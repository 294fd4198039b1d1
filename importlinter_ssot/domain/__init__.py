"""The pure core: value objects and rule evaluation. No I/O, no host frameworks."""
