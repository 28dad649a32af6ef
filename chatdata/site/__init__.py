"""Publishing: execute the notebooks and export an offline static site."""
