"""Background services that push events to connected users."""
