"""Share 2 of the chapters, read in JupyterLab as a reader does (see ``lab_fixtures``)."""

from lab_fixtures import chapter_test

test_notebook_reads_cleanly = chapter_test(2)
