"""Going further (notebook 08): what the official tutorial leaves out.

:mod:`.lbfgs` (the paper's optimizer), :mod:`.pyramid` (coarse-to-fine),
:mod:`.color` (keeping the photo's colours), :mod:`.recipe`, which builds
one run from plain options for the command line and the playground, and
:mod:`.fast`, feed-forward stylisation in one pass of a trained network.
"""
