"""pytest defaults for the whole repository: quick, offline, random weights.

A plain ``pytest`` (unit tests and, with ``--nbval-lax``, the notebooks) then
runs in minutes on a laptop without a network. These are defaults only: a
variable you set yourself wins, for example ``NST_WEIGHTS=imagenet pytest``
to run the notebooks with the real ImageNet weights. Notebook kernels started
by nbval inherit them. The values must be in place before ``nst_tutorial`` is
imported, which is why they live here and not in a fixture.
"""

import os

for _name, _value in {"NST_QUICK": "1", "NST_WEIGHTS": "random", "NST_OFFLINE": "1"}.items():
    os.environ.setdefault(_name, _value)
