"""The tutorial's building blocks, notebooks 01 to 07, in the order the course reads them.

:mod:`.images` (01), :mod:`.classify` (02), :mod:`.features` (02, 03, 05),
:mod:`.losses` (04, 06, 07), :mod:`.optimizer` and :mod:`.training` (06),
with :mod:`.guards` (the checks a run makes of its weights and losses).
"""
