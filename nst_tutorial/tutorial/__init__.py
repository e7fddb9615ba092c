"""The tutorial's computation, notebooks 01 to 07, in the order the course reads them.

:mod:`.images` (01), :mod:`.features` (02, 03, 05), :mod:`.losses` (04, 06,
07) and :mod:`.training` (06). Each function takes what it needs as
arguments; settings, downloads, guards and the bookkeeping of runs are in the
layers above.
"""
