"""What analysts do with a dataset folder: read it back (``reader``), export it, report on it."""
