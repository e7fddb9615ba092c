"""File, network and signal plumbing, out of the learner's way.

:mod:`.files` writes files atomically and computes checksums, :mod:`.download`
fetches URLs into the cache, :mod:`.decode` turns the bytes of an image file
into pixels (and explains the files it cannot read), :mod:`.interrupt` holds
Ctrl-C over until the step in progress ends. The tutorial's modules
use these; none of it is part of the course itself.
"""
